"""PostgreSQL full-text search with the `alor_norwegian` text search configuration.

The text reaches PostgreSQL analysed by `search.analysis` (the same analysis as on SQLite:
Norwegian lemmas, stems, compound parts, æ/ø/å folded; English for English objects), and
`alor_norwegian` stores those tokens as they are (the `simple` dictionary,
search/migrations/0005). Queries are analysed the same way, in the language searched, and sent
as to_tsquery() text: each word its lemma token, or else all its compound's parts.
"""

from copy import copy
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import F, FloatField, IntegerField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchRebuilder,
    PostgresSearchResults,
)
from modelsearch.backends.database.postgres.weights import WEIGHTS
from modelsearch.query import MatchAll, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search import facets, norwegian
from search.analysis import ObjectLanguages, analysis_for
from search.backends.related import RelatedOnceIndexerMixin, preload_cluster_relations
from search.norwegian import render_query

if TYPE_CHECKING:
    # FullRebuildMixin stands on a rebuilder (modelsearch has no types).
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchRebuilder as _Rebuilder,
    )
else:
    _Rebuilder = object

SEARCH_CONFIG = "alor_norwegian"
FILTER_KEY_CONFIG = "simple"  # the filter keys in a query: neither stemmed nor folded
PART_RANK = 0.1  # a match through a compound's parts, against one of the word itself


def _regconfig(name):
    """A text search configuration's name as an SQL literal."""
    return "'" + str(name).replace("'", "''") + "'::regconfig"


def _vector_sql(config):
    """SQL for one tsvector column from four parameters, the analysed text of each weight.

    One text per weight (the texts of a weight joined in order) instead of one `SearchVector`
    per field: every row then has the same SQL, which psycopg converts once and PostgreSQL
    prepares once, where compiling a Django expression per field and row was a third of a
    full reindex. Matching and ranking see the same words with the same weights.
    """
    return " || ".join(f"setweight(to_tsvector({_regconfig(config)}, %s), '{w}')" for w in WEIGHTS)


def _tsquery(terms, operator):
    """A query's terms (search.norwegian.query_terms) as to_tsquery() text."""
    return render_query(
        terms,
        operator=operator,
        quote=lambda token: "'" + token.replace("'", "''") + "'",
        and_=" & ",
        or_=" | ",
    )


class NorwegianObjectIndexer(RelatedOnceIndexerMixin, ObjectIndexer):
    """The stock indexer's columns, analysed by search.norwegian, as plain texts per weight.

    `title`, `autocomplete` and `body` are each a tuple of four strings (weights A, B, C, D)
    for `_vector_sql`; `body` also holds the filter keys (search.facets.index_tokens).
    """

    analysis = norwegian  # the object's language's (search.analysis), set by the index

    def as_vector(self, texts, for_autocomplete=False):
        analysis = self.analysis
        analyse = analysis.autocomplete_text if for_autocomplete else analysis.index_text
        by_weight: dict[str, list[str]] = {weight: [] for weight in WEIGHTS}
        for text, weight in texts:
            text = text.strip()
            if text:
                by_weight[weight].append(analyse(text))
        return tuple(" ".join(parts) for parts in by_weight.values())

    @cached_property
    def body(self):
        # The keys after the analysis, with the lowest weight: `alor_norwegian` keeps words
        # with digits as they are, and the score is the query's alone.
        *higher, lowest = super().body
        return (*higher, " ".join(filter(None, [lowest, facets.index_tokens(self.obj)])))


class NorwegianPostgresIndex(facets.FacetRowsMixin, PostgresIndex):
    # False while a full rebuild runs: its rebuilder refreshes every title norm once at the end
    # (`_refresh_title_norms(full=True)`), which makes the per-chunk refresh (a scan of the
    # whole index table after every chunk) redundant.
    refresh_title_norms_per_chunk = True

    @cached_property
    def upsert_sql(self):
        text_vector = _vector_sql(self.backend.config)
        return (
            f"INSERT INTO {IndexEntry._meta.db_table} "  # noqa: S608
            "(content_type_id, object_id, title, autocomplete, body, title_norm, "
            f"title_text, body_text) VALUES (%s, %s, {text_vector}, "
            f"{_vector_sql(self.backend.autocomplete_config)}, {text_vector}, 1.0, %s, %s) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
            "title = EXCLUDED.title, title_norm = 1.0, "
            "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
            "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
        )

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
        rows = [
            (
                content_type_pk,
                indexer.id,
                *indexer.title,
                *indexer.autocomplete,
                *indexer.body,
                indexer.title_text,
                indexer.body_text,
            )
            for indexer in indexers
        ]
        with self.write_connection.cursor() as cursor:
            cursor.executemany(self.upsert_sql, rows)
        if self.refresh_title_norms_per_chunk:
            self._refresh_title_norms()
        facets.record(model, objs, using=self.write_connection.alias)


class NorwegianPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    # The language searched, set by the engine (search.engines.database); None for Wagtail's
    # own searches, which are analysed as Norwegian.
    alor_language: str | None = None

    @property
    def analysis(self):
        return analysis_for(self.alor_language)

    def analyse(self, text):
        return self.analysis.query_tokens(text)

    def _analysed(self, query):
        if isinstance(query, PlainText):
            return PlainText(" ".join(self.analyse(query.query_string)), operator=query.operator)
        if isinstance(query, Phrase):
            return Phrase(" ".join(self.analysis.phrase_tokens(query.query_string)))
        return query

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText) and not invert and not self.LAST_TERM_IS_PREFIX:
            # Each word: its lemma (or verb), or else all its compound's parts.
            terms = self.analysis.query_terms(query.query_string)
            if terms:
                return SearchQuery(
                    _tsquery(terms, query.operator), search_type="raw", config=config
                )
        return super().build_tsquery_content(self._analysed(query), config=config, invert=invert)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        """ts_rank has no term rarity: a compound's common parts would count as much as the
        compound itself, and a title holding only «fravær» outrank one holding
        «sykefravær». When a query word has parts, the score is the rank of the words' own
        tokens plus PART_RANK times the rank of the whole query."""
        if isinstance(query, PlainText) and not self.LAST_TERM_IS_PREFIX:
            terms = self.analysis.query_terms(query.query_string)
            if any(len(term) > 1 for term in terms):
                own = SearchQuery(
                    _tsquery([term[:1] for term in terms], query.operator),
                    search_type="raw",
                    config=config,
                )
                rank = SearchRank(vector, own, weights=self.sql_weights) + PART_RANK * SearchRank(
                    vector, self.build_tsquery(query, config=config), weights=self.sql_weights
                )
                return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def _has_terms(self, query):
        if isinstance(query, (PlainText, Phrase)):
            return bool(self.analyse(query.query_string))
        return True

    def match_rows_sql(self, backend, scored=True, required=()):
        """SQL for every match, of any indexed model: columns ct (content type), oid (the
        object's id, an integer), score and eid (the index entry's id: higher was indexed
        later). `required`: filter keys (search.facets.filter_tokens) every match must also
        hold, matched with the query through the GIN index; the score is the query's alone.
        The caller keeps the content types it wants, row by row: a content-type filter
        here let the planner AND the content-type b-tree (nearly every entry) into the GIN
        index scan, 6 ms for nothing at 100,000 items.

        The match is `title || body @@ query` on the index entries alone (the GIN index from
        search/migrations/0002 covers it); score is the same ts_rank sum the stock backend
        ranks by (title × title_norm + body), or 0 when not `scored`. None when the query has
        no searchable words.
        """
        if isinstance(self.query, MatchAll) or self.fields or not self._has_terms(self.query):
            return None
        config = self.get_config(backend)
        search_query = self.build_tsquery(self.query, config=config)
        if required:
            search_query &= SearchQuery(
                " ".join(required), config=FILTER_KEY_CONFIG, search_type="plain"
            )
        if scored:
            score = self.build_tsrank(F("title"), self.query, config=config) * F(
                "title_norm"
            ) + self.build_tsrank(F("body"), self.query, config=config)
        else:
            score = Value(0.0)
        entries = (
            IndexEntry.objects.all()
            .annotate(
                _vector_=CombinedExpression(
                    F("title"), "||", F("body"), output_field=SearchVectorField()
                )
            )
            .filter(_vector_=search_query)
            .annotate(
                ct=F("content_type_id"),
                oid=Cast("object_id", IntegerField()),
                score=Cast(score, FloatField()),
                eid=F("id"),
            )
            .values("ct", "oid", "score", "eid")
        )
        return entries.query.get_compiler(using=IndexEntry.objects.db).as_sql()

    def search(self, config, start, stop, score_field=None, backend=None):
        if not isinstance(self.query, MatchAll) and not self._has_terms(self.query):
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class NorwegianPostgresAutocompleteQueryCompiler(
    NorwegianPostgresSearchQueryCompiler, PostgresAutocompleteQueryCompiler
):
    def analyse(self, text):
        return self.analysis.prefix_tokens(text)


class NorwegianPostgresSearchResults(PostgresSearchResults):
    def matching_queryset(self):
        """The queryset restricted to matches, unordered (for counts and facets).

        The match runs on the index entries alone, as `title || body @@ query`, which the GIN
        index from search/migrations/0002 covers.
        """
        compiler = self.query_compiler
        query = compiler.query
        if isinstance(query, MatchAll) or compiler.fields:
            plain = copy(compiler)
            plain.order_by_relevance = False
            return plain.search(plain.get_config(self.backend), None, None).order_by()
        if not compiler._has_terms(query):
            return compiler.queryset.none()
        search_query = compiler.build_tsquery(query, config=compiler.get_config(self.backend))
        entries = (
            IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(compiler.queryset.model)
            )
            .annotate(
                _vector_=CombinedExpression(
                    F("title"), "||", F("body"), output_field=SearchVectorField()
                ),
                _object_pk=Cast("object_id", IntegerField()),
            )
            .filter(_vector_=search_query)
            .values("_object_pk")
        )
        return compiler.queryset.filter(pk__in=entries).order_by()

    def _do_count(self):
        return self.matching_queryset().count()


class FullRebuildMixin(_Rebuilder):
    """Tell the index a full rebuild runs, so it leaves the title norms to `finish()`."""

    def start(self):
        index = super().start()
        index.refresh_title_norms_per_chunk = False
        return index

    def finish(self):
        self.index.refresh_title_norms_per_chunk = True
        super().finish()  # refreshes every title norm


class NorwegianPostgresSearchRebuilder(FullRebuildMixin, PostgresSearchRebuilder):
    pass


class NorwegianPostgresSearchAtomicRebuilder(FullRebuildMixin, PostgresSearchAtomicRebuilder):
    pass


class NorwegianPostgresSearchBackend(PostgresSearchBackend):
    supports_match_rows = True  # search.service runs one statement per request on it
    query_compiler_class = NorwegianPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = NorwegianPostgresAutocompleteQueryCompiler
    index_class = NorwegianPostgresIndex
    results_class = NorwegianPostgresSearchResults
    rebuilder_class = NorwegianPostgresSearchRebuilder
    atomic_rebuilder_class = NorwegianPostgresSearchAtomicRebuilder

    def __init__(self, params):
        params = {**params, "SEARCH_CONFIG": params.get("SEARCH_CONFIG") or SEARCH_CONFIG}
        super().__init__(params)
