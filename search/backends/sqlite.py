"""SQLite FTS5 search with Norwegian analysis and bm25 ranking.

Wagtail's embedded backend stores the text as written and ranks every matching row with a
correlated sub-query that re-runs the full-text match: no stemming, no folding, and a word in
every row takes seconds. This backend stores analysed tokens (`search.analysis`: Norwegian, or
English for English objects), analyses queries the same way in the language searched, and ranks
in one statement with FTS5's own `bm25()`.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search import entry_keys, facets, norwegian
from search.analysis import ObjectLanguages, analysis_for
from search.backends.related import RelatedOnceIndexerMixin, preload_cluster_relations
from search.norwegian import render_query

# Column weights for bm25(): the FTS table's columns are (autocomplete, body, title).
BM25_WEIGHTS = (0.0, 1.0, 3.0)
# The filter keys (search.facets.index_tokens) are stored in the autocomplete column, which
# the search's bm25() weighs 0: a filter narrows the match without changing any score, so a
# filtered search ranks its items exactly as the same search without the filter would.
KEY_COLUMN = "autocomplete"


class NorwegianObjectIndexer(RelatedOnceIndexerMixin, ObjectIndexer):
    analysis = norwegian  # the object's language's (search.analysis), set by the index

    @cached_property
    def title(self):
        return self.analysis.index_text(super().title)

    @cached_property
    def body(self):
        return self.analysis.index_text(super().body)

    @cached_property
    def autocomplete(self):
        text = self.analysis.autocomplete_text(super().autocomplete)
        return " ".join(filter(None, [text, facets.index_tokens(self.obj)]))


class NorwegianSQLiteIndex(facets.FacetRowsMixin, SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [NorwegianObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        languages = ObjectLanguages()
        for indexer in indexers:
            indexer.analysis = languages.analysis(indexer.obj)
        preload_cluster_relations(model, indexers)
        facets.preload(model, objs)  # the documents' gathering dates, for their year keys
        content_type_pk = get_content_type_pk(model)
        data = {i.id: (i.title, i.autocomplete, i.body) for i in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = dict(entries.filter(object_id__in=list(data)).values_list("object_id", "pk"))
        for object_id, pk in existing.items():
            title, autocomplete, body = data[object_id]
            self.entries.filter(pk=pk).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            [
                IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in existing
            ],
            batch_size=500,
        )
        # No title_norm refresh here: bm25() ranks by itself, and the stock refresh scans the
        # whole index table after every chunk, which made a full reindex quadratic.
        facets.record(model, objs, using=self.write_connection.alias)


class KeyedMatchExpression(MatchExpression):
    """The query over its columns AND the filter keys over the key column:
    `{title body} : (query) AND {autocomplete} : ("key")`."""

    def __init__(self, columns, query, keys):
        super().__init__(columns, query)
        self.keys = keys

    def as_sql(self, compiler, connection):
        template, params = super().as_sql(compiler, connection)
        keys = " AND ".join(f'"{key}"' for key in self.keys)
        return template, [f"{params[0]} AND {{{KEY_COLUMN}}} : ({keys})"]


class _Expression(Lexeme):
    """An FTS5 query expression made by `search.norwegian.render_query`, used as it is."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


def _fts5_query(terms, operator):
    return _Expression(
        render_query(terms, operator=operator, quote='"{}"'.format, and_=" AND ", or_=" OR ")
    )


def _lexemes(tokens, operator, prefix_last=False):
    lexemes = None
    for n, token in enumerate(tokens):
        lexeme = Lexeme(token, prefix=prefix_last and n == len(tokens) - 1)
        if lexemes is None:
            lexemes = lexeme
        elif operator == "or":
            lexemes |= lexeme
        else:
            lexemes &= lexeme
    return lexemes


class NorwegianSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    BM25_COLUMN_WEIGHTS = BM25_WEIGHTS
    # The language searched, set by the engine (search.engines.database); None for Wagtail's
    # own searches, which are analysed as Norwegian.
    alor_language: str | None = None

    @property
    def analysis(self):
        return analysis_for(self.alor_language)

    def analyse(self, text):
        return self.analysis.query_tokens(text)

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            operator = query.operator.lower()
            if self.LAST_TERM_IS_PREFIX:
                tokens = self.analyse(query.query_string)
                if not tokens:
                    return None
                lexemes = _lexemes(tokens, operator, prefix_last=True)
            else:
                # Each word: its lemma (or verb), or else all its compound's parts.
                terms = self.analysis.query_terms(query.query_string)
                if not terms:
                    return None
                lexemes = _fts5_query(terms, operator)
            return SearchQueryExpression(lexemes, config=config)
        if isinstance(query, Phrase):
            tokens = self.analysis.phrase_tokens(query.query_string)
            if not tokens:
                return None
            return SearchQueryExpression(" ".join(tokens))
        return super().build_search_query_content(query, config=config)

    def _match_expression(self, required=()):
        """The FTS5 MATCH for the query (with the filter keys `required` as well), False when
        the query has no searchable words, None when it is no full-text query."""
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)) or self.fields:
            return None
        built = self.build_search_query(query)
        if built is None:
            return False
        if required:
            return KeyedMatchExpression(self.FTS_TABLE_FIELDS, built, tuple(required))
        return MatchExpression(self.FTS_TABLE_FIELDS, built)

    def _bm25(self):
        weights = ", ".join(str(w) for w in self.BM25_COLUMN_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})"

    def _compiled_match(self, match):
        """(sql, params) of an FTS5 MATCH expression for this queryset's database."""
        fts_compiler = SQLiteFTSIndexEntry.objects.all().query.get_compiler(self.queryset.db)
        return match.as_sql(fts_compiler, connections[self.queryset.db])

    def _matches_sql(self, match, select, all_models=False):
        """SQL over the FTS matches of this model (of every model with `all_models`, whose
        keys come from the narrow key table, search.entry_keys: `e.ct`, `e.oid`); CROSS
        JOIN keeps the FTS table outermost.

        With the index entries outermost SQLite re-runs the full-text match for every entry,
        which is what makes a common word slow; driven from the FTS table it runs once.
        """
        match_sql, match_params = self._compiled_match(match)
        fts = SQLiteFTSIndexEntry._meta.db_table
        entries = entry_keys.TABLE if all_models else IndexEntry._meta.db_table
        sql = (
            f"SELECT {select} FROM {fts} CROSS JOIN {entries} e ON e.id = {fts}.rowid "  # noqa: S608
            f"WHERE {match_sql}"
        )
        if all_models:
            return sql, list(match_params)
        cts = get_descendants_content_types_pks(self.queryset.model)
        sql += f" AND e.content_type_id IN ({', '.join(['%s'] * len(cts))})"
        return sql, [*match_params, *cts]

    def match_rows_sql(self, backend, scored=True, required=()):
        """SQL for every match, of any indexed model: columns ct (content type), oid (the
        object's id, an integer), score and eid (the index order: higher was indexed later).
        The caller keeps the content types it wants. `required`: filter keys (see
        search.facets.filter_tokens) every match must also hold.

        One FTS5 match, driven from the FTS table; score is -bm25() (higher is better), or 0
        when not `scored`. eid is the FTS rowid itself, so `ORDER BY eid DESC LIMIT n` reads
        the newest n matches from the full-text index without visiting the others.
        None when the query has no searchable words.
        """
        match = self._match_expression(required)
        if not match:
            return None
        score = f"-{self._bm25()}" if scored else "0.0"
        select = (
            f"e.ct AS ct, e.oid AS oid, {score} AS score, "
            f"{SQLiteFTSIndexEntry._meta.db_table}.rowid AS eid"
        )
        return self._matches_sql(match, select, all_models=True)

    def best_rows_sql(self, backend, limit, required=()):
        """SQL for the best `limit` matches of any indexed model, best first (ties: the newest
        indexed first), with the columns of `match_rows_sql`; None as there.

        bm25() ranks every match inside the FTS table alone, then only the best `limit` are
        joined to their keys (search.entry_keys): joined first, a word in every item read
        100,000 key rows for nothing.
        """
        match = self._match_expression(required)
        if not match:
            return None
        match_sql, match_params = self._compiled_match(match)
        fts = SQLiteFTSIndexEntry._meta.db_table
        sql = (
            "SELECT e.ct AS ct, e.oid AS oid, "  # noqa: S608
            f"b.score AS score, b.eid AS eid FROM (SELECT {fts}.rowid AS eid, -{self._bm25()} "
            f"AS score FROM {fts} WHERE {match_sql} ORDER BY score DESC, eid DESC LIMIT %s) b "
            f"CROSS JOIN {entry_keys.TABLE} e ON e.id = b.eid"
        )
        return sql, [*match_params, limit]

    def ranked_ids(self, start, stop):
        """[(object pk as text, score)] best first, in one statement ranked by bm25()."""
        match = self._match_expression()
        if not match:
            return []
        inner = self.queryset.order_by().values("pk").query
        try:
            inner_sql, inner_params = inner.get_compiler(self.queryset.db).as_sql()
        except EmptyResultSet:
            return []
        sql, params = self._matches_sql(match, f"e.object_id, {self._bm25()} AS rank")
        limit = -1 if stop is None else max(stop - (start or 0), 0)
        sql += (
            f" AND CAST(e.object_id AS INTEGER) IN ({inner_sql}) ORDER BY rank LIMIT %s OFFSET %s"
        )
        params += [*inner_params, limit, start or 0]
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [(object_id, -rank) for object_id, rank in cursor.fetchall()]

    def matching_queryset(self):
        """The queryset restricted to matches, unordered (for counts and facets)."""
        match = self._match_expression()
        if match is None:
            return self.search(None, None, None)
        if match is False:
            return self.queryset.none()
        sql, params = self._matches_sql(match, "CAST(e.object_id AS INTEGER)")
        return self.queryset.filter(pk__in=RawSQL(sql, params)).order_by()  # noqa: S611


class NorwegianSQLiteAutocompleteQueryCompiler(
    NorwegianSQLiteSearchQueryCompiler, SQLiteAutocompleteQueryCompiler
):
    LAST_TERM_IS_PREFIX = True
    FTS_TABLE_FIELDS = ["autocomplete"]
    BM25_COLUMN_WEIGHTS = (1.0, 0.0, 0.0)

    def analyse(self, text):
        # The filter keys share the autocomplete column: a typed word never matches them.
        tokens = self.analysis.prefix_tokens(text)
        return [] if any(t.startswith(facets.KEY_PREFIX) for t in tokens) else tokens


class NorwegianSQLiteSearchResults(SQLiteSearchResults):
    def _ranked(self):
        compiler = self.query_compiler
        return compiler.order_by_relevance and compiler._match_expression()

    def _do_search(self):
        if not self._ranked():
            return super()._do_search()
        ranked = self.query_compiler.ranked_ids(self.start, self.stop)
        if not ranked:
            return []
        order = Case(
            *[When(pk=int(pk), then=Value(n)) for n, (pk, _s) in enumerate(ranked)],
            output_field=IntegerField(),
        )
        objs = list(
            self.query_compiler.queryset.filter(pk__in=[int(pk) for pk, _s in ranked])
            .annotate(_rank_order=order)
            .order_by("_rank_order")
        )
        if self._score_field:
            scores = {int(pk): score for pk, score in ranked}
            for obj in objs:
                setattr(obj, self._score_field, scores.get(obj.pk))
        return objs

    def _do_count(self):
        return self.query_compiler.matching_queryset().count()

    def matching_queryset(self):
        return self.query_compiler.matching_queryset()


class NorwegianSQLiteSearchBackend(SQLiteSearchBackend):
    supports_match_rows = True  # search.service runs one statement per request on it
    query_compiler_class = NorwegianSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = NorwegianSQLiteAutocompleteQueryCompiler
    index_class = NorwegianSQLiteIndex
    results_class = NorwegianSQLiteSearchResults
