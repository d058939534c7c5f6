"""The search page: results, facets, promotions, language fallback and a bounded query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from kb.models import ArticlePage
from search import service
from tests.search.conftest import make_document


def test_page_shows_results_with_highlights_and_noindex(corpus, client):
    response = client.get("/search/", {"q": "parorende"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pårørende på jobben" in html
    assert "<mark>pårørende</mark>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "js/autocomplete.js" in html


def test_page_without_query_asks_for_one(tree, client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Skriv ett eller flere ord" in response.content.decode()


def test_page_ignores_bad_filters(corpus, client):
    response = client.get("/search/", {"q": "fravær", "type": "bogus", "page": "x", "year": "y"})
    assert response.status_code == 200
    assert "Sykefravær og alkohol i arbeidslivet" in response.content.decode()


def test_facet_links_filter(corpus, client):
    html = client.get("/search/", {"q": "fravær"}).content.decode()
    assert "?q=frav%C3%A6r&amp;type=document" in html
    html = client.get("/search/", {"q": "fravær", "type": "document"}).content.decode()
    assert "Presentasjon: rusmiddelbruk og fravær" in html
    assert "Sykefravær og alkohol i arbeidslivet</a>" not in html


def test_promoted_result_comes_first(corpus, client):
    query = Query.get("fravær")
    SearchPromotion.objects.create(query=query, page=corpus.relatives, sort_order=0)
    data = client.get("/api/search/", {"q": "fravær"}).json()
    assert data["results"][0]["title"] == "Pårørende på jobben"
    assert data["results"][0]["promoted"] is True
    titles = [r["title"] for r in data["results"]]
    assert titles.count("Pårørende på jobben") == 1
    assert data["count"] == len(titles)
    # on the second page the promoted page is not repeated
    page2 = client.get("/api/search/", {"q": "fravær", "page_size": "2", "page": "2"}).json()
    assert "Pårørende på jobben" not in [r["title"] for r in page2["results"]]


def test_promoted_private_page_stays_hidden(private_items, client):
    SearchPromotion.objects.create(
        query=Query.get("kvitstein"), page=private_items.rag_page, sort_order=0
    )
    titles = [r["title"] for r in client.get("/api/search/", {"q": "kvitstein"}).json()["results"]]
    assert titles == ["Kvitsteinrapporten"]


def test_other_language_when_active_one_has_none(tree, client):
    english = Locale.objects.get_or_create(language_code="en")[0]
    english_home = tree.home.copy_for_translation(english)
    english_home.save_revision().publish()
    english_knowledge = tree.knowledge.copy_for_translation(english)
    english_knowledge.save_revision().publish()
    english_knowledge.add_child(
        instance=ArticlePage(title="Absence at work", slug="absence", intro="Sickness absence.")
    )
    data = client.get("/api/search/", {"q": "absence"}).json()
    assert data["language"] == "en"
    assert data["language_fallback"] is True
    assert [r["title"] for r in data["results"]] == ["Absence at work"]
    assert client.get("/api/search/", {"q": "absence", "lang": "nb"}).json()["count"] == 0


def _queries(client, q):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/search/", {"q": q}).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("extra", [2, 12])
def test_search_page_query_count_is_bounded(tree, client, django_assert_max_num_queries, extra):
    for n in range(extra):
        tree.knowledge.add_child(
            instance=ArticlePage(title=f"Fellesord artikkel {n}", slug=f"a{n}", intro="Fellesord.")
        )
        make_document(f"Fellesord dokument {n}", "Fellesord i teksten.", year=2020 + n % 3)
    client.get("/search/", {"q": "oppvarming"})  # warm site root paths and content types
    with django_assert_max_num_queries(40):
        response = client.get("/search/", {"q": "fellesord"})
    assert response.status_code == 200
    assert response.content.decode().count('class="search-result ') == min(10, 2 * extra)


def test_query_count_does_not_grow_with_results(tree, client):
    def add(n0, n1):
        for n in range(n0, n1):
            tree.knowledge.add_child(
                instance=ArticlePage(title=f"Fellesord {n}", slug=f"a{n}", intro="Fellesord.")
            )
            make_document(f"Fellesord dok {n}", "Fellesord.", year=2020 + n % 4)

    add(0, 3)
    _queries(client, "fellesord")
    small = _queries(client, "fellesord")
    add(3, 15)
    large = _queries(client, "fellesord")
    assert large <= small


def test_an_empty_query_browses_instead_of_searching(tree):
    """No word: the visible pages, newest first (tests/search/test_browse.py says more)."""
    result = service.search(service.SearchParams(q=""))
    assert result.browsing and result.count == len(result.results) > 0


def test_the_privacy_rules_are_read_once_per_request(tree, client, rag_user):
    """The search service and the page around it (the menu) share one read of the rules."""
    tree.knowledge.add_child(instance=ArticlePage(title="Fellesord", slug="f", intro="Fellesord."))
    make_document("Fellesord dokument", "Fellesord i teksten.")
    for user in (None, rag_user):
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/search/", {"q": "fellesord"}).status_code == 200
        reads = [q["sql"] for q in ctx if 'FROM "wagtailcore_pageviewrestriction"' in q["sql"]]
        assert len(reads) == 1
