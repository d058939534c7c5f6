"""The one-statement database path and the backends' own search agree on every filter.

Elasticsearch (and Wagtail's stock backends) go through the backend's own search with the
same visibility and filter rules; here that path runs on the database backend so the two can
be compared without a cluster.
"""

import pytest

from search import service

pytestmark = pytest.mark.django_db

CASES = [
    {"q": "sykefravar"},
    {"q": "sykefravar", "year": 2025},
    {"q": "sykefravar", "year": 2024},
    {"q": "sykefravar", "network": "more-og-romsdal"},
    {"q": "sykefravar", "topic": "sykefraver"},
    {"q": "sykefravar", "topic": "sykefravaer"},
    {"q": "sykefravar", "type": "document"},
    {"q": "sykefravar", "type": "article"},
    {"q": "parorende"},
    {"q": "parorende", "year": 2026},
    {"q": "samling arbeidsgivere", "network": "more-og-romsdal"},
]


def _titles(params, user):
    result = service.search(service.SearchParams(**params), user)
    return sorted(hit.title for hit in result.results), result.count


@pytest.fixture
def both_paths(monkeypatch):
    """Run a search on the one-statement path, then on the backend's own search."""
    from wagtail.search.backends import get_search_backend

    backend_class = type(get_search_backend("default"))  # the SQLite or the PostgreSQL one
    assert backend_class.supports_match_rows

    def run(params, user=None):
        database = _titles(params, user)
        with monkeypatch.context() as patch:
            patch.setattr(backend_class, "supports_match_rows", False)
            own = _titles(params, user)
        return database, own

    return run


@pytest.mark.parametrize("params", CASES, ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()))
def test_filters_give_the_same_results_on_both_paths(corpus, both_paths, params):
    database, own = both_paths(params)
    assert database == own


@pytest.mark.parametrize("word", ["kvitstein", "utkastordet", "fjellrev", "kornblomst", "hvitveis"])
def test_privacy_is_the_same_on_both_paths(private_items, both_paths, word, member, rag_user):
    for user in (None, member, rag_user):
        database, own = both_paths({"q": word}, user)
        assert database == own, (word, user)
