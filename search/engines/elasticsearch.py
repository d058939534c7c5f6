"""The engine over the project's Elasticsearch backend (`search.backends.elasticsearch`).

One request to the cluster per search, over the pages' and the documents' indices together:

- **visibility as terms**, from the rules of `kb.privacy`: live pages of the locale, none under
  the path of a section the user may not see (`prefix` on `alor_path`), no document of a
  collection they may not see (`terms` on `alor_collection`: the restricted collections and
  their children, a few ids). Never a list of every visible id, which would grow with the
  archive (Elasticsearch refuses more than 65,536 terms). The page of hits shown is checked
  against the database again, so an index that lags behind a move shows nothing it should not;
- **the ranking** of every visible match by the cluster's BM25 over the analysed text, with
  global term statistics (`dfs_query_then_fetch`), so pages and documents, in their two
  indices, are scored by one function;
- **browsing without a word**: each kind's filters under a `match_all`, newest first by the
  item's own date, the facets as for a search;
- **the facets** (type, network, year, topic; a document's kind, speakers, gathering) as
  aggregations over all the hits, and the count
  exact up to `TRACK_TOTAL_HITS` from the hits and above it from the type aggregation (every
  item has exactly one type), so it stays exact;
- **the updates the cluster missed** (an outage, `search.engines.pending`) left out: their pages and
  documents are excluded by id (a few, bounded; above the bound the database answers), so
  no count or facet includes an object whose new state the cluster has not heard of.

The request's parts are built by pure functions (`search_body`, `visibility_clauses`), which the
tests check without a cluster.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from modelsearch.query import PlainText
from wagtail.models import Page

from kb.models import AlorDocument, Topic
from search.engines import pending
from search.engines.base import Found
from search.filters import locale_of, network_pages
from search.params import DOCUMENT_LANGUAGES, SORT_RELEVANCE, SearchParams
from search.results import facet_lists
from search.types import BY_KEY, DOCUMENT, PAGE, TYPES

logger = logging.getLogger("alor.search")

TRACK_TOTAL_HITS = 10_000
FACET_SIZE = 1_000  # buckets per facet: more than there are networks, years or topics


def page_filters(visibility, params, language, promoted_ids=(), stale=()):
    """The page clause's filters and exclusions (None when no page can match)."""
    if params.type == DOCUMENT or params.documents_only:
        return None
    locale = locale_of(language)
    if locale is None:
        return None
    filters = [
        {"term": {"alor_kind": "page"}},
        {"term": {"alor_live": True}},
        {"term": {"alor_locale": locale.pk}},
        {"range": {"alor_depth": {"gt": 1}}},
    ]
    if params.type:
        filters.append({"term": {"alor_type": params.type}})
    if params.network:
        pks = network_pks(params.network, first_only=True)
        if not pks:
            return None
        filters.append({"terms": {"alor_networks": pks}})
    if params.topic:
        filters.append({"terms": {"alor_topics": topic_pks(params.topic)}})
    if params.year:
        filters.append({"term": {"alor_year": params.year}})
    must_not: list[dict[str, Any]] = [
        {"prefix": {"alor_path": path}} for path in visibility.hidden_page_paths
    ]
    excluded = sorted({*promoted_ids, *stale})
    if excluded:
        must_not.append({"terms": {"alor_pk": excluded}})
    return {"filter": filters, "must_not": must_not}


def document_filters(visibility, params, language, stale=()):
    """The document clause's filters and exclusions (None when no document can match)."""
    if params.type and params.type != DOCUMENT:
        return None
    filters = [
        {"term": {"alor_kind": "document"}},
        {"terms": {"alor_language": [str(code) for code in DOCUMENT_LANGUAGES[language]]}},
    ]
    if params.network:
        pks = network_pks(params.network)
        if not pks:
            return None
        filters.append({"terms": {"alor_network": pks}})
    if params.topic:
        filters.append({"terms": {"alor_topics": topic_pks(params.topic)}})
    if params.year:
        filters.append({"term": {"alor_year": params.year}})
    if params.kind:
        filters.append({"term": {"alor_document_kind": params.kind}})
    if params.speaker:
        filters.append({"term": {"alor_speakers": params.speaker}})
    if params.gathering:
        filters.append({"term": {"alor_gathering": params.gathering}})
    must_not = []
    hidden = sorted(visibility.hidden_collection_ids)  # a few ids
    if hidden:
        must_not.append({"terms": {"alor_collection": hidden}})
    if stale:
        must_not.append({"terms": {"alor_pk": sorted(stale)}})
    return {"filter": filters, "must_not": must_not}


def network_pks(slug, *, first_only=False):
    """The network pages with the slug (the first by tree path only, as the database engine's
    page filter does, search.filters.filtered_pages)."""
    found = sorted((path, pk) for pk, path, s, _t in network_pages() if s == slug)
    return [pk for _path, pk in found[:1]] if first_only else [pk for _path, pk in found]


def topic_pks(slug):
    return list(Topic.objects.filter(slug=slug).values_list("pk", flat=True)) or [0]


def visibility_clauses(visibility, params, language, promoted_ids=(), stale=None):
    """{kind: its clause's filters} for the kinds that can match; `stale`: {kind: ids} the
    cluster may hold in an old state (search.engines.pending.excluded_ids), left out."""
    stale = stale or {}
    clauses = {
        PAGE: page_filters(visibility, params, language, promoted_ids, stale.get(PAGE, ())),
        DOCUMENT: document_filters(visibility, params, language, stale.get(DOCUMENT, ())),
    }
    return {kind: clause for kind, clause in clauses.items() if clause is not None}


def _inner_query(backend, model, q, language, *, autocomplete=False):
    compiler_class = (
        backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    )
    compiler = compiler_class(model.objects.none(), PlainText(q, operator="and"))
    compiler.alor_language = language
    return compiler.get_inner_query()


MODELS = {PAGE: Page, DOCUMENT: AlorDocument}


def search_query(backend, q, clauses, language, *, autocomplete=False):
    """One query over both indices: each kind's text query under its own visibility. Without
    a word (browsing) each kind's clause is its filters alone, under a match_all."""
    should = []
    for kind, clause in clauses.items():
        if q:
            inner = _inner_query(backend, MODELS[kind], q, language, autocomplete=autocomplete)
        else:
            inner = {"match_all": {}}
        should.append({"bool": {"must": inner, **clause}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def search_body(backend, params, clauses, language, start, size):
    """The search request: the query, the page of hits, the sort, the facets."""
    body = {
        "query": search_query(backend, params.q, clauses, language),
        "from_": start,
        "size": size,
        "track_total_hits": TRACK_TOTAL_HITS,
        "docvalue_fields": ["alor_kind", "alor_pk"],
        "_source": False,
        "aggs": {
            "kind": {"terms": {"field": "alor_document_kind", "size": FACET_SIZE}},
            "speaker": {"terms": {"field": "alor_speakers", "size": FACET_SIZE}},
            "gathering": {"terms": {"field": "alor_gathering", "size": FACET_SIZE}},
            "type": {"terms": {"field": "alor_type", "size": len(TYPES)}},
            "network": {"terms": {"field": "alor_network", "size": FACET_SIZE}},
            "year": {"terms": {"field": "alor_year", "size": FACET_SIZE}},
            "topic": {"terms": {"field": "alor_topics", "size": FACET_SIZE}},
        },
    }
    if params.q:  # global term statistics, so both indices' scores compare
        body["search_type"] = "dfs_query_then_fetch"
    if params.sort != SORT_RELEVANCE or params.browsing:  # newest first by its own date
        body["sort"] = [
            {"alor_year": {"order": "desc", "missing": "_last"}},
            {"alor_date": {"order": "desc", "missing": "_last"}},
            {"alor_pk": {"order": "desc"}},
        ]
    return body


def indices(backend, kinds):
    return [backend.get_index_for_model(MODELS[kind]).name for kind in kinds]


def execute(backend, kinds, body):
    """Send one search request over the indices of `kinds` (the one call to the cluster)."""
    return backend.es.search(index=indices(backend, kinds), **body)


def run(backend, params, visibility, language, ct_types, promoted_ids):
    """The organic objects of the requested page, the exact count and the facets."""
    stale = pending.excluded_ids(backend)
    clauses = visibility_clauses(visibility, params, language, promoted_ids, stale)
    if not clauses:
        return Found(facets=facet_lists(Counter(), Counter(), Counter(), Counter(), params))
    start = (params.page - 1) * params.page_size
    organic_start = max(0, start - len(promoted_ids))
    organic_stop = max(0, start + params.page_size - len(promoted_ids))
    body = search_body(
        backend, params, clauses, language, organic_start, organic_stop - organic_start
    )
    response = execute(backend, list(clauses), body)
    count, exact = total(response)
    aggs = response.get("aggregations", {})
    facets = facet_lists(
        _buckets(aggs, "type"),
        _buckets(aggs, "network"),
        _buckets(aggs, "year"),
        _buckets(aggs, "topic"),
        params,
        kinds=_buckets(aggs, "kind"),
        speakers=_buckets(aggs, "speaker"),
        gatherings=_buckets(aggs, "gathering"),
        visibility=visibility,
    )
    organic = load_hits(response["hits"]["hits"], visibility, language)
    return Found(organic, count, facets, count_exact=exact)


def count(backend, params, visibility, language, ct_types, promoted_ids=()):
    """(count, exact) of the visible matches in `language`, as `run` counts them: one request
    without hits, with only the type buckets `total` reads above TRACK_TOTAL_HITS."""
    stale = pending.excluded_ids(backend)
    clauses = visibility_clauses(visibility, params, language, promoted_ids, stale)
    if not clauses:
        return 0, True
    body = {
        "query": search_query(backend, params.q, clauses, language),
        "size": 0,
        "track_total_hits": TRACK_TOTAL_HITS,
        "aggs": {"type": {"terms": {"field": "alor_type", "size": len(TYPES)}}},
    }
    return total(execute(backend, list(clauses), body))


def total(response):
    """(count, exact): the hits' total up to TRACK_TOTAL_HITS, above it the sum of the type
    buckets (every item has one type), exact unless a bucket was left out."""
    hits_total = response["hits"]["total"]
    if hits_total["relation"] == "eq":
        return hits_total["value"], True
    types = response.get("aggregations", {}).get("type", {})
    counted = sum(b["doc_count"] for b in types.get("buckets", []))
    if counted >= hits_total["value"]:
        return counted, not types.get("sum_other_doc_count")
    return hits_total["value"], False


def _buckets(aggs, name):
    out: Counter[str | int] = Counter()
    for bucket in aggs.get(name, {}).get("buckets", []):
        key = bucket["key"]
        if name == "type" and key not in BY_KEY:
            continue
        out[key] += bucket["doc_count"]
    return out


def load_hits(hits, visibility, language):
    """(kind, object) of the hits in the cluster's order, each checked against the database's
    rules again (an index that lags behind shows nothing it should not)."""
    ranked = []
    for hit in hits:
        fields = hit.get("fields", {})
        ranked.append((fields["alor_kind"][0], int(fields["alor_pk"][0]), hit.get("_score")))
    page_ids = [pk for kind, pk, _s in ranked if kind == PAGE]
    doc_ids = [pk for kind, pk, _s in ranked if kind == DOCUMENT]
    objs: dict[tuple[str, int], Page | AlorDocument] = {}
    if page_ids:
        pages = visibility.pages(Page.objects.filter(pk__in=page_ids))
        locale = locale_of(language)
        pages = pages.filter(locale=locale) if locale is not None else pages.none()
        objs.update(((PAGE, p.pk), p) for p in pages.specific())
    if doc_ids:
        docs = visibility.documents(AlorDocument.objects.filter(pk__in=doc_ids))
        objs.update(((DOCUMENT, d.pk), d) for d in docs)
    organic = []
    for kind, pk, score in ranked:
        obj = objs.get((kind, pk))
        if obj is None:
            logger.warning("Search index lags behind: %s %s is no longer visible", kind, pk)
            continue
        obj._score = score
        organic.append((kind, obj))
    return organic


def autocomplete(backend, q, visibility, language, limit, ct_types):
    """Titles of visible pages and documents whose words start as the typed ones do."""
    stale = pending.excluded_ids(backend)
    clauses = visibility_clauses(visibility, SearchParams(q=q), language, stale=stale)
    if not clauses:
        return [], []
    body = {
        "query": search_query(backend, q, clauses, language, autocomplete=True),
        "size": limit,
        "docvalue_fields": ["alor_kind", "alor_pk"],
        "_source": False,
    }
    response = execute(backend, list(clauses), body)
    organic = load_hits(response["hits"]["hits"], visibility, language)
    return [o for k, o in organic if k == PAGE], [o for k, o in organic if k == DOCUMENT]
