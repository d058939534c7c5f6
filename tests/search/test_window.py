"""Broad searches on the database backends: every visible match is ranked, whenever it was
indexed, and counts are exact up to COUNT_LIMIT visible matches.

The corpus: one strong match for a word, indexed first, then 1,200 weaker matches indexed after
it — more than anyone can page through (MAX_RESULT_DEPTH), as the common words of a real
archive are. A ranking of only the newest-indexed matches would never see the strong one.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection
from wagtail.search.backends import get_search_backends

from kb import groups
from kb.models import AlorDocument, ArticlePage, NetworkPage
from search import service
from search.engines import database
from search.params import MAX_RESULT_DEPTH
from tests.search.conftest import make_document

WORD = "Blåbærlyng"
WEAK = 1200


def _weak_documents(count=WEAK, year=2020):
    """`count` documents that each mention the word once among other words, indexed in bulk
    after whatever the test made before."""
    root = Collection.get_first_root_node()
    docs = AlorDocument.objects.bulk_create(
        AlorDocument(
            title=f"Notat {n}",
            file=f"documents/notat-{n}.txt",
            collection=root,
            year=year - n % 5,
            extracted_text=f"{WORD.lower()} " + " ".join(["skogen stien"] * (1 + n % 40)),
        )
        for n in range(count)
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(AlorDocument, docs)
    return docs


def _strong(title=f"{WORD} i skogen", **extra):
    return make_document(title, " ".join([WORD] * 6), **extra)


def _search(user=None, **params):
    return service.search(service.SearchParams(q=WORD, **params), user)


def _facet_total(result, name="type"):
    return sum(value.count for value in result.facets[name])


def _exhaustive_scores(visible):
    """The scores of every visible match, best first, ranked by the backend's own search over
    the visible documents (its own statement, not the engine's)."""
    backend = next(iter(get_search_backends()))
    ranked = backend.search(WORD, visible, operator="and").annotate_score("_score")
    return sorted((obj._score for obj in ranked), reverse=True)


@pytest.mark.django_db
def test_the_best_match_is_first_though_indexed_before_many_weaker(tree):
    strong = _strong()
    _weak_documents()

    result = _search()

    assert result.results[0].title == strong.title
    assert result.count == WEAK + 1 and result.count_exact is True
    assert _facet_total(result) == WEAK + 1
    assert sum(v.count for v in result.facets["year"]) == WEAK  # the strong one has no year


@pytest.mark.django_db
def test_every_reachable_page_follows_the_exhaustive_ranking(tree):
    _strong()
    _weak_documents()

    scores, titles = [], []
    for page in range(1, MAX_RESULT_DEPTH // 50 + 1):
        hits = _search(page=page, page_size=50).results
        scores += [hit.score for hit in hits]
        titles += [hit.title for hit in hits]

    expected = _exhaustive_scores(AlorDocument.objects.all())[:MAX_RESULT_DEPTH]
    assert len(titles) == len(set(titles)) == MAX_RESULT_DEPTH
    assert scores == pytest.approx(expected)


@pytest.mark.django_db
def test_a_hidden_best_match_never_shows_and_is_not_counted(tree, rag_user):
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    hidden = _strong(f"{WORD} i avtalen", collection=rag)
    visible = _strong()  # weaker by nothing but being visible
    _weak_documents()

    anonymous = _search()
    assert hidden.title not in {hit.title for hit in anonymous.results}
    assert anonymous.results[0].title == visible.title
    assert anonymous.count == WEAK + 1 and _facet_total(anonymous) == WEAK + 1

    member_of_rag = _search(rag_user)
    assert {hit.title for hit in member_of_rag.results[:2]} == {hidden.title, visible.title}
    assert member_of_rag.count == WEAK + 2


@pytest.mark.django_db
def test_too_few_visible_among_the_best_ranks_every_match(tree, monkeypatch):
    """When the best candidates are all hidden, the engine ranks every match: the best visible
    one is still first. (More matches than the counted part holds, so the page is not ranked
    from it.)"""
    monkeypatch.setattr(database, "CANDIDATE_MINIMUM", 1)
    monkeypatch.setattr(database, "CANDIDATE_FACTOR", 1)
    monkeypatch.setattr(database, "COUNT_LIMIT", 10)
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    for n in range(3):
        _strong(f"{WORD} i avtale {n}", collection=rag)
    visible = make_document(f"{WORD} synlig", " ".join([WORD] * 3))
    _weak_documents(50)

    result = _search(page_size=1)

    assert [hit.title for hit in result.results] == [visible.title]
    assert (result.count, result.count_exact) == (10, False)


@pytest.mark.django_db
def test_matches_indexed_after_they_were_counted_are_ranked_all_the_same(tree, monkeypatch):
    """On SQLite a count of the matching rows decides that the counted part will hold them
    all; when more were indexed in between, the page is ranked over every match instead."""
    monkeypatch.setattr(database, "COUNT_LIMIT", 5)
    monkeypatch.setattr(database._Search, "at_most", lambda self, n: True)
    _weak_documents(20)
    strong = _strong()

    result = _search(page_size=3)

    assert result.results[0].title == strong.title
    expected = _exhaustive_scores(AlorDocument.objects.all())[:3]
    assert [hit.score for hit in result.results] == pytest.approx(expected)


@pytest.mark.django_db
def test_sort_by_date_orders_every_match(tree):
    newest = make_document(f"{WORD} i år", f"Om {WORD.lower()}.", year=2026)
    _weak_documents()

    result = _search(sort="date")

    assert result.results[0].title == newest.title
    assert [hit.year for hit in result.results[1:]] == [2020] * 9


@pytest.mark.django_db
def test_above_the_count_limit_the_page_and_the_api_say_more(tree, client, monkeypatch):
    monkeypatch.setattr(database, "COUNT_LIMIT", 5)
    strong = _strong()
    _weak_documents(7)

    result = _search()
    page = client.get("/search/", {"q": WORD}).content.decode()
    api = client.get("/api/search/", {"q": WORD}).json()

    assert result.count == 5 and result.count_exact is False
    assert result.results[0].title == strong.title  # ranked over all 8 all the same
    assert 5 <= _facet_total(result) < 8  # lower bounds: counted over some of the 8
    assert f"Mer enn 5 treff på «{WORD}»" in page
    assert "+)</span>" in page
    assert api["count"] == 5 and api["count_exact"] is False


@pytest.mark.django_db
def test_up_to_the_count_limit_everything_is_exact(tree, client, monkeypatch):
    monkeypatch.setattr(database, "COUNT_LIMIT", 8)
    _strong()
    _weak_documents(7)

    result = _search()
    page = client.get("/search/", {"q": WORD}).content.decode()

    assert result.count == 8 and result.count_exact is True
    assert _facet_total(result) == 8
    assert f"8 treff på «{WORD}»" in page and "Mer enn" not in page
    assert "+)</span>" not in page


@pytest.mark.django_db
def test_a_filter_narrows_the_search(tree):
    """Articles and documents: filtered by type or year, the count is the filtered one."""
    for n in range(5):
        tree.knowledge.add_child(
            instance=ArticlePage(
                title=f"{WORD} nummer {n}",
                slug=f"blabaerlyng-{n}",
                intro=f"Om {WORD.lower()} i skogen.",
                date=datetime.date(2020 + n % 5, 1, 1),
            )
        )
    documents = [make_document(f"{WORD} notat {n}", f"{WORD} i notatet.") for n in range(2)]

    assert _search().count == 7
    narrowed = _search(type="document")
    assert narrowed.count == 2 and narrowed.count_exact is True
    assert {hit.title for hit in narrowed.results} == {d.title for d in documents}
    assert _search(year=2020).count == 1


@pytest.mark.django_db
def test_type_and_year_filters_narrow_the_full_text_match_itself(corpus):
    """The filter keys are in the index, so the match (not a later row-by-row check) holds
    only the filtered items."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

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


@pytest.mark.django_db
def test_the_lower_bound_is_written_with_a_thousands_separator(tree, client, monkeypatch):
    monkeypatch.setattr(database, "COUNT_LIMIT", 1000)
    _weak_documents()

    page = client.get("/search/", {"q": WORD}).content.decode()

    assert f"Mer enn 1\xa0000 treff på «{WORD}»" in page
    assert "telt blant 1\xa0000 av treffene" in page


@pytest.mark.django_db
def test_a_network_filter_ranks_its_few_items_from_the_counted_matches(tree, monkeypatch):
    """More matches than the counted part holds, but few of them in the network: the counted
    part holds all of those, so the page comes from it, in the statement that counted them,
    without ranking every match a second time."""
    monkeypatch.setattr(database, "COUNT_LIMIT", 10)
    monkeypatch.setattr(database, "CANDIDATE_MINIMUM", 1)
    monkeypatch.setattr(database, "CANDIDATE_FACTOR", 1)
    network = tree.networks.add_child(
        instance=NetworkPage(title="alor Tromsø", slug="tromso", city="Tromsø", region="nord")
    )
    strong = [_strong(f"{WORD} i skogen {n}") for n in range(3)]  # best, outside the network
    in_network = [
        make_document(f"{WORD} i nettverket {n}", " ".join([WORD] * (n + 1)), network=network)
        for n in range(3)
    ]
    _weak_documents(30)

    with CaptureQueriesContext(connection) as queries:
        result = _search(network="tromso", page_size=2)

    assert [hit.title for hit in result.results] == [in_network[2].title, in_network[1].title]
    assert (result.count, result.count_exact) == (3, True)
    assert strong[0].title not in {hit.title for hit in result.results}
    score = "bm25(" if connection.vendor == "sqlite" else "ts_rank"
    ranked = [q["sql"] for q in queries.captured_queries if score in q["sql"]]
    assert len(ranked) == 1  # the statement itself; no second ranking of every match
