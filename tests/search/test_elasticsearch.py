"""Elasticsearch: the fallback to the database backend, and live tests when a cluster is set."""

import logging
import os
import socket

import pytest
from django.conf import settings as django_settings

from search import service


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_elasticsearch(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "INDEX_PREFIX": "alor_test_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "INDEX_SETTINGS": django_settings.ELASTICSEARCH_INDEX_SETTINGS,
        },
        "database": {"BACKEND": "search.backends.database"},
    }


def test_falls_back_to_database_when_cluster_is_down(
    unreachable_elasticsearch, corpus, client, caplog
):
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        response = client.get("/api/search/", {"q": "sykefravar"})
    assert response.status_code == 200
    titles = [r["title"] for r in response.json()["results"]]
    assert titles[0] == "Sykefravær og alkohol i arbeidslivet"
    assert any("unreachable" in r.message and "database" in r.message for r in caplog.records)
    suggestions = client.get("/api/search/autocomplete/", {"q": "pårør"}).json()["results"]
    assert [s["title"] for s in suggestions] == ["Pårørende på jobben"]
    assert client.get("/search/", {"q": "parorende"}).status_code == 200


def test_saving_content_while_cluster_is_down_still_indexes_the_database(
    unreachable_elasticsearch, tree
):
    from tests.search.conftest import make_document

    make_document("Nytt notat", "Notatet om vernetiltak.")
    result = service.search(service.SearchParams(q="vernetiltak"))
    assert result.backend == "database"
    assert [hit.title for hit in result.results] == ["Nytt notat"]


def test_index_settings_analyse_norwegian():
    analysis = django_settings.ELASTICSEARCH_INDEX_SETTINGS["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert "asciifolding" in default["filter"]
    assert analysis["filter"]["alor_stem"]["language"] == "norwegian"


live = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="set ELASTICSEARCH_URL to run the tests against a live Elasticsearch cluster",
)


@pytest.fixture
def live_elasticsearch(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [os.environ.get("ELASTICSEARCH_URL", "")],
            "INDEX_PREFIX": "alor_test_",
            "TIMEOUT": 10,
            "INDEX_SETTINGS": django_settings.ELASTICSEARCH_INDEX_SETTINGS,
        },
        "database": {"BACKEND": "search.backends.database"},
    }
    from django.core.management import call_command

    call_command("update_index", backend_name="default", verbosity=0)


@live
@pytest.mark.elasticsearch
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("sykefravar", "Sykefravær og alkohol i arbeidslivet"),
        ("parorende", "Pårørende på jobben"),
        ("alesund", "Nettverkssamling våren 2025"),
        ("lysark", "Presentasjon: rusmiddelbruk og fravær"),
    ],
)
def test_live_cluster_norwegian_analysis(corpus, live_elasticsearch, query, title):
    from django.core.management import call_command

    call_command("update_index", backend_name="default", verbosity=0)
    result = service.search(service.SearchParams(q=query, page_size=20))
    assert result.backend == "default"
    assert title in [hit.title for hit in result.results]
