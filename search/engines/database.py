"""The database engine: one SQL statement per search on the database backends (SQLite FTS5,
PostgreSQL), over the full-text match, the visible items and their facet rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from kb.models import AlorDocument
from search.engines.base import Found
from search.engines.wagtail import autocomplete  # noqa: F401 - the backends' own, over SQL
from search.facets import filter_tokens
from search.filters import filtered_documents, filtered_pages, network_page_paths
from search.models import SearchFacet
from search.params import MAX_RESULT_DEPTH, SORT_RELEVANCE
from search.results import as_date, facet_lists
from search.types import topic_links


def _ids_sql(queryset):
    """(sql, params) selecting the ids of a queryset, or None when it can match nothing."""
    if queryset is None:
        return None
    ids = queryset.order_by().values("id")
    try:
        return ids.query.get_compiler(ids.db).as_sql()
    except EmptyResultSet:
        return None


def run(backend, params, user, language, ct_types, promoted_ids):
    """The engine's answer on the database backends: the full-text match runs once per request.

    One SQL statement reads the visible matches newest-indexed first, at most the search window
    of them plus one (`search_window()`), with their facet attributes from SearchFacet, and
    returns from that set the counts per type, network and year, the topic counts and the top
    `start + page_size` rows; then the shown pages and documents are fetched (a bounded number
    of queries, whatever the number of hits). With at most a window of visible matches every
    match is in the set and everything is exact. A broad search stops after the window: the
    work per request is bounded, the count says «more than the window» and the ranking and
    facets are those of the window.
    """
    relevance = params.sort == SORT_RELEVANCE
    start = (params.page - 1) * params.page_size
    organic_start = max(0, start - len(promoted_ids))
    organic_stop = max(0, start + params.page_size - len(promoted_ids))

    def empty():
        return Found(facets=facet_lists(Counter(), Counter(), Counter(), Counter(), params))

    # Who may see what, and every filter but a page's year (checked on its facet row below).
    pages = _ids_sql(filtered_pages(user, params, language, ct_types, promoted_ids))
    docs = _ids_sql(filtered_documents(user, params, language))
    page_cts = get_descendants_content_types_pks(Page) if pages else []
    doc_cts = get_descendants_content_types_pks(AlorDocument) if docs else []
    if not page_cts and not doc_cts:
        return empty()
    probe = backend.search(params.q, Page, operator="and")
    compiler = getattr(probe, "query_compiler", None)
    required = filter_tokens(params.type, params.year)
    match = compiler and compiler.match_rows_sql(backend, scored=relevance, required=required)
    if not match:
        return empty()

    alias = Page.objects.db
    connection = connections[alias]
    postgres = connection.vendor == "postgresql"
    real = "double precision" if postgres else "REAL"
    null_date = "CAST(NULL AS date)" if postgres else "NULL"
    facet = SearchFacet._meta.db_table
    qn = connection.ops.quote_name

    def placeholders(values):
        return ", ".join(["%s"] * len(values))

    # The window: the visible matches, every filter applied, newest-indexed first.
    window = search_window()
    # OFFSET 0 keeps PostgreSQL from turning each EXISTS into a hash of every visible page or
    # document (50,000 rows at 100,000 items): with it a window row costs one look-up.
    fence = " OFFSET 0" if postgres else ""
    conditions, sql_params = [], list(match[1])
    if pages:
        year_filter = ""
        if params.year:
            year_filter = (
                f" AND EXISTS (SELECT 1 FROM {facet} yf WHERE yf.content_type_id = mt.ct "  # noqa: S608
                f"AND yf.object_id = mt.oid AND yf.year = %s{fence})"
            )
        conditions.append(
            f"(mt.ct IN ({placeholders(page_cts)}) AND EXISTS "  # noqa: S608
            f"(SELECT 1 FROM ({pages[0]}) vp WHERE vp.id = mt.oid{fence}){year_filter})"
        )
        sql_params += [*page_cts, *pages[1], *([params.year] if params.year else [])]
    if docs:
        conditions.append(
            f"(mt.ct IN ({placeholders(doc_cts)}) AND EXISTS "  # noqa: S608
            f"(SELECT 1 FROM ({docs[0]}) vd WHERE vd.id = mt.oid{fence}))"
        )
        sql_params += [*doc_cts, *docs[1]]
    window_sql = (
        f"SELECT mt.ct AS ct, mt.oid AS oid, mt.score AS score, mt.eid AS eid "  # noqa: S608
        f"FROM ({match[0]}) mt WHERE {' OR '.join(conditions)}"
    )
    ctes = [f"w AS MATERIALIZED ({window_sql})"]
    in_window = "w"
    if window:  # one row more than the window says whether there are more
        ctes[0] = f"w AS MATERIALIZED ({window_sql} ORDER BY mt.eid DESC LIMIT %s)"
        sql_params.append(window + 1)
        ctes.append(
            f"wn AS MATERIALIZED (SELECT * FROM w ORDER BY eid DESC LIMIT {int(window)})"  # noqa: S608
        )
        in_window = "wn w"

    # The facet attributes of the rows in the window.
    arms = []
    if pages:
        whens, when_params = [], []
        for pk, path in network_page_paths():
            whens.append(f"WHEN substr(vp.path, 1, {len(path)}) = %s THEN %s")
            when_params += [path, pk]
        net = f"CASE {' '.join(whens)} ELSE f.network_id END" if whens else "f.network_id"
        arms.append(
            f"SELECT 0 AS kind, w.oid AS oid, w.score AS score, vp.content_type_id AS ct, "  # noqa: S608
            f"{net} AS net, f.year AS year, f.day AS day "
            f"FROM {in_window} INNER JOIN {qn(Page._meta.db_table)} vp ON vp.id = w.oid "
            f"LEFT OUTER JOIN {facet} f ON f.content_type_id = w.ct AND f.object_id = w.oid "
            f"WHERE w.ct IN ({placeholders(page_cts)})"
        )
        sql_params += [*when_params, *page_cts]
    if docs:
        # A document's network and year are its own fields, written to its facet row each
        # time it is indexed (search.facets.facet_values): no second look-up of the document.
        arms.append(
            f"SELECT 1 AS kind, w.oid AS oid, w.score AS score, CAST(NULL AS integer) AS ct, "  # noqa: S608
            f"f.network_id AS net, f.year AS year, f.day AS day "
            f"FROM {in_window} "
            f"LEFT OUTER JOIN {facet} f ON f.content_type_id = w.ct AND f.object_id = w.oid "
            f"WHERE w.ct IN ({placeholders(doc_cts)})"
        )
        sql_params += [*doc_cts]

    topic_arms = []
    for is_document, through_model, column in topic_links():
        kind = 1 if is_document else 0
        if (kind == 0 and not pages) or (kind == 1 and not docs):
            continue
        through = through_model._meta
        topic_arms.append(
            f"SELECT t.{qn(through.get_field('topic').column)} AS topic_id "  # noqa: S608
            f"FROM {qn(through.db_table)} t INNER JOIN m "
            f"ON m.kind = {kind} AND m.oid = t.{qn(through.get_field(column).column)}"
        )
    if relevance:
        order = "score DESC, kind, oid DESC"
    else:  # newest year first, by date within it; items without a date of their own last
        order = "year DESC NULLS LAST, day DESC NULLS LAST, kind, oid DESC"
    parts = [
        f"SELECT 0 AS section, kind, ct AS a, net, year, COUNT(*) AS n, "  # noqa: S608
        f"CAST(NULL AS {real}) AS score, {null_date} AS day FROM m GROUP BY kind, ct, net, year"
    ]
    if topic_arms:
        parts.append(
            f"SELECT 1, CAST(NULL AS integer), topic_id, CAST(NULL AS integer), CAST(NULL AS integer), COUNT(*), CAST(NULL AS {real}), {null_date} "  # noqa: S608,E501
            f"FROM ({' UNION ALL '.join(topic_arms)}) topics GROUP BY topic_id"
        )
    if organic_stop:
        parts.append(
            # n: a page's content type, so the shown pages are read by their own models.
            "SELECT * FROM (SELECT 2, kind, oid, net, year, ct, score, day FROM m "  # noqa: S608
            f"ORDER BY {order} LIMIT %s) top"
        )
    if window:
        parts.append(
            "SELECT 3, CAST(NULL AS integer), CAST(NULL AS integer), CAST(NULL AS integer), "  # noqa: S608
            f"CAST(NULL AS integer), COUNT(*), CAST(NULL AS {real}), {null_date} FROM w"
        )
    ctes.append(f"m AS MATERIALIZED ({' UNION ALL '.join(arms)})")
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"
    if organic_stop:
        sql_params.append(organic_stop)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()

    types, networks, years, topics = Counter(), Counter(), Counter(), Counter()
    count, read, top = 0, 0, []
    for section, kind, a, net, year, n, score, day in rows:
        if section == 0:
            count += n
            types["document" if kind == 1 else ct_types.get(a, "page")] += n
            if net:
                networks[net] += n
            if year:
                years[year] += n
        elif section == 1:
            topics[a] += n
        elif section == 2:
            top.append((kind, a, net, year, score, as_date(day), n))
        else:
            read = n
    facets = facet_lists(types, networks, years, topics, params)
    exact = not window or read <= window

    top.sort(key=_top_key(relevance))
    top = top[organic_start:organic_stop]
    by_page = _specific_pages([(oid, ct) for kind, oid, *_r, ct in top if kind == 0])
    by_doc = AlorDocument.objects.in_bulk([oid for kind, oid, *_r in top if kind == 1])
    organic = []
    for kind, oid, net, year, score, day, _ct in top:
        obj = (by_page if kind == 0 else by_doc).get(oid)
        if obj is None:  # deleted since the statement ran
            continue
        obj._score = score if relevance else None
        obj._facet_info = (net, year, day)
        organic.append(("page" if kind == 0 else "document", obj))
    return Found(organic, count, facets, count_exact=exact)


def _specific_pages(pages):
    """{pk: specific page} from (pk, content type id) pairs: one query per page model, where
    `.specific()` first reads every page's content type."""
    by_model = defaultdict(list)
    for pk, ct in pages:
        model = ContentType.objects.get_for_id(ct).model_class() if ct else None
        by_model[model if model and issubclass(model, Page) else Page].append(pk)
    found = {}
    for model, pks in by_model.items():
        found.update(model.objects.in_bulk(pks))
    return found


def search_window() -> int | None:
    """How many visible matches a search on the database backends reads at most (None: all).

    `ALOR_SEARCH_WINDOW`, default 1,000 — as deep as a user can page (MAX_RESULT_DEPTH). A
    search with more visible matches than that is broad: it is ranked, counted and faceted
    within the newest-indexed window, so a word in every item costs no more than a word in a
    thousand. 0 reads every match (exact counts whatever the cost).
    """
    value = getattr(settings, "ALOR_SEARCH_WINDOW", MAX_RESULT_DEPTH)
    return int(value) if value and int(value) > 0 else None


def _top_key(relevance):
    """The statement's ORDER BY, again in Python (the rows come back through UNION ALL)."""
    if relevance:
        return lambda row: (-(row[4] or 0.0), row[0], -row[1])
    return lambda row: (
        row[3] is None,
        -(row[3] or 0),
        row[5] is None,
        -(row[5].toordinal() if row[5] else 0),
        row[0],
        -row[1],
    )
