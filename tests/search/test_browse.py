"""Browsing without a word: the search page and the API list every visible item that passes
the filters, newest first by the item's own date, with facets and counts; documents by kind,
speaker and gathering."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, Locale

from kb import groups
from kb.models import ArticlePage, DocumentKind, GatheringPage, NetworkPage, Person
from search import service
from search.models import SearchQueryLog
from search.params import SearchParams
from tests.search.conftest import make_document


@pytest.fixture
def archive(tree):
    """A network's archive: a gathering with a presentation by a named speaker and its
    programme, an older report, a document of the RAG collection and a draft gathering."""

    class Archive:
        pass

    a = Archive()
    a.bergen = tree.networks.add_child(
        instance=NetworkPage(title="alor Bergen", slug="bergen", city="Bergen", region="vest")
    )
    a.stavanger = tree.networks.add_child(
        instance=NetworkPage(
            title="alor Stavanger", slug="stavanger", city="Stavanger", region="vest"
        )
    )
    a.gathering = a.bergen.add_child(
        instance=GatheringPage(
            title="Nettverkssamling høsten 2025",
            slug="host-2025",
            start_date=datetime.date(2025, 10, 2),
        )
    )
    a.draft_gathering = a.bergen.add_child(
        instance=GatheringPage(
            title="Hemmelig planlagt samling",
            slug="plan-2026",
            start_date=datetime.date(2026, 3, 1),
            live=False,
        )
    )
    a.kari = Person.objects.create(name="Kari Nordmann", locale=Locale.get_default())
    a.ola = Person.objects.create(name="Ola Halvorsen", locale=Locale.get_default())
    a.talk = make_document(
        "Rus og ledelse",
        "Lysark om ledelse.",
        kind=DocumentKind.PRESENTATION,
        network=a.bergen,
        gathering=a.gathering,
    )
    a.talk.speakers.add(a.kari)
    a.programme = make_document(
        "Program for høstsamlingen",
        "Program.",
        kind=DocumentKind.PROGRAMME,
        network=a.bergen,
        gathering=a.gathering,
        year=2025,
    )
    a.report = make_document(
        "Årsrapport 2023", "Rapport.", kind=DocumentKind.REPORT, network=a.bergen, year=2023
    )
    a.elsewhere = make_document(
        "Presentasjon i Stavanger",
        "Lysark.",
        kind=DocumentKind.PRESENTATION,
        network=a.stavanger,
        year=2024,
    )
    a.elsewhere.speakers.add(a.ola)
    a.rag_document = make_document(
        "Signert avtale for Bergen",
        "Avtale.",
        kind=DocumentKind.AGREEMENT,
        network=a.bergen,
        year=2026,
        collection=Collection.objects.get(name=groups.RAG_COLLECTION),
    )
    a.in_draft_gathering = make_document(
        "Utkast til program",
        "Program.",
        kind=DocumentKind.PROGRAMME,
        network=a.bergen,
        gathering=a.draft_gathering,
        year=2026,
    )
    a.article = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Ledere og rus", slug="ledere-og-rus", date=datetime.date(2025, 11, 5)
        )
    )
    a.draft_article = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Kladd", slug="kladd", date=datetime.date(2026, 1, 1), live=False
        )
    )
    return a


def _facet(data, name):
    return {v["value"]: (v["label"], v["count"]) for v in data["facets"][name]}


def test_the_api_lists_a_networks_documents_without_a_word(archive, client):
    """Was 0: `?type=document&network=bergen` without `q`."""
    data = client.get("/api/search/", {"type": "document", "network": "bergen"}).json()
    titles = [hit["title"] for hit in data["results"]]
    # Newest first by each item's own date: its year, then its gathering's day.
    assert titles == [
        "Utkast til program",  # 2026: a public file, though its gathering is a draft
        "Rus og ledelse",  # 2025, the gathering's 2 October
        "Program for høstsamlingen",  # 2025, the same day
        "Årsrapport 2023",
    ] or titles == [
        "Utkast til program",
        "Program for høstsamlingen",
        "Rus og ledelse",
        "Årsrapport 2023",
    ]
    assert data["count"] == 4 and data["count_exact"]
    assert "Signert avtale for Bergen" not in titles
    assert _facet(data, "kind") == {
        "programme": ("Program", 2),
        "presentation": ("Presentasjon", 1),
        "report": ("Rapport", 1),
    }
    assert _facet(data, "speaker") == {str(archive.kari.pk): ("Kari Nordmann", 1)}
    # The draft gathering is not named to those who may not see it.
    assert _facet(data, "gathering") == {
        str(archive.gathering.pk): ("Nettverkssamling høsten 2025", 2)
    }
    assert _facet(data, "year") == {"2026": ("2026", 1), "2025": ("2025", 2), "2023": ("2023", 1)}
    assert _facet(data, "network") == {"bergen": ("alor Bergen", 4)}


def test_browsing_everything_mixes_pages_and_documents_newest_first(archive, client):
    data = client.get("/api/search/", {"page_size": "50"}).json()
    titles = [hit["title"] for hit in data["results"]]
    assert titles.index("Ledere og rus") < titles.index("Nettverkssamling høsten 2025")
    assert titles.index("Nettverkssamling høsten 2025") < titles.index("Årsrapport 2023")
    assert titles.index("Presentasjon i Stavanger") < titles.index("Årsrapport 2023")
    # Pages without a date of their own (the sections, the networks) come last.
    assert set(titles[-4:]) <= {"Kunnskap", "Nettverk", "Alor Norge", "alor Bergen",
                                "alor Stavanger", "alor"}  # fmt: skip
    assert data["count"] == len(titles)
    types = _facet(data, "type")
    assert types["document"] == ("Dokument", 5) and types["article"] == ("Artikkel", 1)


def test_browsing_never_shows_or_counts_what_the_visitor_may_not_see(archive, client, rag_user):
    hidden = {"Kladd", "Hemmelig planlagt samling", "Signert avtale for Bergen", "RAG", "Møter"}
    data = client.get("/api/search/", {"page_size": "50"}).json()
    assert hidden.isdisjoint(hit["title"] for hit in data["results"])
    anonymous = data["count"]
    assert "agreement" not in _facet(data, "kind")
    assert _facet(data, "year").get("2026") == ("2026", 1)  # the public file alone

    client.force_login(rag_user)
    data = client.get("/api/search/", {"page_size": "50"}).json()
    titles = {hit["title"] for hit in data["results"]}
    assert {"Signert avtale for Bergen", "RAG", "Møter"} <= titles
    assert {"Kladd", "Hemmelig planlagt samling"}.isdisjoint(titles)  # drafts: no one
    assert data["count"] == anonymous + 3
    assert _facet(data, "kind")["agreement"] == ("Avtale", 1)


def test_browsing_is_paginated_as_a_search(archive, client):
    first = client.get("/api/search/", {"type": "document", "page_size": "2"}).json()
    second = client.get("/api/search/", {"type": "document", "page_size": "2", "page": "2"})
    second = second.json()
    assert first["count"] == second["count"] == 5 and first["num_pages"] == 3
    seen = [hit["title"] for hit in first["results"] + second["results"]]
    assert len(set(seen)) == 4
    everything = client.get("/api/search/", {"type": "document"}).json()
    assert [hit["title"] for hit in everything["results"]][:4] == seen


def test_kind_speaker_and_gathering_filter_documents(archive, client):
    def titles(**params):
        return [hit["title"] for hit in client.get("/api/search/", params).json()["results"]]

    assert sorted(titles(kind="presentation")) == ["Presentasjon i Stavanger", "Rus og ledelse"]
    assert titles(kind="presentation", network="bergen") == ["Rus og ledelse"]
    assert titles(speaker=str(archive.ola.pk)) == ["Presentasjon i Stavanger"]
    assert sorted(titles(gathering=str(archive.gathering.pk))) == [
        "Program for høstsamlingen",
        "Rus og ledelse",
    ]
    assert titles(kind="presentation", type="article") == []
    assert titles(kind="report", year="2023") == ["Årsrapport 2023"]
    # With a word too.
    assert titles(q="ledelse", kind="presentation") == ["Rus og ledelse"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "slides"}, "Ukjent dokumenttype"),
        ({"speaker": "kari"}, "heltall"),
        ({"gathering": "-3"}, "heltall"),
        ({"speaker": "9" * 18}, "heltall"),
    ],
)
def test_bad_kind_speaker_or_gathering_is_a_400_in_the_api_and_ignored_on_the_page(
    archive, client, params, message
):
    response = client.get("/api/search/", params)
    assert response.status_code == 400 and message in response.json()["detail"]
    assert client.get("/search/", params).status_code == 200


def test_a_speakers_name_finds_their_presentation(archive, client):
    data = client.get("/api/search/", {"q": "Kari Nordmann"}).json()
    assert [hit["title"] for hit in data["results"]] == ["Rus og ledelse"]
    assert _facet(data, "speaker") == {str(archive.kari.pk): ("Kari Nordmann", 1)}


def test_changing_a_documents_speakers_reindexes_it(archive, client):
    """No manual reindex: the m2m change indexes the document again, from either side."""
    archive.programme.speakers.add(archive.ola)
    data = client.get("/api/search/", {"q": "Halvorsen"}).json()
    assert {hit["title"] for hit in data["results"]} == {
        "Presentasjon i Stavanger",
        "Program for høstsamlingen",
    }
    archive.ola.documents.remove(archive.elsewhere)
    data = client.get("/api/search/", {"q": "Halvorsen"}).json()
    assert [hit["title"] for hit in data["results"]] == ["Program for høstsamlingen"]
    archive.programme.speakers.clear()
    assert client.get("/api/search/", {"q": "Halvorsen"}).json()["count"] == 0


def _browse_queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/search/", params).status_code == 200
    return len(ctx)


def test_browsing_runs_as_many_queries_for_50_documents_as_for_5(tree, client):
    network = tree.networks.add_child(
        instance=NetworkPage(title="alor Bergen", slug="bergen", city="Bergen", region="vest")
    )
    people = [
        Person.objects.create(name=f"Innleder {n}", locale=Locale.get_default()) for n in range(3)
    ]

    def add(start, stop):
        for n in range(start, stop):
            doc = make_document(
                f"Presentasjon {n}",
                "Lysark.",
                kind=DocumentKind.PRESENTATION,
                network=network,
                year=2015 + n % 10,
            )
            doc.speakers.add(people[n % 3])

    params = {"type": "document", "network": "bergen", "page_size": "50"}
    add(0, 5)
    _browse_queries(client, params)  # content types and the like, read once per process
    small = _browse_queries(client, params)
    add(5, 50)
    large = _browse_queries(client, params)
    assert large == small
    assert client.get("/api/search/", params).json()["count"] == 50
    page_small = _browse_queries(client, {})
    assert page_small == _browse_queries(client, {})


def test_the_search_page_browses_with_filters_and_names_them_in_words(archive, client):
    response = client.get("/search/", {"type": "document", "kind": "presentation"})
    html = response.content.decode()
    assert "2 elementer, nyeste først" in html
    assert "Rus og ledelse" in html and "Presentasjon i Stavanger" in html
    # The chips say what a user reads, not the codes of the address.
    assert "Fjern filteret «Dokument»" in html and "Fjern filteret «Presentasjon»" in html
    assert "Fjern filteret «document»" not in html and "«presentation»" not in html
    response = client.get("/search/", {"type": "gathering", "network": "bergen"})
    html = response.content.decode()
    assert "Fjern filteret «Samling»" in html and "Fjern filteret «alor Bergen»" in html
    assert "Nettverkssamling høsten 2025" in html
    response = client.get("/search/", {"speaker": str(archive.kari.pk)})
    assert "Fjern filteret «Kari Nordmann»" in response.content.decode()
    # A filter that matches nothing still says its name.
    response = client.get("/search/", {"q": "ingenting", "kind": "minutes"})
    assert "Fjern filteret «Referat»" in response.content.decode()


def test_the_landing_page_offers_the_archive_by_facet(archive, client):
    html = client.get("/search/").content.decode()
    assert "Skriv ett eller flere ord" in html
    assert "Presentasjon" in html and "Kari Nordmann" in html  # facets to click
    assert f"speaker={archive.kari.pk}" in html
    assert "Signert avtale for Bergen" not in html


def test_the_service_browses_for_an_empty_query_without_logging_it(archive):
    before = SearchQueryLog.objects.count()
    result = service.search(SearchParams(type="document"), log_source="page")
    assert result.browsing and result.count == 5
    assert SearchQueryLog.objects.count() == before


def _page_queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/search/", params).status_code == 200
    return len(ctx)


def test_the_browse_page_runs_as_many_queries_for_50_articles_as_for_5(tree, client):
    def add(start, stop):
        for n in range(start, stop):
            tree.knowledge.add_child(
                instance=ArticlePage(
                    title=f"Artikkel {n}",
                    slug=f"artikkel-{n}",
                    date=datetime.date(2020, 1, 1 + n % 28),
                )
            )

    add(0, 5)
    _page_queries(client, {"type": "article"})
    small = _page_queries(client, {"type": "article"})
    add(5, 50)
    assert _page_queries(client, {"type": "article"}) == small
    assert _page_queries(client, {}) == _page_queries(client, {})
