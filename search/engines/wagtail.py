"""The engine over a Wagtail search backend's own search (Elasticsearch, OpenSearch, Wagtail's
stock database backend): querysets of the visible items in, ranked objects out, facets counted
over the matches.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F
from wagtail.models import Page

from kb.models import AlorDocument
from search.engines.base import Found
from search.facets import facet_values
from search.filters import (
    document_year_sql,
    filtered_documents,
    filtered_pages,
    network_case,
    network_page_paths,
    page_date_sql,
    page_year_sql,
)
from search.params import SORT_RELEVANCE, SearchParams
from search.results import as_date, facet_lists
from search.types import topic_links

FACET_SAMPLE = 1000  # backends without a database queryset: facets over the best matches


def _matching_queryset(results, model):
    """An unordered queryset of every match (lazy on database backends)."""
    if hasattr(results, "matching_queryset"):
        return results.matching_queryset()
    return model.objects.filter(pk__in=[obj.pk for obj in results[:FACET_SAMPLE]])


def backend_pages(visibility, params, language, ct_types, exclude_ids=()):
    """Pages for the search backends' own search (Elasticsearch, Wagtail's stock backend)."""
    pages = filtered_pages(visibility, params, language, ct_types, exclude_ids)
    if pages is None:
        return None
    if params.year:
        pages = pages.alias(_year=page_year_sql()).filter(_year=params.year)
    return Page.objects.filter(pk__in=pages.values("pk")).specific()


def backend_documents(visibility, params, language):
    """Documents for the search backends' own search (Elasticsearch, Wagtail's stock backend)."""
    docs = filtered_documents(visibility, params, language)
    if docs is None:
        return None
    return AlorDocument.objects.filter(pk__in=docs.values("pk"))


def run(backend, params, visibility, language, ct_types, promoted_ids):
    """The organic objects of the requested page, the total count and the facets.

    The combined list is the promoted pages followed by the organic results (promoted pages
    left out of those), so page p shows positions [start, start + size) of it.
    """
    pages = backend_pages(visibility, params, language, ct_types, promoted_ids)
    docs = backend_documents(visibility, params, language)
    relevance = params.sort == SORT_RELEVANCE
    start = (params.page - 1) * params.page_size
    organic_start = max(0, start - len(promoted_ids))
    organic_stop = max(0, start + params.page_size - len(promoted_ids))
    ranked, count, matching, estimated = [], 0, {}, set()
    for kind, queryset in (("page", pages), ("document", docs)):
        if queryset is None:
            continue
        if relevance:
            results = backend.search(params.q, queryset, operator="and").annotate_score("_score")
            objs = list(results[:organic_stop]) if organic_stop else []
        else:
            results = backend.search(
                params.q,
                _filter_field_order(queryset, kind),
                operator="and",
                order_by_relevance=False,
            )
            if hasattr(results, "matching_queryset"):
                by_date = _date_ordered(results.matching_queryset(), kind)
                objs = list(by_date[:organic_stop]) if organic_stop else []
            else:
                objs = list(results[:organic_stop]) if organic_stop else []
        matching[kind] = _matching_queryset(results, queryset.model)
        if not hasattr(results, "matching_queryset"):
            count += results.count()  # otherwise counted with the facets, in one query
            estimated.add(kind)
        ranked += [(kind, obj, _sort_key(kind, obj, relevance)) for obj in objs]
    ranked.sort(key=lambda item: item[2], reverse=True)
    facets, totals = _facets(matching, ct_types, params, visibility)
    count += sum(n for kind, n in totals.items() if kind not in estimated)
    organic = [(kind, obj) for kind, obj, _key in ranked[organic_start:organic_stop]]
    return Found(organic, count, facets, count_exact=True)


def _filter_field_order(queryset, kind):
    """Newest first by a field every backend can sort on."""
    if kind == "document":
        return queryset.order_by("-year", "-id")
    return queryset.order_by("-first_published_at", "-id")


def _date_ordered(queryset, kind):
    """Newest first by an item's own year, then its date (an article's date, a gathering's
    start, a document's year and gathering); items without a date of their own last."""
    if kind == "document":
        queryset = queryset.annotate(_year=document_year_sql(), _date=F("gathering__start_date"))
    else:
        queryset = queryset.annotate(_year=page_year_sql(), _date=page_date_sql())
    return queryset.order_by(
        F("_year").desc(nulls_last=True), F("_date").desc(nulls_last=True), "-pk"
    )


def _sort_key(kind, obj, relevance):
    if relevance:
        return (getattr(obj, "_score", None) or 0.0, 0)
    if hasattr(obj, "_year"):
        year, day = obj._year, obj._date
    else:  # a backend's own order (Elasticsearch): the dates from the objects
        year, day, _net = facet_values(obj) or (None, None, None)
    day = as_date(day)
    return (year or 0, day.toordinal() if day else 0)


def _facets(matching, ct_types, params, visibility=None):
    """The facets over the matching pages and documents (querysets), and {kind: count}.

    A fixed number of queries whatever the number of matches: one GROUP BY for the pages,
    one for the documents, and one per topic relation, per document kind, speaker and
    gathering (each only when something matched)."""
    types, networks, years, topics = Counter[str](), Counter[int](), Counter[int](), Counter[int]()
    kinds, speakers, gatherings = Counter[str](), Counter[int](), Counter[int]()
    totals: Counter[str] = Counter()
    pages, docs = matching.get("page"), matching.get("document")
    network_paths = network_page_paths()
    if pages is not None:
        pages = pages.order_by()
        rows = (
            pages.annotate(_net=network_case(network_paths), _year=page_year_sql())
            .values("content_type", "_net", "_year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            types[ct_types.get(row["content_type"], "page")] += row["n"]
            totals["page"] += row["n"]
            if row["_net"]:
                networks[row["_net"]] += row["n"]
            if row["_year"]:
                years[row["_year"]] += row["n"]
        if totals["page"]:
            _count_topics(topics, pages, document=False)
    if docs is not None:
        docs = docs.order_by()
        rows = docs.annotate(_year=document_year_sql()).values(
            "network", "_year", "kind", "gathering"
        )
        for row in rows.annotate(n=Count("pk")).order_by():
            types["document"] += row["n"]
            totals["document"] += row["n"]
            kinds[row["kind"]] += row["n"]
            if row["network"]:
                networks[row["network"]] += row["n"]
            if row["_year"]:
                years[row["_year"]] += row["n"]
            if row["gathering"]:
                gatherings[row["gathering"]] += row["n"]
        if totals["document"]:
            _count_topics(topics, docs, document=True)
            _count_speakers(speakers, docs)

    facets = facet_lists(
        types,
        networks,
        years,
        topics,
        params,
        kinds=kinds,
        speakers=speakers,
        gatherings=gatherings,
        visibility=visibility,
    )
    return facets, dict(totals)


def _count_speakers(speakers, docs):
    """Add the speaker counts of the matching documents to `speakers`."""
    through = AlorDocument.speakers.through
    links = through.objects.filter(alordocument__in=docs.values("pk"))
    for row in links.values("person_id").annotate(n=Count("pk")).order_by():
        speakers[row["person_id"]] += row["n"]


def _count_topics(topics, matching, *, document):
    """Add the topic counts of the matching pages (or documents) to `topics`."""
    for is_document, through, item in topic_links():
        if is_document != document:
            continue
        links = through.objects.filter(**{f"{item}__in": matching.values("pk")})
        for row in links.values("topic_id").annotate(n=Count("pk")).order_by():
            topics[row["topic_id"]] += row["n"]


def autocomplete(backend, q, visibility, language, limit, ct_types):
    """(pages, documents) from the backend's own autocomplete over the visible querysets."""
    params = SearchParams(q=q)
    pages = backend_pages(visibility, params, language, ct_types)
    docs = backend_documents(visibility, params, language)
    found = (
        list(backend.autocomplete(q, pages, operator="and")[:limit]) if pages is not None else []
    )
    found_docs = (
        list(backend.autocomplete(q, docs, operator="and")[:limit]) if docs is not None else []
    )
    return found, found_docs
