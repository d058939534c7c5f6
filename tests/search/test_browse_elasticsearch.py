"""Browsing on Elasticsearch, without a cluster: the request sent is the filters alone under a
match_all, newest first, with the facets of documents' kinds, speakers and gatherings."""

from kb.models import DocumentKind
from search import norwegian, service
from search.backends import elasticsearch as es_backend
from search.params import SearchParams
from tests.search.test_browse import archive  # noqa: F401 - a fixture, used by name
from tests.search.test_elasticsearch import (  # noqa: F401 - the fixtures, used by name
    _clauses,
    fake_cluster,
    fresh_breakers,
)


def test_browsing_sends_a_filter_only_match_all_query_newest_first(fake_cluster, archive):  # noqa: F811
    cluster = fake_cluster()
    result = service.search(SearchParams(type="document", network="bergen"))
    assert result.browsing and result.backend == "default"
    # The browse itself, then the other language's count (the language facet); nothing logged.
    [(kinds, body), (_english_kinds, count)] = cluster.requests
    assert kinds == ["document"]
    assert count["size"] == 0 and set(count["aggs"]) == {"type"} and "sort" not in count
    [clause] = body["query"]["bool"]["should"]
    assert clause["bool"]["must"] == {"match_all": {}}
    assert {"terms": {"alor_network": [archive.bergen.pk]}} in clause["bool"]["filter"]
    assert "multi_match" not in str(body) and "search_type" not in body
    assert body["sort"][0] == {"alor_year": {"order": "desc", "missing": "_last"}}
    assert {"kind", "speaker", "gathering", "type", "year"} <= set(body["aggs"])


def test_browsing_everything_covers_both_indices_under_their_privacy(fake_cluster, archive):  # noqa: F811
    cluster = fake_cluster()
    service.search(SearchParams())
    kinds, body = cluster.requests[0]
    assert kinds == ["page", "document"]
    clauses = _clauses(body)
    assert all(c["must"] == {"match_all": {}} for c in clauses.values())
    assert {"term": {"alor_live": True}} in clauses["page"]["filter"]
    assert clauses["document"]["must_not"]  # the RAG collection, left out


def test_document_filters_and_facets_travel_as_terms(fake_cluster, archive):  # noqa: F811
    buckets = lambda pairs: {"buckets": [{"key": k, "doc_count": n} for k, n in pairs]}  # noqa: E731
    cluster = fake_cluster(
        hits=[("document", archive.talk.pk, None)],
        aggregations={
            "type": buckets([("document", 1)]),
            "kind": buckets([("presentation", 1)]),
            "speaker": buckets([(archive.kari.pk, 1)]),
            "gathering": buckets([(archive.gathering.pk, 1), (archive.draft_gathering.pk, 1)]),
        },
    )
    result = service.search(
        SearchParams(kind="presentation", speaker=archive.kari.pk, gathering=archive.gathering.pk)
    )
    kinds, body = cluster.requests[0]
    assert kinds == ["document"]  # a document-only filter: no page clause
    filters = _clauses(body)["document"]["filter"]
    assert {"term": {"alor_document_kind": "presentation"}} in filters
    assert {"term": {"alor_speakers": archive.kari.pk}} in filters
    assert {"term": {"alor_gathering": archive.gathering.pk}} in filters
    facets = {name: {v.value: v.label for v in values} for name, values in result.facets.items()}
    assert facets["kind"] == {"presentation": "Presentasjon"}
    assert facets["speaker"] == {str(archive.kari.pk): "Kari Nordmann"}
    # The draft gathering is not named.
    assert facets["gathering"] == {str(archive.gathering.pk): "Nettverkssamling høsten 2025"}
    assert [hit.title for hit in result.results] == ["Rus og ledelse"]


def test_documents_carry_their_kind_speakers_and_gathering(archive):  # noqa: F811
    sent = es_backend.AlorMapping(type(archive.talk)).get_document(archive.talk)
    assert sent["alor_document_kind"] == DocumentKind.PRESENTATION
    assert sent["alor_speakers"] == [archive.kari.pk]
    assert sent["alor_gathering"] == archive.gathering.pk
    # The names are in the text a search matches (analysed as every text is).
    named = [v for k, v in sent.items() if k.split("__")[-1] == "speakers"]
    assert named == [[{"name": norwegian.index_text("Kari Nordmann")}]]
