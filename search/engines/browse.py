"""Browsing without a word: every visible page and document that passes the filters, newest
first by the item's own date, with the count and the facets.

There is no full-text match to start from, so this is the database's own SQL over the
querysets of what the user may see (`search.filters`, privacy from `kb.privacy`), whatever the
search backend: the same rows the search engines filter, the same dates their date sort uses
(`search.filters.page_date_sql`, `document_date_sql`), the same facet counts
(`search.engines.wagtail._facets`). On Elasticsearch the cluster browses instead, with a
filter-only query (`search.engines.elasticsearch`), and this answers when it cannot.

A fixed number of queries, whatever the size of the archive: the facets' GROUP BYs, one
ordered read of (id, date) for the pages and one for the documents, each at most as deep as
the requested page, then the objects of the page shown (one query per page model and one for
the documents).
"""

from __future__ import annotations

from datetime import date

from django.db.models import F

from kb.models import AlorDocument
from search.engines.base import Found
from search.engines.database import _specific_pages
from search.engines.wagtail import _facets
from search.filters import (
    document_date_sql,
    document_year_sql,
    filtered_documents,
    filtered_pages,
    network_case,
    network_page_paths,
    page_date_sql,
    page_year_sql,
)
from search.results import as_date


def _newest_first(queryset):
    return queryset.order_by(
        F("_year").desc(nulls_last=True), F("_date").desc(nulls_last=True), "-pk"
    )


def _sort_key(row):
    """Newest first: by year, then day (items without either last), then the newest row."""
    _kind, pk, _ct, _net, year, day = row
    day = as_date(day)
    return (year is not None, year or 0, day is not None, (day or date.min).toordinal(), pk)


def _filtered(params, visibility, language, ct_types):
    """(pages, documents) that pass the filters in `language`, each None when none can."""
    pages = filtered_pages(visibility, params, language, ct_types)
    if pages is not None and params.year:
        pages = pages.alias(_in_year=page_year_sql()).filter(_in_year=params.year)
    return pages, filtered_documents(visibility, params, language)


def count(params, visibility, language, ct_types):
    """(count, exact) of the visible items that pass the filters in `language`."""
    pages, docs = _filtered(params, visibility, language, ct_types)
    return sum(qs.order_by().count() for qs in (pages, docs) if qs is not None), True


def run(params, visibility, language, ct_types) -> Found:
    """The visible items of the requested page, newest first, the count and the facets."""
    pages, docs = _filtered(params, visibility, language, ct_types)
    matching = {kind: qs for kind, qs in (("page", pages), ("document", docs)) if qs is not None}
    facets, totals = _facets(matching, ct_types, params, visibility)

    start = (params.page - 1) * params.page_size
    stop = start + params.page_size
    rows = []
    if pages is not None and totals.get("page"):
        ordered = _newest_first(
            pages.annotate(
                _net=network_case(network_page_paths()),
                _year=page_year_sql(),
                _date=page_date_sql(),
            )
        )
        rows += [
            ("page", pk, ct, net, year, day)
            for pk, ct, net, year, day in ordered.values_list(
                "pk", "content_type_id", "_net", "_year", "_date"
            )[:stop]
        ]
    if docs is not None and totals.get("document"):
        ordered = _newest_first(docs.annotate(_year=document_year_sql(), _date=document_date_sql()))
        rows += [
            ("document", pk, None, net, year, day)
            for pk, net, year, day in ordered.values_list("pk", "network_id", "_year", "_date")[
                :stop
            ]
        ]
    rows.sort(key=_sort_key, reverse=True)
    shown = rows[start:stop]

    by_page = _specific_pages([(pk, ct) for kind, pk, ct, *_r in shown if kind == "page"])
    by_doc = AlorDocument.objects.in_bulk([pk for kind, pk, *_r in shown if kind == "document"])
    organic = []
    for kind, pk, _ct, net, year, day in shown:
        obj = (by_page if kind == "page" else by_doc).get(pk)
        if obj is None:  # deleted since
            continue
        obj._score = None
        obj._facet_info = (net, year, as_date(day))
        organic.append((kind, obj))
    return Found(organic, sum(totals.values()), facets, count_exact=True)
