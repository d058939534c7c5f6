"""Elasticsearch without a cluster: the circuit breaker and the timeouts against a socket that
never answers, the rendered index settings and mappings against Elasticsearch 8's analysis
components, the documents and queries sent, the search request's visibility and facets, and
`update_index` with the cluster down. Live tests, when ELASTICSEARCH_URL is set, check the
relevance set, privacy and facets against the database backend's answers.
"""

import json
import logging
import os
import socket
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Collection

from kb import groups
from kb.models import DocumentLanguage
from kb.privacy import Visibility
from search import english, norwegian, service
from search.backends import elasticsearch as es_backend
from search.engines import breaker as breakers
from search.engines import elasticsearch as es_engine
from search.params import SearchParams
from tests.search import es8_analysis as es8
from tests.search.conftest import make_document


@pytest.fixture(autouse=True)
def fresh_breakers():
    breakers.reset_all()
    yield
    breakers.reset_all()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def es_settings(url, *, timeout=1, connect_timeout=0.5, prefix="alor_test_"):
    return {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": timeout,
            "CONNECT_TIMEOUT": connect_timeout,
        },
        "database": {"BACKEND": "search.backends.database"},
    }


@pytest.fixture
def unreachable_elasticsearch(settings):
    settings.WAGTAILSEARCH_BACKENDS = es_settings(f"http://127.0.0.1:{closed_port()}")


@pytest.fixture
def silent_cluster(settings):
    """A cluster that accepts connections and never answers; counts the connections."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(32)
    sock.settimeout(0.05)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = sock.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = es_settings(f"http://127.0.0.1:{port}", timeout=1)
    settings.ALOR_SEARCH_BREAKER_COOLDOWN = 30
    yield SimpleNamespace(accepted=accepted)
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    sock.close()


# ----------------------------------------------------------------------------- the breaker


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_breaker_opens_on_failure_and_probes_once_after_the_cooldown(caplog):
    clock = Clock()
    breaker = breakers.CircuitBreaker("default", cooldown=30, clock=clock)
    assert breaker.allow()
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        breaker.failure(TimeoutError())
    assert "circuit breaker opened" in caplog.text
    assert not breaker.allow()
    clock.now += 29.9
    assert not breaker.allow()
    clock.now += 0.2
    assert breaker.state == breakers.HALF_OPEN
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # everyone else: the database, while the probe runs
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        breaker.success()
    assert "circuit breaker closed" in caplog.text
    assert breaker.allow() and breaker.allow()


def test_a_failed_probe_opens_the_breaker_for_another_cooldown(caplog):
    clock = Clock()
    breaker = breakers.CircuitBreaker("default", cooldown=30, clock=clock)
    breaker.failure(TimeoutError())
    clock.now += 31
    assert breaker.allow()
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        breaker.failure(TimeoutError())
    assert "opened again" in caplog.text
    clock.now += 29
    assert not breaker.allow()
    clock.now += 2
    assert breaker.allow()


def test_only_one_thread_probes():
    clock = Clock()
    breaker = breakers.CircuitBreaker("default", cooldown=30, clock=clock)
    breaker.failure(TimeoutError())
    clock.now += 31
    start, allowed = threading.Barrier(16), []

    def ask():
        start.wait()
        allowed.append(breaker.allow())

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 1


def test_a_cluster_that_never_answers_costs_one_read_timeout_then_nothing(
    silent_cluster, corpus, caplog, monkeypatch
):
    """A query with no hits runs twice (the other language too): only the first run waits."""
    breakers.reset_all()  # building the corpus opened it already (see the next test)
    accepted_before = len(silent_cluster.accepted)
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        began = time.monotonic()
        result = service.search(SearchParams(q="ordetsomingenbruker"))
        first = time.monotonic() - began
    assert result.backend == "database" and result.count == 0
    assert 0.9 <= first < 1.8, first  # the read timeout (1 s) once, not twice
    assert len(silent_cluster.accepted) == accepted_before + 1
    assert "circuit breaker opened" in caplog.text

    sent = []
    perform = es_backend.Urllib3HttpNode.perform_request
    monkeypatch.setattr(
        es_backend.Urllib3HttpNode,
        "perform_request",
        lambda node, *args, **kwargs: sent.append(args) or perform(node, *args, **kwargs),
    )
    found = service.search(SearchParams(q="sykefravar"))
    suggestions = service.autocomplete("pårør")
    assert sent == []  # the breaker is open: straight to the database, nothing asked
    assert found.backend == "database"
    assert found.results[0].title == "Sykefravær og alkohol i arbeidslivet"
    assert [s["title"] for s in suggestions] == ["Pårørende på jobben"]
    assert len(silent_cluster.accepted) == accepted_before + 1


def test_saves_while_the_cluster_never_answers_wait_once(silent_cluster, tree, caplog):
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        for n in range(5):
            make_document(f"Notat {n}", "Vernetiltak i praksis.")
    assert time.monotonic() - began < 1.9  # one read timeout, not five
    assert len(silent_cluster.accepted) == 1
    assert "Search index update skipped" in caplog.text
    result = service.search(SearchParams(q="vernetiltak"))
    assert result.backend == "database" and result.count == 5


def test_connect_timeout_is_short_and_apart_from_the_read_timeout():
    backend = es_backend.SearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "TIMEOUT": 5, "CONNECT_TIMEOUT": 0.5}
    )
    node = next(iter(backend.es.transport.node_pool.all()))
    sent = {}

    def urlopen(method, target, **kwargs):
        sent.update(kwargs)
        raise OSError("no network in this test")

    node.pool.urlopen = urlopen
    from elastic_transport import ConnectionError as TransportConnectionError

    with pytest.raises(TransportConnectionError):
        node.perform_request("GET", "/", request_timeout=5.0)
    assert sent["timeout"].connect_timeout == 0.5
    assert sent["timeout"].read_timeout == 5.0
    assert backend.es._request_timeout == 5


def test_falls_back_to_database_when_cluster_is_down(
    unreachable_elasticsearch, corpus, client, caplog
):
    breakers.reset_all()  # building the corpus opened it already
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        response = client.get("/api/search/", {"q": "sykefravar"})
    assert response.status_code == 200
    titles = [r["title"] for r in response.json()["results"]]
    assert titles[0] == "Sykefravær og alkohol i arbeidslivet"
    assert any("unreachable" in r.message and "database" in r.message for r in caplog.records)
    suggestions = client.get("/api/search/autocomplete/", {"q": "pårør"}).json()["results"]
    assert [s["title"] for s in suggestions] == ["Pårørende på jobben"]
    assert client.get("/search/", {"q": "parorende"}).status_code == 200


def test_each_fallback_is_a_search_fallback_event_saying_why(
    unreachable_elasticsearch, corpus, client, caplog
):
    breakers.reset_all()
    with caplog.at_level(logging.INFO, logger="alor.search"):
        first = client.get("/api/search/", {"q": "sykefravar"})
        second = client.get("/api/search/", {"q": "sykefravar"})
    assert first.status_code == second.status_code == 200
    events = [r for r in caplog.records if getattr(r, "event", None) == "search_fallback"]
    # The first search met the cluster down; the next went to the database at once.
    assert [e.reason for e in events][:2] == ["unreachable", "breaker_open"]
    assert events[0].levelno == logging.WARNING
    assert events[0].backend == "default" and events[0].fallback == "database"
    assert events[0].error == "ConnectionError"
    opened = [r for r in caplog.records if getattr(r, "event", None) == "search_breaker_opened"]
    assert len(opened) == 1 and opened[0].backend.startswith("elasticsearch http://127.0.0.1:")
    assert opened[0].pathname.endswith("breaker.py")  # the line that logged it, not a helper


def test_saving_content_while_cluster_is_down_still_indexes_the_database(
    unreachable_elasticsearch, tree
):
    make_document("Nytt notat", "Notatet om vernetiltak.")
    result = service.search(service.SearchParams(q="vernetiltak"))
    assert result.backend == "database"
    assert [hit.title for hit in result.results] == ["Nytt notat"]


def test_update_index_with_the_cluster_down_rebuilds_the_database_and_fails(
    unreachable_elasticsearch, corpus, capsys
):
    from search.models import SearchFacet

    SearchFacet.objects.all().delete()
    with pytest.raises(CommandError, match="default"):
        call_command("update_index", verbosity=1)
    out, err = capsys.readouterr()
    assert "Backend 'default' failed" in err
    assert "failed: default" in out and "Rebuilt: database" in out
    assert SearchFacet.objects.exists()  # the database backend was rebuilt after the failure
    result = service.search(SearchParams(q="lysark"))
    assert [hit.title for hit in result.results] == ["Presentasjon: rusmiddelbruk og fravær"]


# ----------------------------------------------------------- settings and mappings, checked


def _check_component(kind, name, definition, types):
    assert "type" in definition, f"{kind} {name!r} has no type"
    assert definition["type"] in types, f"{kind} {name!r}: unknown type {definition['type']!r}"
    for required in types[definition["type"]]:
        options = required if isinstance(required, tuple) else (required,)
        assert any(o in definition for o in options), f"{kind} {name!r} needs {options}"


def check_index_settings(index_settings):
    """The analysis of `index_settings` uses only Elasticsearch 8's components, with their
    required options, and every analyzer refers to defined or built-in parts."""
    analysis = index_settings["settings"]["analysis"]
    tokenizers = analysis.get("tokenizer", {})
    filters = analysis.get("filter", {})
    char_filters = analysis.get("char_filter", {})
    for name, definition in tokenizers.items():
        _check_component("tokenizer", name, definition, es8.TOKENIZERS)
    for name, definition in filters.items():
        _check_component("filter", name, definition, es8.TOKEN_FILTERS)
        if definition["type"] == "ngram":
            diff = definition.get("max_gram", 2) - definition.get("min_gram", 1)
            assert diff <= index_settings["settings"].get("index", {}).get("max_ngram_diff", 1)
    for name, definition in char_filters.items():
        _check_component("char_filter", name, definition, es8.CHAR_FILTERS)
    for name, definition in analysis.get("analyzer", {}).items():
        _check_component("analyzer", name, definition, es8.ANALYZERS)
        if definition["type"] != "custom":
            continue
        tokenizer = definition["tokenizer"]
        assert tokenizer in tokenizers or tokenizer in es8.BUILTIN_TOKENIZERS, tokenizer
        for f in definition.get("filter", []):
            assert f in filters or f in es8.BUILTIN_TOKEN_FILTERS, f"{name}: filter {f!r}"
        for c in definition.get("char_filter", []):
            assert c in char_filters or c in es8.BUILTIN_CHAR_FILTERS, f"{name}: char filter {c!r}"
    return set(analysis.get("analyzer", {})) | es8.BUILTIN_ANALYZERS


def check_mapping(properties, analyzers):
    for name, field in properties.items():
        assert field["type"] in es8.FIELD_TYPES, f"{name}: type {field['type']!r}"
        for key in ("analyzer", "search_analyzer"):
            if key in field:
                assert field[key] in analyzers, f"{name}: {key} {field[key]!r} is not defined"
        if field["type"] == "nested":
            check_mapping(field["properties"], analyzers)


def test_index_settings_and_mappings_use_elasticsearch_8_components():
    backend = es_backend.SearchBackend({"URLS": ["http://127.0.0.1:9"]})
    assert backend.settings == es_backend.index_settings()  # nothing of Wagtail's left over
    analyzers = check_index_settings(backend.settings)
    from modelsearch.index import get_indexed_models

    for model in get_indexed_models():
        check_mapping(backend.mapping_class(model).get_mapping()["properties"], analyzers)


def test_the_checker_refuses_what_elasticsearch_would():
    bad = {
        "settings": {
            "analysis": {
                "filter": {"x": {"type": "stemmer_overide", "rules": []}},
                "analyzer": {"a": {"type": "custom", "tokenizer": "standard"}},
            }
        }
    }
    with pytest.raises(AssertionError, match="unknown type"):
        check_index_settings(bad)
    bad["settings"]["analysis"]["filter"] = {"x": {"type": "pattern_replace"}}
    with pytest.raises(AssertionError, match="needs"):
        check_index_settings(bad)
    bad["settings"]["analysis"]["filter"] = {}
    bad["settings"]["analysis"]["analyzer"]["a"]["filter"] = ["norwegian_stem"]
    with pytest.raises(AssertionError, match="filter 'norwegian_stem'"):
        check_index_settings(bad)


# -------------------------------------------------------------- what the cluster is sent


def test_documents_carry_the_norwegian_tokens_and_the_filter_attributes(corpus):
    mapping = es_backend.AlorMapping(type(corpus.alcohol))
    doc = mapping.get_document(corpus.alcohol)
    field = lambda name: next(v for k, v in doc.items() if k.split("__")[-1] == name)  # noqa: E731
    assert doc["title"] == norwegian.index_text(corpus.alcohol.title)
    assert field("intro") == norwegian.index_text(corpus.alcohol.intro)
    assert "sykefravar" in doc["_edgengrams"][0]  # autocomplete folded as the rest
    assert field("topics") == [{"name": norwegian.index_text("Sykefravær")}]
    assert doc["alor_kind"] == "page" and doc["alor_type"] == "article"
    assert doc["alor_path"] == corpus.alcohol.path and doc["alor_live"] is True
    assert doc["alor_year"] == 2025 and doc["alor_date"] == "2025-03-01"
    assert doc["alor_topics"] == [corpus.topic.pk]

    gathering = es_backend.AlorMapping(type(corpus.gathering)).get_document(corpus.gathering)
    assert gathering["alor_network"] == corpus.network.pk
    assert gathering["alor_networks"] == [corpus.network.pk]
    assert gathering["alor_year"] == 2025

    slides = es_backend.AlorMapping(type(corpus.slides)).get_document(corpus.slides)
    assert slides["extracted_text"] == norwegian.index_text(corpus.slides.extracted_text)
    assert slides["alor_kind"] == "document" and slides["alor_language"] == "nb"
    assert slides["alor_collection"] == corpus.slides.collection_id
    assert slides["alor_network"] == corpus.network.pk and slides["alor_topics"] == [
        corpus.topic.pk
    ]


def test_every_indexed_model_gives_a_document_the_cluster_can_take(corpus):
    from django.core.serializers.json import DjangoJSONEncoder
    from modelsearch.index import get_indexed_models

    built = 0
    for model in get_indexed_models():
        for obj in model.get_indexed_objects()[:2]:
            doc = es_backend.AlorMapping(model).get_document(obj)
            json.dumps(doc, cls=DjangoJSONEncoder)
            built += 1
    assert built > 5


def test_english_documents_are_analysed_as_english(tree):
    doc = make_document(
        "Meeting the relatives", "Policies for relatives.", language=DocumentLanguage.EN
    )
    doc.refresh_from_db()
    sent = es_backend.AlorMapping(type(doc)).get_document(doc)
    assert sent["extracted_text"] == english.index_text("Policies for relatives.")
    assert sent["extracted_text"] == "polici relat"
    assert sent["title_edgengrams"] == "meeting the relatives"


def test_queries_are_analysed_in_the_language_searched():
    from wagtail.models import Page

    backend = es_backend.SearchBackend({"URLS": ["http://127.0.0.1:9"]})
    compiler = backend.query_compiler_class(Page.objects.none(), "Alkoholen og møtene")
    assert compiler.get_inner_query()["multi_match"]["query"] == " ".join(
        norwegian.query_tokens("Alkoholen og møtene")
    )
    compiler = backend.query_compiler_class(Page.objects.none(), "the meetings")
    compiler.alor_language = "en"
    assert compiler.get_inner_query()["multi_match"]["query"] == "meet"
    auto = backend.autocomplete_query_compiler_class(Page.objects.none(), "Pårør")
    assert auto.get_inner_query() == {"match": {"_edgengrams": {"query": "paror"}}}


def test_query_terms_with_alternatives_compile_to_bool_queries(monkeypatch):
    """An analysis whose words have alternatives (a lemma's token, or a compound's parts
    together) is sent as that structure: any alternative, all of its groups."""
    from wagtail.models import Page

    terms = [
        ((("regel",),),),  # one token
        ((("alkoholtest", "alkoholtesting"),), (("alkohol",), ("test",))),  # or its parts
    ]
    analysis = SimpleNamespace(query_terms=lambda text: terms, query_tokens=lambda text: [])
    monkeypatch.setattr(es_backend, "analysis_for", lambda language: analysis)
    backend = es_backend.SearchBackend({"URLS": ["http://127.0.0.1:9"]})
    compiler = backend.query_compiler_class(
        Page.objects.none(), "regler alkoholtesting", operator="and"
    )
    query = compiler.get_inner_query()

    def text(q):
        return q["multi_match"]["query"]

    first, second = query["bool"]["must"]
    assert text(first) == "regel"
    whole, parts = second["bool"]["should"]
    assert text(whole) == "alkoholtest alkoholtesting" and "operator" not in whole["multi_match"]
    assert [text(q) for q in parts["bool"]["must"]] == ["alkohol", "test"]


class FakeCluster:
    """Stands in for `search.engines.elasticsearch.execute`: records the requests, answers
    with `response` (hits given as (kind, pk, score))."""

    def __init__(self, hits=(), aggregations=None, total=None, relation="eq"):
        self.requests = []
        self.hits, self.aggregations = list(hits), aggregations or {}
        self.total, self.relation = (len(self.hits) if total is None else total), relation

    def __call__(self, backend, kinds, body):
        self.requests.append((kinds, body))
        return {
            "hits": {
                "total": {"value": self.total, "relation": self.relation},
                "hits": [
                    {"_score": score, "fields": {"alor_kind": [kind], "alor_pk": [pk]}}
                    for kind, pk, score in self.hits
                ],
            },
            "aggregations": self.aggregations,
        }


@pytest.fixture
def fake_cluster(settings, monkeypatch):
    settings.WAGTAILSEARCH_BACKENDS = es_settings(f"http://127.0.0.1:{closed_port()}")
    for method in ("add", "add_bulk", "delete"):  # index updates: nowhere to send them
        monkeypatch.setattr(es_backend.SearchBackend, method, lambda *args: None)

    def install(**kwargs):
        cluster = FakeCluster(**kwargs)
        monkeypatch.setattr(es_engine, "execute", cluster)
        return cluster

    return install


def _clauses(body):
    return {
        clause["bool"]["filter"][0]["term"]["alor_kind"]: clause["bool"]
        for clause in body["query"]["bool"]["should"]
    }


def test_visibility_is_sent_as_path_and_collection_terms(
    fake_cluster, private_items, rag_user, tree
):
    cluster = fake_cluster()
    service.search(SearchParams(q="fjellrev"))
    kinds, body = cluster.requests[0]  # (the second: the same search in English)
    assert kinds == ["page", "document"]
    clauses = _clauses(body)
    page, document = clauses["page"], clauses["document"]
    assert {"term": {"alor_live": True}} in page["filter"]
    assert {"prefix": {"alor_path": tree.governance.path}} in page["must_not"]
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    assert {"terms": {"alor_collection": [rag.pk]}} in document["must_not"]
    assert body["track_total_hits"] == 10_000

    cluster.requests.clear()
    service.search(SearchParams(q="fjellrev"), user=rag_user)
    rag_clauses = _clauses(cluster.requests[0][1])
    assert rag_clauses["page"]["must_not"] == [] and rag_clauses["document"]["must_not"] == []


def test_the_request_does_not_grow_with_the_archive(fake_cluster, private_items):
    cluster = fake_cluster()
    service.search(SearchParams(q="kornblomst"))
    before = json.dumps(cluster.requests, sort_keys=True)
    cluster.requests.clear()
    for n in range(40):
        make_document(f"Notat {n}", "Kornblomst igjen.")
    service.search(SearchParams(q="kornblomst"))
    assert json.dumps(cluster.requests, sort_keys=True) == before


def test_hits_are_checked_against_the_database_again(fake_cluster, private_items):
    """An index that lags behind (a page moved under RAG, say) shows nothing it should not."""
    fake_cluster(
        hits=[
            ("page", private_items.rag_page.pk, 3.0),
            ("page", private_items.public_page.pk, 2.0),
            ("document", private_items.rag_document.pk, 1.5),
            ("document", private_items.public_document.pk, 1.0),
        ]
    )
    result = service.search(SearchParams(q="hva som helst"))
    assert [hit.title for hit in result.results] == ["Kvitsteinrapporten", "Offentlig Kornblomst"]


def test_facets_and_count_come_from_the_aggregations_over_all_hits(fake_cluster, corpus):
    buckets = lambda pairs: {"buckets": [{"key": k, "doc_count": n} for k, n in pairs]}  # noqa: E731
    fake_cluster(
        hits=[("page", corpus.alcohol.pk, 5.0)],
        total=10_000,
        relation="gte",
        aggregations={
            "type": buckets([("article", 9_000), ("document", 3_500)]),
            "network": buckets([(corpus.network.pk, 4_000)]),
            "year": buckets([(2025, 7_000), (2024, 5_500)]),
            "topic": buckets([(corpus.topic.pk, 1_234)]),
        },
    )
    result = service.search(SearchParams(q="sykefravar"))
    assert result.count == 12_500 and result.count_exact
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert facets["type"] == {"article": 9_000, "document": 3_500}
    assert facets["network"] == {"more-og-romsdal": 4_000}
    assert facets["year"] == {"2025": 7_000, "2024": 5_500}
    assert facets["topic"] == {"sykefravaer": 1_234}


def test_the_count_says_when_it_is_a_lower_bound():
    response = {
        "hits": {"total": {"value": 10_000, "relation": "gte"}},
        "aggregations": {"type": {"buckets": [], "sum_other_doc_count": 0}},
    }
    assert es_engine.total(response) == (10_000, False)


def test_filters_and_date_sort_are_terms_on_the_items_own_attributes(fake_cluster, corpus):
    cluster = fake_cluster()
    service.search(
        SearchParams(q="samling", network="more-og-romsdal", year=2025, topic="sykefravaer")
    )
    clauses = _clauses(cluster.requests[0][1])
    assert {"terms": {"alor_networks": [corpus.network.pk]}} in clauses["page"]["filter"]
    assert {"terms": {"alor_network": [corpus.network.pk]}} in clauses["document"]["filter"]
    assert {"term": {"alor_year": 2025}} in clauses["page"]["filter"]
    assert {"terms": {"alor_topics": [corpus.topic.pk]}} in clauses["document"]["filter"]
    cluster.requests.clear()
    service.search(SearchParams(q="samling", type="gathering", sort="date"))
    kinds, body = cluster.requests[0]
    assert kinds == ["page"]
    assert body["sort"][0] == {"alor_year": {"order": "desc", "missing": "_last"}}


def test_the_client_sends_one_search_over_both_indices(corpus):
    """What elasticsearch-py makes of the engine's request: one POST, global term statistics."""
    backend = es_backend.SearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "alor_"})
    sent = []

    def perform_request(method, path, params=None, headers=None, body=None, **kwargs):
        sent.append((method, path, params, body))
        raise RuntimeError("nothing to answer")

    backend.es.perform_request = perform_request
    params = SearchParams(q="Alkoholen")
    clauses = es_engine.visibility_clauses(Visibility(), params, "nb")
    with pytest.raises(RuntimeError):
        es_engine.execute(
            backend, list(clauses), es_engine.search_body(backend, params, clauses, "nb", 0, 10)
        )
    [(method, path, query_params, body)] = sent
    assert (method, path) == ("POST", "/alor_wagtailcore_page,alor_kb_alordocument/_search")
    assert query_params == {"search_type": "dfs_query_then_fetch"}
    assert body["track_total_hits"] == 10_000 and body["size"] == 10 and body["from"] == 0
    page_query = body["query"]["bool"]["should"][0]["bool"]["must"]["multi_match"]
    assert page_query["query"] == " ".join(norwegian.query_tokens("Alkoholen"))


def test_a_moved_subtree_is_indexed_again_with_its_new_paths(
    fake_cluster, corpus, tree, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        es_backend.SearchBackend,
        "add_bulk",
        lambda backend, model, objs: sent.extend(
            es_backend.AlorMapping(model).get_document(o) for o in objs
        ),
    )
    corpus.network.move(tree.governance, pos="last-child")
    paths = {doc["alor_pk"]: doc["alor_path"] for doc in sent}
    assert set(paths) == {corpus.network.pk, corpus.gathering.pk}
    assert all(path.startswith(tree.governance.path) for path in paths.values())


# ----------------------------------------------------------------------- a live cluster

live = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="set ELASTICSEARCH_URL to run the tests against a live Elasticsearch cluster",
)


@pytest.fixture
def live_elasticsearch(settings):
    settings.WAGTAILSEARCH_BACKENDS = es_settings(
        os.environ.get("ELASTICSEARCH_URL", ""), timeout=10, connect_timeout=1
    )

    def rebuild():
        call_command("update_index", backend_name="default", verbosity=0)

    return rebuild


def _on_database(settings, search):
    """What the database backend answers to the same search."""
    configured = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    try:
        return search()
    finally:
        settings.WAGTAILSEARCH_BACKENDS = configured


def _relevance_cases():
    from tests.search.test_relevance import CASES

    return CASES


@live
@pytest.mark.elasticsearch
@pytest.mark.parametrize(
    ("query", "found", "first", "absent"),
    _relevance_cases(),
    ids=[c[0] for c in _relevance_cases()],
)
def test_live_relevance_set(corpus, live_elasticsearch, query, found, first, absent):
    live_elasticsearch()
    result = service.search(SearchParams(q=query, page_size=20))
    assert result.backend == "default"
    titles = [hit.title for hit in result.results]
    for title in found:
        assert title in titles, f"{query!r} should find {title!r}; found {titles}"
    if first:
        assert titles[0] == first, f"{query!r} should rank {first!r} first; got {titles}"
    for title in absent:
        assert title not in titles


@live
@pytest.mark.elasticsearch
@pytest.mark.parametrize("query", ["sykefravar", "samling", "program", "pårørende"])
def test_live_counts_and_facets_match_the_database(corpus, live_elasticsearch, settings, query):
    live_elasticsearch()
    result = service.search(SearchParams(q=query, page_size=50))
    expected = _on_database(settings, lambda: service.search(SearchParams(q=query, page_size=50)))
    assert result.backend == "default"
    assert result.count == expected.count
    assert {h.title for h in result.results} == {h.title for h in expected.results}
    for name in ("type", "network", "year", "topic"):
        got = {v.value: v.count for v in result.facets[name]}
        assert got == {v.value: v.count for v in expected.facets[name]}, name


@live
@pytest.mark.elasticsearch
@pytest.mark.parametrize("query", ["fjellrev", "hvitveis", "utkastordet"])
def test_live_privacy(private_items, live_elasticsearch, rag_user, query):
    live_elasticsearch()
    anonymous = service.search(SearchParams(q=query))
    assert anonymous.backend == "default"
    assert anonymous.count == 0 and anonymous.results == []
    assert all(not values for values in anonymous.facets.values())
    assert service.autocomplete(query[:5]) == []
    member = service.search(SearchParams(q=query), user=rag_user)
    assert member.count == (0 if query == "utkastordet" else 1)


@live
@pytest.mark.elasticsearch
def test_live_autocomplete_folds(corpus, live_elasticsearch):
    live_elasticsearch()
    assert [s["title"] for s in service.autocomplete("parør")] == ["Pårørende på jobben"]
