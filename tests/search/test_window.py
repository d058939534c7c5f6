"""Broad searches: the database backends read at most a window of visible matches.

A search with more visible matches than ALOR_SEARCH_WINDOW says «more than N», ranks and
counts the facets within the N most recently added, and costs no more than a search with N
matches. Hidden items never take a place in the window.
"""

import datetime

import pytest
from django.test import override_settings
from wagtail.models import Collection

from kb import groups
from kb.models import ArticlePage, MinutesPage
from search import service
from tests.search.conftest import make_document

WORD = "Blåbærlyng"


def _articles(tree, count, start=0):
    return [
        tree.knowledge.add_child(
            instance=ArticlePage(
                title=f"{WORD} nummer {n}",
                slug=f"blabaerlyng-{n}",
                intro=f"Om {WORD.lower()} i skogen.",
                date=datetime.date(2020 + n % 5, 1, 1),
            )
        )
        for n in range(start, start + count)
    ]


def _search(user=None, **params):
    return service.search(service.SearchParams(q=WORD, **params), user)


def _facet_total(result, name="type"):
    return sum(value.count for value in result.facets[name])


@pytest.mark.django_db
@override_settings(ALOR_SEARCH_WINDOW=3)
def test_a_broad_search_says_more_and_shows_the_newest(tree):
    articles = _articles(tree, 5)

    result = _search()

    assert result.count == 3
    assert result.count_exact is False
    assert {hit.title for hit in result.results} == {a.title for a in articles[-3:]}
    # The facet counts are those of the window: lower bounds, never more than it read.
    assert 3 <= _facet_total(result) <= 4
    assert result.num_pages == 1


@pytest.mark.django_db
@override_settings(ALOR_SEARCH_WINDOW=3)
def test_the_page_and_the_api_say_the_count_is_a_lower_bound(tree, client):
    _articles(tree, 5)

    page = client.get("/search/", {"q": WORD}).content.decode()
    api = client.get("/api/search/", {"q": WORD}).json()

    assert f"Mer enn 3 treff på «{WORD}»" in page
    assert "Søket ga mange treff" in page
    assert '<span class="facet__count">(' in page and "+)</span>" in page
    assert api["count"] == 3 and api["count_exact"] is False


@pytest.mark.django_db
@override_settings(ALOR_SEARCH_WINDOW=3)
def test_a_search_within_the_window_is_exact(tree, client):
    _articles(tree, 3)

    result = _search()
    page = client.get("/search/", {"q": WORD}).content.decode()

    assert result.count == 3 and result.count_exact is True
    assert _facet_total(result) == 3
    assert f"3 treff på «{WORD}»" in page and "Mer enn" not in page
    assert "+)</span>" not in page


@pytest.mark.django_db
@override_settings(ALOR_SEARCH_WINDOW=3)
def test_hidden_matches_never_take_a_place_in_the_window(tree, rag_user):
    """Two public articles, then five hidden items added after them (newest in the index):
    an anonymous search still counts exactly the two, and the RAG sees its own as well."""
    public = _articles(tree, 2)
    tree.knowledge.add_child(
        instance=ArticlePage(title=f"{WORD} kladd", slug="kladd", intro=WORD, live=False)
    )
    for n in range(2):
        tree.meetings.add_child(
            instance=MinutesPage(
                title=f"{WORD} referat {n}",
                slug=f"referat-{n}",
                meeting_date=datetime.date(2026, 1, 1 + n),
            )
        )
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    for n in range(2):
        make_document(f"{WORD} avtale {n}", f"{WORD} i avtalen.", collection=rag)

    anonymous = _search()
    assert anonymous.count == 2 and anonymous.count_exact is True
    assert {hit.title for hit in anonymous.results} == {p.title for p in public}
    assert _facet_total(anonymous) == 2

    member_of_rag = _search(rag_user)
    assert member_of_rag.count == 3 and member_of_rag.count_exact is False
    assert "kladd" not in " ".join(hit.title for hit in member_of_rag.results)


@pytest.mark.django_db
@override_settings(ALOR_SEARCH_WINDOW=3)
def test_a_filter_narrows_the_search_before_the_window(tree):
    """Five articles and two documents: filtered by type, the two documents are all there is,
    though the window without the filter held only articles."""
    _articles(tree, 5)
    documents = [make_document(f"{WORD} notat {n}", f"{WORD} i notatet.") for n in range(2)]
    _articles(tree, 3, start=5)  # newer than the documents

    broad = _search()
    assert broad.count_exact is False
    assert {hit.type for hit in broad.results} == {"article"}

    narrowed = _search(type="document")
    assert narrowed.count == 2 and narrowed.count_exact is True
    assert {hit.title for hit in narrowed.results} == {d.title for d in documents}

    by_year = _search(year=2020)  # articles 0 and 5
    assert by_year.count == 2 and by_year.count_exact is True


@pytest.mark.django_db
@override_settings(ALOR_SEARCH_WINDOW=0)
def test_window_zero_reads_every_match(tree):
    _articles(tree, 5)

    result = _search()

    assert result.count == 5 and result.count_exact is True
    assert _facet_total(result) == 5


@pytest.mark.django_db
def test_type_and_year_filters_narrow_the_full_text_match_itself(corpus):
    """The filter keys are in the index, so the match (not a later row-by-row check) holds
    only the filtered items — what lets a filter narrow a broad search before the window."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from kb.models import AlorDocument
    from search.facets import filter_tokens

    backend = get_search_backend()
    compiler = backend.search("fravær", Page, operator="and").query_compiler

    def matches(required):
        sql, params = compiler.match_rows_sql(backend, scored=False, required=required)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {(ct, oid) for ct, oid, *_rest in cursor.fetchall()}

    document = ContentType.objects.get_for_model(AlorDocument).pk
    article = ContentType.objects.get_for_model(ArticlePage).pk
    unfiltered = {(ct, oid) for ct, oid in matches(()) if ct in (article, document)}
    assert unfiltered == {(article, corpus.alcohol.pk), (document, corpus.slides.pk)}
    assert matches(filter_tokens("document", 2025)) == {(document, corpus.slides.pk)}
    assert matches(filter_tokens("article", None)) == {(article, corpus.alcohol.pk)}
    assert matches(filter_tokens(None, 2024)) == set()

    corpus.alcohol.date = datetime.date(2024, 2, 1)  # the keys follow the page when published
    corpus.alcohol.save_revision().publish()
    assert matches(filter_tokens(None, 2024)) == {(article, corpus.alcohol.pk)}
