"""Search at scale: one full-text match per request, facet rows kept at index time, privacy kept."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection

from kb import groups
from kb.models import GatheringPage, Topic
from search import service
from search.models import SearchFacet
from tests.search.conftest import make_document, reindex


def _match_statements(queries):
    marker = " MATCH " if connection.vendor == "sqlite" else "@@"
    return [q["sql"] for q in queries if marker in q["sql"]]


def test_full_text_match_runs_once_per_request(corpus):
    with CaptureQueriesContext(connection) as ctx:
        result = service.search(service.SearchParams(q="fravær"))
    assert result.count == 2
    assert {v.value for v in result.facets["type"]} == {"article", "document"}
    # On SQLite how many rows match (at most 10,001 read), then the search's one statement,
    # then the count of the other language (the language facet): only the search scores.
    *size, search, other_language = _match_statements(ctx.captured_queries)
    assert len(size) == (1 if connection.vendor == "sqlite" else 0)
    score = "bm25(" if connection.vendor == "sqlite" else "ts_rank"
    assert score in search and score not in "".join(size) and score not in other_language


def test_facet_rows_are_written_and_removed_with_the_index(corpus):
    article = SearchFacet.objects.get(object_id=corpus.alcohol.pk, year=2025)
    assert article.day == datetime.date(2025, 3, 1)
    gathering = SearchFacet.objects.get(object_id=corpus.gathering.pk, day__isnull=False)
    assert gathering.year == 2025 and gathering.network_id is None  # under it, not hosted
    slides = SearchFacet.objects.get(object_id=corpus.slides.pk, network_id=corpus.network.pk)
    assert slides.year == 2025
    corpus.alcohol.date = datetime.date(2022, 6, 1)
    corpus.alcohol.save_revision().publish()
    assert SearchFacet.objects.filter(object_id=corpus.alcohol.pk, year=2022).exists()
    data = service.search(service.SearchParams(q="sykefravær alkohol", year=2022))
    assert [hit.title for hit in data.results] == ["Sykefravær og alkohol i arbeidslivet"]
    assert [hit.year for hit in data.results] == [2022]
    facets_before = SearchFacet.objects.count()
    corpus.relatives.delete()
    assert SearchFacet.objects.count() == facets_before - 1


def test_hidden_items_count_in_no_facet(corpus, client, rag_user):
    """A draft and a RAG document with the corpus' topic, network and year count for no one
    who may not see them: not in the total, not in any facet."""
    hidden_doc = make_document(
        "Hemmelig fravær",
        "Fravær i RAG.",
        collection=Collection.objects.get(name=groups.RAG_COLLECTION),
        network=corpus.network,
        year=2025,
    )
    hidden_doc.topics.add(corpus.topic)
    draft = corpus.network.add_child(
        instance=GatheringPage(
            title="Utkast om fravær",
            slug="utkast",
            start_date=datetime.date(2025, 9, 1),
            live=False,
        )
    )
    draft.topics.add(corpus.topic)
    reindex(hidden_doc, draft)

    def counts(data):
        return {
            name: {v["value"]: v["count"] for v in values}
            for name, values in data["facets"].items()
        } | {"count": data["count"]}

    public = counts(client.get("/api/search/", {"q": "fravær"}).json())
    assert public == {
        "count": 2,
        "type": {"article": 1, "document": 1},
        "network": {"more-og-romsdal": 1},
        "year": {"2025": 2},
        "topic": {"sykefravaer": 2},
        "kind": {"presentation": 1},
        "gathering": {str(corpus.gathering.pk): 1},
        "speaker": {},
        "lang": {"nb": 2},
    }
    client.force_login(rag_user)
    rag = counts(client.get("/api/search/", {"q": "fravær"}).json())
    assert rag["count"] == 3
    assert rag["type"] == {"article": 1, "document": 2}
    assert rag["topic"] == {"sykefravaer": 3} and rag["network"] == {"more-og-romsdal": 2}
    assert rag["kind"] == {"presentation": 1, "other": 1}


def test_filters_by_page_year_network_and_topic_with_sort_by_date(corpus):
    other = Topic.objects.create(name="Annet", slug="annet", locale=corpus.topic.locale)
    corpus.gathering.topics.add(other)
    corpus.gathering.save()  # a ParentalManyToManyField is written on save
    reindex(corpus.gathering)
    result = service.search(service.SearchParams(q="samling", topic="annet", sort="date"))
    assert [hit.title for hit in result.results] == ["Nettverkssamling våren 2025"]
    result = service.search(service.SearchParams(q="samling", network="more-og-romsdal"))
    assert [hit.title for hit in result.results] == ["Nettverkssamling våren 2025"]
    assert result.results[0].network == "alor Møre og Romsdal"
    assert result.results[0].date == datetime.date(2025, 4, 10)
    result = service.search(service.SearchParams(q="arbeidsplassen", sort="date", year=2023))
    assert [hit.title for hit in result.results] == ["Spilleavhengighet blant ansatte"]


def test_promoted_and_paged_results_keep_one_ranked_list(corpus):
    first = service.search(service.SearchParams(q="arbeidsplassen", page_size=1))
    second = service.search(service.SearchParams(q="arbeidsplassen", page_size=1, page=2))
    both = service.search(service.SearchParams(q="arbeidsplassen", page_size=2))
    assert [h.title for h in both.results] == [first.results[0].title, second.results[0].title]
    assert both.results[0].score >= both.results[1].score


def test_a_search_runs_a_fixed_number_of_queries(corpus, django_assert_num_queries):
    """Rules, locale, promotions, the network pages (read once for the statement, the facet
    labels and the hits), the one statement, the shown pages and documents, the topic and
    gathering labels, on SQLite the count of matching rows that says how the page is ranked,
    and for the language facet the other language's locale, promotions and count: whatever
    the number of hits, networks and topics. On PostgreSQL each statement also sets its
    planner setting and back, within a savepoint (the test's transaction)."""
    service.search(service.SearchParams(q="samling"))  # content types cached, as on a server
    with django_assert_num_queries(16 if connection.vendor == "sqlite" else 15 + 8):
        result = service.search(service.SearchParams(q="fravær"))
    assert {hit.network for hit in result.results} == {None, "alor Møre og Romsdal"}
    assert [v.label for v in result.facets["network"]] == ["alor Møre og Romsdal"]
    assert [v.label for v in result.facets["topic"]] == ["Sykefravær"]
