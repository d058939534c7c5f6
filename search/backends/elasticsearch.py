"""Elasticsearch 8 with the project's own analysis, filter attributes and timeouts.

`"BACKEND": "search.backends.elasticsearch"` in WAGTAILSEARCH_BACKENDS (alor.settings.base,
SEARCH_BACKEND=elasticsearch). What it changes from Wagtail's `elasticsearch8` backend:

**The text arrives analysed.** Every text Elasticsearch indexes or searches for has been
through `search.norwegian` (English pages and documents through `search.english`) before it
is sent, and the index analyses it only by splitting on whitespace. Decided over an
Elasticsearch-native chain rendered from the same Python data (a `mapping` char filter for
æ/ø/å and the digraphs, `stop` with the folded stop words, `stemmer_override`/`synonym` with
the lemma data, `snowball`, `dictionary_decompounder` with the compound parts) because:

- the three backends (SQLite, PostgreSQL, Elasticsearch) then see exactly the same tokens by
  construction, not by a second implementation kept in step: the project's stemming runs
  Snowball until the word stops changing and undoubles a final consonant, and splits
  compounds longest tail first with linking letters — neither has an exact native equivalent
  (`dictionary_decompounder` emits every listed sub-word it finds, a different token set);
- the lemma and compound data (a lemma list from `simplemma`/`hunspell-no` is tens of
  thousands of rules) would otherwise travel inline in the index settings, which
  Elasticsearch keeps in the cluster state of every node, and a change to it would still need
  a full reindex, as it does here;
- what Elasticsearch receives is testable on a machine without a cluster: the documents and
  the queries are Python values (tests/search/test_elasticsearch.py).

What is given up: Elasticsearch's own highlighter would mark stems, not words (the project
highlights from the database objects, `search.highlight`, on every backend), and `_source`
holds the analysed text (nothing reads it: hits are loaded from the database).

**Filter attributes of its own** (`alor_*`, `ALOR_PROPERTIES`): the item's kind, result type,
live flag, locale, tree path and depth, collection, language, networks, year, date and topics
(and a document's kind, speakers and gathering),
computed by the same functions the database backends' facet rows use (`search.facets`). The
engine (`search.engines.elasticsearch`) filters visibility by these terms (path prefixes of
the restricted sections, ids of the restricted collections) instead of a list of every visible
id, and counts the facets as aggregations over all hits.

**A short connect timeout apart from the read timeout** (`CONNECT_TIMEOUT`, default 1 s;
`TIMEOUT` is the read timeout), and no retries: the circuit breaker
(`search.engines.breaker`) decides when to try again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from contextvars import ContextVar
from functools import partial
from typing import TYPE_CHECKING

import urllib3
from elastic_transport import Urllib3HttpNode
from elastic_transport._models import DEFAULT
from elasticsearch.helpers import streaming_bulk
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, class_is_indexed
from wagtail.models import Page

from kb.models import AlorDocument, NetworkPage
from search import facets
from search.analysis import ObjectLanguages, analysis_for
from search.engines import pending
from search.engines.breaker import breaker_for, external_errors
from search.types import type_of

if TYPE_CHECKING:
    # QueryLanguageMixin stands on a query compiler (modelsearch has no types).
    from modelsearch.backends.elasticsearch8 import (
        Elasticsearch8SearchQueryCompiler as _QueryCompiler,
    )
else:
    _QueryCompiler = object

logger = logging.getLogger("alor.search")

DEFAULT_CONNECT_TIMEOUT = 1.0
EDGENGRAM_MAX = 15  # the longest prefix autocomplete matches, as Wagtail's own


def index_settings() -> dict:
    """The index settings: whitespace splitting of the analysed text (see the module's
    docstring), edge n-grams of the folded words for autocomplete."""
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "alor_edgengram": {
                        "type": "edge_ngram",
                        "min_gram": 1,
                        "max_gram": EDGENGRAM_MAX,
                    },
                },
                "analyzer": {
                    # Every text field without an analyzer of its own (title, body, _all_text…).
                    "default": {"type": "custom", "tokenizer": "whitespace"},
                    "alor_tokens": {"type": "custom", "tokenizer": "whitespace"},
                    "alor_edgengrams": {
                        "type": "custom",
                        "tokenizer": "whitespace",
                        "filter": ["alor_edgengram"],
                    },
                },
            },
            "index": {"max_ngram_diff": EDGENGRAM_MAX},
        }
    }


ALOR_PROPERTIES = {
    "alor_kind": {"type": "keyword"},  # «page» or «document»
    "alor_type": {"type": "keyword"},  # the result type key (search.types)
    "alor_pk": {"type": "long"},
    "alor_live": {"type": "boolean"},
    "alor_locale": {"type": "integer"},
    "alor_depth": {"type": "integer"},
    "alor_path": {"type": "keyword"},
    "alor_collection": {"type": "integer"},
    "alor_language": {"type": "keyword"},
    "alor_network": {"type": "integer"},  # the network the facet counts it under
    "alor_networks": {"type": "integer"},  # every network the network filter finds it under
    "alor_year": {"type": "integer"},
    "alor_date": {"type": "date"},
    "alor_topics": {"type": "integer"},
    "alor_document_kind": {"type": "keyword"},  # a document's kind (kb.enums.DocumentKind)
    "alor_speakers": {"type": "integer"},  # a document's speakers (Person ids)
    "alor_gathering": {"type": "integer"},  # a document's gathering (page id)
}

_language: ContextVar[str | None] = ContextVar("alor_es_language", default=None)


class AlorMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {
        "analyzer": "alor_edgengrams",
        "search_analyzer": "alor_tokens",
    }

    def __init__(self, model):
        super().__init__(model)
        self._languages = ObjectLanguages()
        self._networks = None

    def get_mapping(self):
        mapping = super().get_mapping()
        mapping["properties"].update(ALOR_PROPERTIES)
        return mapping

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        analysis = analysis_for(_language.get())
        if isinstance(field, AutocompleteField):
            value = _apply(analysis.autocomplete_text, value)
            return name, value, [value]
        if isinstance(field, SearchField) and not isinstance(field, RelatedFields):
            value = _apply(analysis.index_text, value)
        return name, value, edgengrams

    def get_document(self, obj):
        token = _language.set(self.language_of(obj))
        try:
            doc = super().get_document(obj)
        finally:
            _language.reset(token)
        doc["_edgengrams"] = [v for v in doc["_edgengrams"] if v]
        doc.update(self.alor_fields(obj))
        return doc

    def language_of(self, obj):
        return self._languages.of(obj)

    def network_paths(self):
        """(pk, path) of the network pages, deepest first (search.filters.network_case)."""
        if self._networks is None:
            networks = Page.objects.filter(pk__in=NetworkPage.objects.values("pk"))
            self._networks = list(networks.order_by("-depth", "path").values_list("pk", "path"))
        return self._networks

    def alor_fields(self, obj) -> dict:
        """The filter attributes of a page or a document (see ALOR_PROPERTIES); none for the
        other indexed models (topics, images), which the site's search does not return."""
        if not isinstance(obj, (Page, AlorDocument)):
            return {}
        values = facets.facet_values(obj) or (None, None, None)
        year, day, own_network = values
        topics = getattr(obj, "topics", None)
        fields = {
            "alor_type": type_of(obj),
            "alor_pk": obj.pk,
            "alor_year": year,
            "alor_date": day.isoformat() if day else None,
            "alor_topics": [t.pk for t in topics.all()] if topics is not None else [],
        }
        if isinstance(obj, AlorDocument):
            fields.update(
                alor_kind="document",
                alor_collection=obj.collection_id,
                alor_language=obj.language,
                alor_network=obj.network_id,
                alor_networks=[obj.network_id] if obj.network_id else [],
                alor_document_kind=obj.kind,
                alor_speakers=[person.pk for person in obj.speakers.all()],
                alor_gathering=obj.gathering_id,
            )
            return fields
        in_tree = [pk for pk, path in self.network_paths() if obj.path.startswith(path)]
        networks = in_tree + ([own_network] if own_network and own_network not in in_tree else [])
        fields.update(
            alor_kind="page",
            alor_live=obj.live,
            alor_locale=obj.locale_id,
            alor_depth=obj.depth,
            alor_path=obj.path,
            alor_network=(in_tree[0] if in_tree else own_network),
            alor_networks=networks,
        )
        return fields


def _apply(analyse, value):
    """The analysed text of a field's value (a string, or a list of them from a StreamField)."""
    if isinstance(value, str):
        return analyse(value)
    if isinstance(value, (list, tuple)):
        return [analyse(v) if isinstance(v, str) else v for v in value]
    return value


class AlorIndex(Elasticsearch8Index):
    def add_items(self, model, items):
        facets.preload(model, items)  # the documents' gathering dates, in one query
        super().add_items(model, items)


class QueryLanguageMixin(_QueryCompiler):
    """Query text analysed as the index text was, in the language searched (`alor_language`,
    set by the engine; Norwegian otherwise, for Wagtail's own admin searches).

    A query is a list of terms, one per word; a term matches if any of its alternatives does
    (the word's own tokens, or its compound's parts together), an alternative if all of its
    groups do, a group if any of its tokens does: the structure of the analysis module's
    `query_terms` where it has one (the database backends render the same structure in SQL),
    else one token per term. Terms of one token each compile to Wagtail's own query."""

    alor_language = None

    def query_terms(self, text):
        analysis = analysis_for(self.alor_language)
        if hasattr(analysis, "query_terms"):
            return analysis.query_terms(text)
        return [(((token,),),) for token in analysis.query_tokens(text)]

    def analysed(self, text):
        analysis = analysis_for(self.alor_language)
        tokens = getattr(analysis, "phrase_tokens", analysis.query_tokens)(text)
        return " ".join(tokens)

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        terms = self.query_terms(query.query_string)
        if not terms:
            return {"bool": {"must_not": {"match_all": {}}}}
        compile_tokens = super()._compile_plaintext_query

        def tokens_query(text, operator):
            return compile_tokens(type(query)(text, operator=operator), fields, boost)

        if all(len(t) == 1 and len(t[0]) == 1 and len(t[0][0]) == 1 for t in terms):
            return tokens_query(" ".join(t[0][0][0] for t in terms), query.operator)

        def any_of(queries):
            return queries[0] if len(queries) == 1 else {"bool": {"should": queries}}

        def all_of(queries):
            return queries[0] if len(queries) == 1 else {"bool": {"must": queries}}

        compiled = [
            any_of(
                [
                    all_of([tokens_query(" ".join(group), "or") for group in alternative])
                    for alternative in term
                ]
            )
            for term in terms
        ]
        return (all_of if query.operator == "and" else any_of)(compiled)

    def _compile_fuzzy_query(self, query, fields):
        query = type(query)(self.analysed(query.query_string), operator=query.operator)
        return super()._compile_fuzzy_query(query, fields)

    def _compile_phrase_query(self, query, fields):
        return super()._compile_phrase_query(type(query)(self.analysed(query.query_string)), fields)


class AlorQueryCompiler(QueryLanguageMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = AlorMapping


class AlorAutocompleteQueryCompiler(QueryLanguageMixin, Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = AlorMapping

    def query_terms(self, text):
        return [(((token,),),) for token in analysis_for(self.alor_language).prefix_tokens(text)]


def node_class(connect_timeout: float):
    """An HTTP node whose connect timeout is `connect_timeout` and whose read timeout is the
    request's (elastic_transport gives urllib3 one total timeout for both)."""

    def split(timeout):
        if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
            return urllib3.Timeout(connect=min(connect_timeout, timeout), read=timeout)
        return timeout

    class ConnectTimeoutNode(Urllib3HttpNode):
        connect_timeout: float

        def __init__(self, config):
            super().__init__(config)
            self.pool.timeout = split(config.request_timeout) or self.pool.timeout

        def perform_request(self, method, target, body=None, headers=None, request_timeout=DEFAULT):
            return super().perform_request(
                method, target, body=body, headers=headers, request_timeout=split(request_timeout)
            )

    ConnectTimeoutNode.connect_timeout = connect_timeout
    return ConnectTimeoutNode


class AlorElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend with the project's analysis (module docstring)."""

    alor_engine = "elasticsearch"  # search.engines answers through search.engines.elasticsearch
    mapping_class = AlorMapping
    index_class = AlorIndex
    query_compiler_class = AlorQueryCompiler
    autocomplete_query_compiler_class = AlorAutocompleteQueryCompiler
    settings = index_settings()

    def __init__(self, params):
        self.alor_params = dict(params)  # to find its alias again (search.engines.pending)
        params = dict(params)
        self.connect_timeout = float(params.pop("CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT))
        options = {"max_retries": 0, "retry_on_timeout": False, **params.get("OPTIONS", {})}
        options.setdefault("node_class", node_class(self.connect_timeout))
        params["OPTIONS"] = options
        super().__init__(params)
        # One circuit breaker per cluster (search.engines.breaker), for searches and updates.
        self.breaker_key = "elasticsearch " + ",".join(
            f"{h['scheme']}://{h['host']}:{h['port']}{h.get('path_prefix', '')}"
            if isinstance(h, dict)
            else str(h)
            for h in self.hosts
        )

    def _guarded(self, what, objs, work):
        """Run an index update unless the cluster's breaker is open (then skip it); a skipped
        or failed update is logged and recorded for its replay (search.engines.pending)."""
        breaker = breaker_for(self.breaker_key)
        if not breaker.allow():
            logger.warning(
                "Search index update skipped (%s), %s does not answer: recorded, sent again "
                "once it does",
                what,
                self.breaker_key,
            )
            pending.record(self, objs, what)
            return
        try:
            work()
        except external_errors() as error:
            breaker.failure(error)
            pending.record(self, objs, what)
            raise
        except BaseException:
            breaker.release()
            raise
        if breaker.success():
            pending.schedule_replay(self)

    def add(self, obj):
        self._guarded(f"{type(obj).__name__} {obj.pk}", [obj], partial(super().add, obj))

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        self._guarded(
            f"{len(obj_list)} × {model.__name__}",
            obj_list,
            partial(super().add_bulk, model, obj_list),
        )

    def delete(self, obj):
        self._guarded(
            f"removing {type(obj).__name__} {obj.pk}",
            [obj],
            partial(super().delete, obj),
        )

    def replay_pending(self, resolved):
        """Send one batch of pending updates (search.engines.pending.replay) in one bulk request:
        {row: (model, its indexed instance, or None to delete it)} → ({accepted row: True if
        added, False if deleted}, [refused rows]). Transport errors are raised."""
        actions, rows = [], []
        by_class = defaultdict(list)
        for row, (model, obj) in resolved.items():
            if obj is not None:
                by_class[type(obj)].append((row, obj))
            elif model is not None and class_is_indexed(model):
                actions.append(
                    {
                        "_op_type": "delete",
                        "_index": self.get_index_for_model(model).name,
                        "_id": str(row.object_id),
                    }
                )
                rows.append((row, False))
        accepted = {row: False for row, (model, obj) in resolved.items() if model is None}
        for cls, pairs in by_class.items():
            mapping = self.mapping_class(cls)
            facets.preload(cls, [obj for _row, obj in pairs])
            index = self.get_index_for_model(cls).name
            for row, obj in pairs:
                document = mapping.get_document(obj)
                actions.append({"_index": index, "_id": mapping.get_document_id(obj), **document})
                rows.append((row, True))
        refused = []
        results = streaming_bulk(
            self.es, actions, raise_on_error=False, raise_on_exception=True, max_retries=0
        )
        for (row, added), (ok, item) in zip(rows, results, strict=True):
            [(op_type, answer)] = item.items()
            if ok or (op_type == "delete" and answer.get("status") == 404):
                accepted[row] = added
            else:
                logger.error("Search index refused %s %s: %s", op_type, row, answer.get("error"))
                refused.append(row)
        return accepted, refused


SearchBackend = AlorElasticsearch8SearchBackend
