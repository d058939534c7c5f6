# ruff: noqa: S608 - the SQL is assembled from table names and placeholders; values are parameters
"""The database engine (SQLite FTS5, PostgreSQL): every visible match is ranked, and counts
and facet counts are exact up to COUNT_LIMIT visible matches.

One statement per search, assembled from named parts over the backend's full-text match
(`match_rows_sql`) — on SQLite after a count of at most COUNT_LIMIT + 1 matching rows
(`at_most`) that says which way the page is ranked; a second statement only when the best
candidates hold too few visible items:

- `_visible`: «the user may see the item, and it passes every filter», for a match row. Who may
  see what comes from kb.privacy (through search.filters); the type and year filters are also
  filter keys inside the full-text match (search.facets), so they narrow the match itself.
- `_ranked` (on SQLite only where the match has more than COUNT_LIMIT rows): the best `n`
  matches of all by the scoring function (bm25() with the column weights on SQLite, the
  ts_rank sum on PostgreSQL) or by date, and the visible ones among them in the same total
  order. Hidden and filtered-out items are a small share, so the best `n` (twice what the
  page needs) nearly always hold enough; when they do not, the ranking runs again over every
  match. Either way the page is the exhaustive ranking's: a match outside the
  best `n` comes after every one of them in the same total order.
- `_counted`: the visible matches in index order, at most COUNT_LIMIT + 1 of them, with their
  facet attributes (SearchFacet) and topics. With no more than COUNT_LIMIT visible matches the
  count and every facet count are exact; above it the count is COUNT_LIMIT and `count_exact`
  false («more than»), and the facet counts, counted over the COUNT_LIMIT + 1 visible matches
  read, are lower bounds. Privacy is exact either way: a hidden item is never read into it.
  The documents among them are counted by kind, gathering and speaker too. The counted part
  also ranks its rows (with their scores) where the match has no more than COUNT_LIMIT rows,
  on PostgreSQL always, and under a filter the full-text match does not hold (a network, a
  topic): where it turns out to hold every visible match, the page is its first rows in the
  same total order, the exhaustive ranking itself, without reading the matches a second time
  (under such a filter the best `n` held too few visible items, and every match was ranked
  again).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from kb.models import AlorDocument, DocumentKind
from search import entry_keys
from search.engines.base import Found
from search.engines.wagtail import autocomplete  # noqa: F401 - the backends' own, over SQL
from search.facets import filter_tokens
from search.filters import filtered_documents, filtered_pages, network_page_paths
from search.models import SearchFacet
from search.params import COUNT_LIMIT, SORT_RELEVANCE
from search.results import as_date, facet_lists
from search.types import topic_links

# SQLite checks privacy against lists of the visible items (`_Search._among`) when the match
# has at least this share of the index's entries (at 20,000 items the two ways cost the same
# near 3,000 matches).
IN_LIST_SHARE = 0.15
# The best matches read for a page that needs `need` of them: CANDIDATE_FACTOR × need, at
# least CANDIDATE_MINIMUM; when fewer of them are visible than the page needs, every match.
CANDIDATE_FACTOR = 2
CANDIDATE_MINIMUM = 100

# The sections of the statement's rows, which share one shape through UNION ALL:
# (section, kind, oid, net, year, ct or a count, score, day).
COUNTS, TOPICS, READ, HITS, CANDIDATES, DOCUMENT_COUNTS, SPEAKERS, COUNTED_HITS = range(8)


def run(backend, params, visibility, language, ct_types, promoted_ids):
    """The organic hits of the requested page, the count and the facets (see the module)."""
    start = (params.page - 1) * params.page_size
    organic_start = max(0, start - len(promoted_ids))
    need = max(0, start + params.page_size - len(promoted_ids))

    search = _Search.build(backend, params, visibility, language, ct_types, promoted_ids)
    if search is None:
        return Found(facets=facet_lists(Counter(), Counter(), Counter(), Counter(), params))

    limit = max(CANDIDATE_FACTOR * need, CANDIDATE_MINIMUM)
    # Where the counted part holds every visible match, the page is ranked from it, in the
    # same statement; else from the ranked part. On SQLite a count of the matching rows
    # (visible or not) says beforehand when the ranked part cannot be needed, and it is left
    # out; on PostgreSQL both parts read the same materialized matches, and a count there
    # would read them once more. Where the match is larger than the counted part, the page is
    # ranked from the counted part as well only under a filter the full-text match does not
    # hold (network, topic, a document's kind, speaker or gathering): then the best matches
    # may hold too few visible items, which would mean ranking every match again.
    complete = None if search.postgres or not need else search.at_most(COUNT_LIMIT)
    rank_part = bool(need) and not complete
    selective = bool(params.network or params.topic or params.documents_only)
    from_counted = need if search.postgres or complete or selective else 0
    rows = search.execute(
        counted=True, need=need if rank_part else 0, limit=limit, ranked_from_counted=from_counted
    )
    count, facets, exact = _counts(rows, ct_types, params, visibility)
    if from_counted and exact:
        hits = [row for row in rows if row[0] == COUNTED_HITS]
    else:
        hits = [row for row in rows if row[0] == HITS]
        # (Without a ranked part: matches were indexed since they were counted.)
        candidates = sum(row[5] for row in rows if row[0] == CANDIDATES) if rank_part else limit
        if need and len(hits) < need and candidates >= limit:
            # Too few visible among the best `limit`: rank every match.
            hits = [row for row in search.execute(counted=False, need=need) if row[0] == HITS]

    organic = _objects(hits[organic_start:need], search.relevance)
    return Found(organic, count, facets, count_exact=exact)


def count(backend, params, visibility, language, ct_types, promoted_ids=()):
    """(count, exact) of the visible matches in `language`, as `run` counts them, without
    ranking or facets: the language facet's other language. The match itself asks for the
    language's filter key (search.facets.filter_tokens), so the few items of the other
    language are found in the full-text index instead of checked one match at a time."""
    search = _Search.build(
        backend, params, visibility, language, ct_types, promoted_ids, language_key=True
    )
    if search is None:
        return 0, True
    read = sum(row[5] for row in search.execute(counted=True, need=0, facets=False))
    return min(read, COUNT_LIMIT), read <= COUNT_LIMIT


# ----------------------------------------------------------------------------------- SQL parts


@dataclass(frozen=True)
class Sql:
    """A piece of SQL with its parameters, in order; pieces add up with +."""

    text: str
    params: tuple = ()

    def __add__(self, other):
        other = other if isinstance(other, Sql) else Sql(other)
        return Sql(self.text + other.text, self.params + other.params)

    def __radd__(self, other):
        return Sql(other) + self


def _join(separator, pieces):
    joined = Sql("")
    for n, piece in enumerate(pieces):
        joined = joined + (separator if n else "") + piece
    return joined


def _marks(values):
    return Sql(", ".join(["%s"] * len(values)), tuple(values))


def _ids_sql(queryset):
    """Sql selecting the ids of a queryset, or None when it can match nothing."""
    if queryset is None:
        return None
    ids = queryset.order_by().values("id")
    try:
        sql, params = ids.query.get_compiler(ids.db).as_sql()
    except EmptyResultSet:
        return None
    return Sql(sql, tuple(params))


@dataclass
class _Search:
    """What the statement of one search is built from."""

    relevance: bool
    year: int | None
    pages: Sql | None  # the ids of the visible pages that pass the filters (but the year)
    docs: Sql | None  # the same for documents
    page_cts: list
    doc_cts: list
    scored: Sql  # every full-text match (ct, oid, score, eid), with its score
    unscored: Sql  # the same without a score (score 0), for counting
    postgres: bool
    best: Callable[[int], Sql] | None = None  # the best `limit` matches, where the backend can
    in_lists: bool = False  # SQLite: privacy checked against lists built once (`_among`)

    @classmethod
    def build(
        cls, backend, params, visibility, language, ct_types, promoted_ids, *, language_key=False
    ):
        """None when nothing can match (no searchable word, nothing visible). `language_key`:
        the match also requires the language's filter key."""
        pages = _ids_sql(filtered_pages(visibility, params, language, ct_types, promoted_ids))
        docs = _ids_sql(filtered_documents(visibility, params, language))
        page_cts = get_descendants_content_types_pks(Page) if pages else []
        doc_cts = get_descendants_content_types_pks(AlorDocument) if docs else []
        if not page_cts and not doc_cts:
            return None
        compiler = getattr(backend.search(params.q, Page, operator="and"), "query_compiler", None)
        if compiler is not None:
            compiler.alor_language = language  # the query analysed as that language's text
        required = filter_tokens(params.type, params.year, language if language_key else None)
        relevance = params.sort == SORT_RELEVANCE
        scored = compiler and compiler.match_rows_sql(backend, scored=relevance, required=required)
        if compiler is None or not scored:
            return None
        unscored = compiler.match_rows_sql(backend, scored=False, required=required)
        best = None
        if relevance and hasattr(compiler, "best_rows_sql"):

            def best(limit):
                sql, sql_params = compiler.best_rows_sql(backend, limit, required=required)
                return Sql(sql, tuple(sql_params))

        return cls(
            best=best,
            relevance=relevance,
            year=params.year,
            pages=pages,
            docs=docs,
            page_cts=page_cts,
            doc_cts=doc_cts,
            scored=Sql(scored[0], tuple(scored[1])),
            unscored=Sql(unscored[0], tuple(unscored[1])),
            postgres=connections[Page.objects.db].vendor == "postgresql",
        )

    def at_most(self, n):
        """Whether the full-text match has no more than `n` rows (visible or not): one read of
        at most n + 1 of them, without a score or any check. SQLite only: it also decides how
        the statement checks privacy (`_among`)."""
        sql = (
            Sql("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM (")
            + self.unscored
            + Sql(
                f") mt LIMIT %s) n), (SELECT COUNT(*) FROM {entry_keys.TABLE})",  # the index's size
                (n + 1,),
            )
        )
        with connections[Page.objects.db].cursor() as cursor:
            cursor.execute(sql.text, list(sql.params))
            rows, entries = cursor.fetchone()
        self.in_lists = rows >= IN_LIST_SHARE * entries
        return rows <= n

    @property
    def real(self):
        return "double precision" if self.postgres else "REAL"

    @property
    def null_date(self):
        return "CAST(NULL AS date)" if self.postgres else "NULL"

    def _among(self, row, ids, alias):
        """The condition «`row`.oid is one of `ids`» (Sql selecting ids).

        A look-up of the one id in an EXISTS; on PostgreSQL OFFSET 0 keeps the planner from
        turning each EXISTS into a hash of every visible page or document (50,000 rows at
        100,000 items). On SQLite, where the match holds a large share of the index
        (`in_lists`, IN_LIST_SHARE), an IN list instead, which SQLite builds once per
        statement from the covering indexes of search.entry_keys (`PRIVACY_INDEXES`) and then
        probes: the look-up reads each match's wide page or document row (at 20,000 items
        the word in every item 101 against 96 ms, the network filter 36 against 23), while
        building the list reads every visible item (a rare word 13 against 21 ms)."""
        if self.in_lists:
            return Sql(f"{row}.oid IN (") + ids + ")"
        fence = " OFFSET 0" if self.postgres else ""
        return (
            Sql("EXISTS (SELECT 1 FROM (") + ids + f") {alias} WHERE {alias}.id = {row}.oid{fence})"
        )

    def _visible(self, row):
        """The condition on the match row `row` (ct, oid): visible and passing every filter."""
        facet = SearchFacet._meta.db_table
        fence = " OFFSET 0" if self.postgres else ""  # see `_among`
        conditions = []
        if self.pages:
            condition = (
                Sql(f"({row}.ct IN (")
                + _marks(self.page_cts)
                + ") AND "
                + self._among(row, self.pages, "vp")
            )
            if self.year:  # a page's own year, from its facet row
                condition += Sql(
                    f" AND EXISTS (SELECT 1 FROM {facet} yf WHERE yf.content_type_id = {row}.ct "
                    f"AND yf.object_id = {row}.oid AND yf.year = %s{fence})",
                    (self.year,),
                )
            conditions.append(condition + ")")
        if self.docs:
            conditions.append(
                Sql(f"({row}.ct IN (")
                + _marks(self.doc_cts)
                + ") AND "
                + self._among(row, self.docs, "vd")
                + ")"
            )
        return "(" + _join(" OR ", conditions) + ")"

    def _attributes(self, source):
        """The rows of CTE `source` (ct, oid, score, eid) with what a hit and the facets show:
        kind (0 page, 1 document), oid, score, eid, ct (a page's content type), net (its
        network), year and day (its own date)."""
        facet = SearchFacet._meta.db_table
        qn = connections[Page.objects.db].ops.quote_name
        facet_row = (
            f"LEFT OUTER JOIN {facet} f ON f.content_type_id = s.ct AND f.object_id = s.oid "
        )
        arms = []
        if self.pages:
            whens = [
                Sql(f"WHEN substr(vp.path, 1, {len(path)}) = %s THEN %s ", (path, pk))
                for pk, path in network_page_paths()
            ]
            net = "f.network_id"
            if whens:
                net = "CASE " + _join("", whens) + "ELSE f.network_id END"
            arms.append(
                Sql("SELECT 0 AS kind, s.oid AS oid, s.score AS score, s.eid AS eid, ")
                + "vp.content_type_id AS ct, "
                + net
                + f" AS net, f.year AS year, f.day AS day FROM {source} s "
                + f"INNER JOIN {qn(Page._meta.db_table)} vp ON vp.id = s.oid {facet_row}"
                + "WHERE s.ct IN ("
                + _marks(self.page_cts)
                + ")"
            )
        if self.docs:
            # A document's network and year are its own fields, written to its facet row each
            # time it is indexed (search.facets.facet_values): no second look-up of it.
            arms.append(
                Sql("SELECT 1 AS kind, s.oid AS oid, s.score AS score, s.eid AS eid, ")
                + "CAST(NULL AS integer) AS ct, f.network_id AS net, f.year AS year, "
                + f"f.day AS day FROM {source} s {facet_row}WHERE s.ct IN ("
                + _marks(self.doc_cts)
                + ")"
            )
        return _join(" UNION ALL ", arms)

    def _matches(self, scored=True, newest_first=False):
        """Every full-text match (ct, oid, score, eid). On PostgreSQL the statement reads them
        once, into CTE `a`, for both the ranking and the counting: reading the matching index
        rows is most of the work there. `newest_first`: sorted so, for a filter with a LIMIT
        above it to stop early (SQLite's full-text index is read in that order anyway)."""
        if self.postgres:
            return Sql("SELECT * FROM a" + (" ORDER BY eid DESC" if newest_first else ""))
        return self.scored if scored else self.unscored

    def _order(self):
        """The ranking's total order: the score (or the item's own date, newest first, items
        without one last), then the newest indexed first."""
        if self.relevance:
            return "score DESC, eid DESC"
        return "year DESC NULLS LAST, day DESC NULLS LAST, eid DESC"

    def _candidates(self, limit):
        """The best `limit` matches of all (every match for None), with what the order needs."""
        if self.relevance:
            matches = self.best(limit) if self.best and limit is not None else self._matches()
            body = "SELECT mt.ct AS ct, mt.oid AS oid, mt.score AS score, mt.eid AS eid FROM (" + (
                matches + ") mt"
            )
        else:
            facet = SearchFacet._meta.db_table
            body = (
                Sql("SELECT mt.ct AS ct, mt.oid AS oid, mt.score AS score, mt.eid AS eid, ")
                + "f.year AS year, f.day AS day FROM ("
                + self._matches()
                + f") mt LEFT OUTER JOIN {facet} f "
                + "ON f.content_type_id = mt.ct AND f.object_id = mt.oid"
            )
        if limit is None:
            return body
        return body + Sql(f" ORDER BY {self._order()} LIMIT %s", (limit,))

    def _ranked(self, need, limit):
        """CTEs and sections: the first `need` visible candidates in rank order, and how many
        candidates were read."""
        columns = "c.ct, c.oid, c.score, c.eid" + ("" if self.relevance else ", c.year, c.day")
        ctes = [
            "c AS MATERIALIZED (" + self._candidates(limit) + ")",
            Sql(f"v AS MATERIALIZED (SELECT {columns} FROM c WHERE ")
            + self._visible("c")
            + Sql(f" ORDER BY {self._order()} LIMIT %s)", (need,)),
            "h AS MATERIALIZED (" + self._attributes("v") + ")",
        ]
        parts = [
            Sql(
                f"SELECT * FROM (SELECT {HITS} AS section, kind, oid, net, year, ct, "
                f"CAST(score AS {self.real}) AS score, day FROM h ORDER BY {self._order()}) hits"
            )
        ]
        if limit is not None:
            parts.append(self._count_row(CANDIDATES, "c"))
        return ctes, parts

    def _counted(self, facets=True, ranked=0):
        """CTEs and sections: the count and the facet counts (without `facets`: none) over at
        most COUNT_LIMIT + 1 visible matches in index order, and how many were read. With
        `ranked`, also the first `ranked` of them in rank order (section COUNTED_HITS): where
        they are all the visible matches (no more than COUNT_LIMIT read), the exhaustive
        ranking's page, as `_ranked` gives it, without a second reading of the matches."""
        qn = connections[Page.objects.db].ops.quote_name
        ctes = [
            Sql("w AS MATERIALIZED (SELECT mt.ct AS ct, mt.oid AS oid, mt.score AS score, ")
            + "mt.eid AS eid FROM ("
            + self._matches(scored=bool(ranked), newest_first=True)
            + ") mt WHERE "
            + self._visible("mt")
            + Sql(" ORDER BY mt.eid DESC LIMIT %s)", (COUNT_LIMIT + 1,)),
        ]
        if not facets:
            return ctes, [self._count_row(READ, "w")]
        ctes += [
            # Above COUNT_LIMIT the facets count all COUNT_LIMIT + 1 rows read: lower bounds.
            "m AS MATERIALIZED (" + self._attributes("w") + ")",
        ]
        topic_arms = []
        for is_document, through_model, column in topic_links():
            if not (self.docs if is_document else self.pages):
                continue
            through = through_model._meta
            topic_arms.append(
                f"SELECT t.{qn(through.get_field('topic').column)} AS topic_id "
                f"FROM {qn(through.db_table)} t INNER JOIN m ON m.kind = {int(is_document)} "
                f"AND m.oid = t.{qn(through.get_field(column).column)}"
            )
        parts = [
            Sql(
                f"SELECT {COUNTS} AS section, kind, ct AS oid, net, year, COUNT(*) AS n, "
                f"CAST(NULL AS {self.real}) AS score, {self.null_date} AS day FROM m "
                "GROUP BY kind, ct, net, year"
            )
        ]
        if topic_arms:
            parts.append(
                Sql(
                    f"SELECT {TOPICS}, CAST(NULL AS integer), topic_id, CAST(NULL AS integer), "
                    f"CAST(NULL AS integer), COUNT(*), CAST(NULL AS {self.real}), "
                    f"{self.null_date} FROM ({' UNION ALL '.join(topic_arms)}) topics "
                    "GROUP BY topic_id"
                )
            )
        if self.docs:
            parts += self._document_counts()
        parts.append(self._count_row(READ, "w"))
        if ranked:
            parts.append(
                Sql(
                    f"SELECT * FROM (SELECT {COUNTED_HITS} AS section, kind, oid, net, year, "
                    f"ct, CAST(score AS {self.real}) AS score, day FROM m "
                    f"ORDER BY {self._order()} LIMIT %s) counted_hits",
                    (ranked,),
                )
            )
        return ctes, parts

    def _document_counts(self):
        """Sections: the visible matching documents counted by kind (its index in
        DocumentKind, in the `oid` column) and gathering (in `net`), and by speaker."""
        qn = connections[Page.objects.db].ops.quote_name
        documents = AlorDocument._meta
        kinds = _join(
            "", [Sql(f"WHEN %s THEN {n} ", (kind,)) for n, kind in enumerate(DocumentKind.values)]
        )
        through = AlorDocument.speakers.through._meta
        return [
            Sql(f"SELECT {DOCUMENT_COUNTS}, CAST(NULL AS integer), CASE d.kind ")
            + kinds
            + Sql(
                "ELSE NULL END, d.gathering_id, CAST(NULL AS integer), COUNT(*), "
                f"CAST(NULL AS {self.real}), {self.null_date} FROM m "
                f"INNER JOIN {qn(documents.db_table)} d ON m.kind = 1 AND d.id = m.oid "
                "GROUP BY d.kind, d.gathering_id"
            ),
            Sql(
                f"SELECT {SPEAKERS}, CAST(NULL AS integer), "
                f"t.{qn(through.get_field('person').column)}, CAST(NULL AS integer), "
                f"CAST(NULL AS integer), COUNT(*), CAST(NULL AS {self.real}), {self.null_date} "
                f"FROM {qn(through.db_table)} t INNER JOIN m ON m.kind = 1 "
                f"AND m.oid = t.{qn(through.get_field('alordocument').column)} "
                f"GROUP BY t.{qn(through.get_field('person').column)}"
            ),
        ]

    def _count_row(self, section, source):
        return Sql(
            f"SELECT {section}, CAST(NULL AS integer), CAST(NULL AS integer), "
            f"CAST(NULL AS integer), CAST(NULL AS integer), COUNT(*), "
            f"CAST(NULL AS {self.real}), {self.null_date} FROM {source}"
        )

    def statement(self, *, counted, need, limit=None, facets=True, ranked_from_counted=0):
        """The Sql of one statement: the counted part (with its facets, or the count alone;
        with the page ranked from it, see `_counted`) and/or the ranked part (None: neither)."""
        ctes, parts = [], []
        if self.postgres:  # scored only where something is ranked
            scored = need or ranked_from_counted
            ctes.append("a AS MATERIALIZED (" + (self.scored if scored else self.unscored) + ")")
        parts_of = (
            (counted, lambda: self._counted(facets, ranked_from_counted)),
            (need, lambda: self._ranked(need, limit)),
        )
        for wanted, build in parts_of:
            if wanted:
                more_ctes, more_parts = build()
                ctes += more_ctes
                parts += more_parts
        if not parts:
            return None
        # The CTEs first, then the sections: the parameters follow the same order.
        return "WITH " + _join(", ", ctes) + " " + _join(" UNION ALL ", parts)

    def execute(self, *, counted, need, limit=None, facets=True, ranked_from_counted=0):
        """The rows of one statement (see `statement`)."""
        statement = self.statement(
            counted=counted,
            need=need,
            limit=limit,
            facets=facets,
            ranked_from_counted=ranked_from_counted,
        )
        if statement is None:
            return []
        alias = Page.objects.db
        if not self.postgres:
            with connections[alias].cursor() as cursor:
                cursor.execute(statement.text, list(statement.params))
                return cursor.fetchall()
        # Every match is read (and ranked) through the GIN index's bitmap, which needs no
        # recheck: the sequential scan the planner prefers for a common word joins
        # `title || body` for every row of the index (three times slower at 100,000 items).
        # SET LOCAL lasts to the end of the transaction: set back after the statement, and
        # undone with the rollback when it fails.
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(statement.text, list(statement.params))
            rows = cursor.fetchall()
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
            return rows


# ----------------------------------------------------------------------------------- answers


def _counts(rows, ct_types, params, visibility=None):
    """(count, facets, exact) from the counted part's rows."""
    types, networks, years, topics = Counter[str](), Counter[int](), Counter[int](), Counter[int]()
    kinds, speakers, gatherings = Counter[str](), Counter[int](), Counter[int]()
    count = read = 0
    for section, kind, a, net, year, n, _score, _day in rows:
        if section == COUNTS:
            count += n
            types["document" if kind == 1 else ct_types.get(a, "page")] += n
            if net:
                networks[net] += n
            if year:
                years[year] += n
        elif section == TOPICS:
            topics[a] += n
        elif section == DOCUMENT_COUNTS:
            if a is not None:
                kinds[DocumentKind.values[a]] += n
            if net:
                gatherings[net] += n
        elif section == SPEAKERS:
            speakers[a] += n
        elif section == READ:
            read = n
    exact = read <= COUNT_LIMIT
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
    return min(count, COUNT_LIMIT), facets, exact


def _objects(hits, relevance):
    """(kind, object) pairs for the ranked part's rows, in their order."""
    by_page = _specific_pages([(oid, ct) for _s, kind, oid, _n, _y, ct, *_r in hits if kind == 0])
    by_doc = AlorDocument.objects.in_bulk([oid for _s, kind, oid, *_r in hits if kind == 1])
    organic = []
    for _section, kind, oid, net, year, _ct, score, day in hits:
        obj = (by_page if kind == 0 else by_doc).get(oid)
        if obj is None:  # deleted since the statement ran
            continue
        obj._score = score if relevance else None
        obj._facet_info = (net, year, as_date(day))
        organic.append(("page" if kind == 0 else "document", obj))
    return organic


def _specific_pages(pages):
    """{pk: specific page} from (pk, content type id) pairs: one query per page model, where
    `.specific()` first reads every page's content type."""
    by_model: defaultdict[type[Page], list[int]] = defaultdict(list)
    for pk, ct in pages:
        model = ContentType.objects.get_for_id(ct).model_class() if ct else None
        by_model[model if model and issubclass(model, Page) else Page].append(pk)
    found = {}
    for model, pks in by_model.items():
        found.update(model.objects.in_bulk(pks))
    return found
