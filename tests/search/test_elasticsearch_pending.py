"""The index updates Elasticsearch missed during an outage (search.engines.pending), without a
cluster:
recorded when skipped or failed (never when the save is rolled back), left out of the search
request until they are replayed (the database answers above the bound), replayed against a
small local server that answers as Elasticsearch's bulk API does, and cleared by
`update_index`. Live tests, when ELASTICSEARCH_URL is set, run an outage against a real one.
"""

import json
import logging
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from wagtail.models import Collection, Page

from kb import groups
from kb.models import AlorDocument
from search import service
from search.engines import breaker as breakers
from search.engines import elasticsearch as es_engine
from search.engines import pending
from search.models import PendingIndexUpdate
from search.params import SearchParams
from tests.search.conftest import make_document
from tests.search.test_elasticsearch import FakeCluster, closed_port, es_settings, live


@pytest.fixture(autouse=True)
def fresh_breakers():
    breakers.reset_all()
    yield
    breakers.reset_all()


class Handler(BaseHTTPRequestHandler):
    """Answers as Elasticsearch 8 does the requests the backend and the replay send."""

    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _request(self, method):
        cluster = self.server.cluster
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        path = self.path.split("?")[0]
        cluster.requests.append((method, path, body))
        if cluster.down:
            return self._answer(503, {"error": {"type": "unavailable"}, "status": 503})
        if path.endswith("/_bulk"):
            return self._answer(200, cluster.bulk(body))
        if path.endswith("/_search"):
            return self._answer(
                200, {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
            )
        if "/_doc/" in path:
            index, _doc, doc_id = path.strip("/").split("/")
            if method == "DELETE":
                found = cluster.docs.pop((index, doc_id), None) is not None
                return self._answer(200 if found else 404, {"result": "deleted"})
            cluster.docs[(index, doc_id)] = json.loads(body)
            return self._answer(201, {"_index": index, "_id": doc_id, "result": "created"})
        return self._answer(200, {"acknowledged": True})

    def do_POST(self):
        self._request("POST")

    def do_PUT(self):
        self._request("PUT")

    def do_DELETE(self):
        self._request("DELETE")

    def do_GET(self):
        self._request("GET")


class LocalCluster:
    def __init__(self):
        self.requests, self.docs, self.refuse, self.down = [], {}, set(), False
        self.actions = []  # (op, index, id) of every bulk action received, in order

    def bulk_actions(self):
        return list(self.actions)

    def bulk(self, body):
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items, i = [], 0
        while i < len(lines):
            [(op, meta)] = lines[i].items()
            key = (meta["_index"], meta["_id"])
            self.actions.append((op, *key))
            if op == "delete":
                status = 200 if self.docs.pop(key, None) is not None else 404
                i += 1
            elif meta["_id"] in self.refuse:
                items.append({op: {**meta, "status": 400, "error": {"type": "mapper_parsing"}}})
                i += 2
                continue
            else:
                self.docs[key] = lines[i + 1]
                status = 201
                i += 2
            items.append({op: {**meta, "status": status}})
        errors = any(not 200 <= item[op]["status"] < 300 for item in items for op in item)
        return {"took": 1, "errors": errors, "items": items}


@pytest.fixture
def local_cluster(settings):
    cluster = LocalCluster()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.cluster = cluster
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILSEARCH_BACKENDS = es_settings(f"http://127.0.0.1:{server.server_port}")
    settings.ALOR_SEARCH_BREAKER_COOLDOWN = 30
    yield cluster
    server.shutdown()
    server.server_close()
    thread.join()


def breaker():
    return breakers.breaker_for(service_backend().breaker_key)


def service_backend():
    from wagtail.search.backends import get_search_backend

    return get_search_backend("default")


def pending_of(obj):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return PendingIndexUpdate.objects.filter(content_type_id=ct.pk, object_id=obj.pk)


def open_breaker():
    breaker().failure(TimeoutError())


# ------------------------------------------------------------------------------- recorded


def test_an_update_that_fails_or_is_skipped_is_recorded_once(settings, tree, caplog):
    settings.WAGTAILSEARCH_BACKENDS = es_settings(f"http://127.0.0.1:{closed_port()}")
    breakers.reset_all()
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        failed = make_document("Notat", "Vernetiltak.")  # refused connection: breaker opens
        skipped = make_document("Notat to", "Vernetiltak.")  # breaker open: skipped
    assert "circuit breaker opened" in caplog.text
    assert "Search index update skipped" in caplog.text
    assert pending_of(failed).get().backend == "default"
    row = pending_of(skipped).get()
    skipped.title = "Notat to, endret"
    skipped.save()
    again = pending_of(skipped).get()  # one row per object, its last miss recorded
    assert again.pk == row.pk and again.updated_at > row.updated_at
    assert again.created_at == row.created_at


def test_a_rolled_back_save_leaves_no_record(local_cluster, tree):
    open_breaker()

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        document = make_document("Angret", "Vernetiltak.")
        assert pending_of(document).exists()
        raise Undo
    assert not PendingIndexUpdate.objects.filter(
        object_id=document.pk, content_type_id=ContentType.objects.get_for_model(AlorDocument).pk
    ).exists()
    with transaction.atomic():
        kept = make_document("Beholdt", "Vernetiltak.")
    assert pending_of(kept).exists()


def test_a_failure_to_record_never_fails_the_save(local_cluster, tree, monkeypatch, caplog):
    """A real database error while recording (which on PostgreSQL aborts the transaction
    unless it is contained): the save goes on, the error is logged."""
    open_breaker()

    def broken(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_here")

    monkeypatch.setattr(PendingIndexUpdate.objects, "bulk_create", broken)
    with caplog.at_level(logging.ERROR, logger="alor.search"), transaction.atomic():
        document = make_document("Lagres likevel", "Vernetiltak.")
        document.title = "Lagres likevel, endret"
        document.save()
    assert AlorDocument.objects.get(pk=document.pk).title == "Lagres likevel, endret"
    assert "Could not record the missed search index update" in caplog.text
    assert not pending_of(document).exists()
    with pytest.raises(DatabaseError):  # what the stand-in does is a real database error
        broken()


# ------------------------------------------------------------------- excluded meanwhile


@pytest.fixture
def fake_search(settings, monkeypatch):
    settings.WAGTAILSEARCH_BACKENDS = es_settings(f"http://127.0.0.1:{closed_port()}")
    cluster = FakeCluster()
    monkeypatch.setattr(es_engine, "execute", cluster)
    return cluster


def _must_not(body):
    return {
        clause["bool"]["filter"][0]["term"]["alor_kind"]: clause["bool"]["must_not"]
        for clause in body["query"]["bool"]["should"]
    }


def _pend(*objs):
    now = timezone.now()
    PendingIndexUpdate.objects.bulk_create(
        PendingIndexUpdate(
            backend="default",
            content_type_id=ContentType.objects.get_for_model(o, for_concrete_model=True).pk,
            object_id=o.pk,
            created_at=now,
            updated_at=now,
        )
        for o in objs
    )


def test_the_search_request_leaves_out_the_objects_the_cluster_missed(private_items, fake_search):
    """A page moved into RAG and a document moved to the RAG collection during an outage:
    the cluster still has them as public, so the request excludes them by id."""
    PendingIndexUpdate.objects.all().delete()
    page, document = private_items.public_page, private_items.public_document
    service.search(SearchParams(q="kornblomst"))
    kinds, body = fake_search.requests[0]
    assert {"terms": {"alor_pk": [page.pk]}} not in _must_not(body)["page"]

    _pend(page, document, Page.objects.get(pk=page.pk))  # the page's row and its specific's
    fake_search.requests.clear()
    found = service.search(SearchParams(q="kornblomst"))
    assert found.backend == "default"
    must_not = _must_not(fake_search.requests[0][1])
    assert {"terms": {"alor_pk": [page.pk]}} in must_not["page"]
    assert {"terms": {"alor_pk": [document.pk]}} in must_not["document"]

    fake_search.requests.clear()
    service.autocomplete("kornbl")
    must_not = _must_not(fake_search.requests[0][1])
    assert {"terms": {"alor_pk": [document.pk]}} in must_not["document"]


def test_above_the_bound_the_database_answers(private_items, fake_search, settings, caplog):
    settings.ALOR_SEARCH_PENDING_BOUND = 2
    PendingIndexUpdate.objects.all().delete()
    _pend(private_items.public_page, private_items.public_document, private_items.rag_document)
    with caplog.at_level(logging.WARNING, logger="alor.search"):
        found = service.search(SearchParams(q="kornblomst"))
    assert found.backend == "database"
    assert [hit.title for hit in found.results] == ["Offentlig Kornblomst"]
    assert fake_search.requests == []
    assert "answering from the database" in caplog.text
    assert breaker().state == breakers.CLOSED  # no verdict on the cluster
    PendingIndexUpdate.objects.filter(object_id=private_items.rag_document.pk).delete()
    assert service.search(SearchParams(q="kornblomst")).backend == "default"


# ------------------------------------------------------------------------------ replayed


def test_the_replay_sends_each_object_as_it_is_now_and_then_forgets_it(local_cluster, tree):
    kept = make_document("Beholdt", "Vernetiltak.")
    gone = make_document("Slettet", "Vernetiltak.")
    gone_pk = gone.pk
    open_breaker()
    kept.collection = Collection.objects.get(name=groups.RAG_COLLECTION)
    kept.save()
    gone.delete()
    assert pending_of(kept).exists()
    assert PendingIndexUpdate.objects.filter(object_id=gone_pk).exists()
    local_cluster.requests.clear()
    local_cluster.actions.clear()

    breakers.reset_all()  # the cool-down has passed
    report = pending.replay()
    actions = local_cluster.bulk_actions()
    assert ("index", "alor_test_kb_alordocument", str(kept.pk)) in actions
    assert ("delete", "alor_test_kb_alordocument", str(gone_pk)) in actions
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    assert local_cluster.docs[("alor_test_kb_alordocument", str(kept.pk))]["alor_collection"] == (
        rag.pk
    )
    assert not PendingIndexUpdate.objects.filter(object_id__in=[kept.pk, gone_pk]).exists()
    assert report.added >= 1 and report.deleted >= 1 and report.left == 0


def test_an_unpublished_page_is_sent_again_as_not_live(local_cluster, corpus):
    page = corpus.alcohol
    open_breaker()
    page.unpublish()
    assert pending_of(page.specific).exists()
    breakers.reset_all()
    pending.replay()
    doc = local_cluster.docs[("alor_test_wagtailcore_page", str(page.pk))]
    assert doc["alor_live"] is False
    assert not PendingIndexUpdate.objects.exists()


def test_while_the_cluster_is_down_the_replay_keeps_every_row(local_cluster, tree):
    open_breaker()
    document = make_document("Venter", "Vernetiltak.")
    before = PendingIndexUpdate.objects.count()
    breakers.reset_all()
    local_cluster.down = True
    report = pending.replay()
    assert PendingIndexUpdate.objects.count() == before and pending_of(document).exists()
    assert report.added == 0 and report.left == before
    assert breaker().state == breakers.OPEN
    local_cluster.requests.clear()
    local_cluster.actions.clear()
    pending.replay()  # the breaker is open: not even asked
    assert local_cluster.requests == []


def test_a_refused_object_stays_pending_and_the_rest_go(local_cluster, tree, caplog):
    open_breaker()
    good = make_document("God", "Vernetiltak.")
    bad = make_document("Avvist", "Vernetiltak.")
    local_cluster.refuse.add(str(bad.pk))
    breakers.reset_all()
    with caplog.at_level(logging.ERROR, logger="alor.search"):
        report = pending.replay()
    assert not pending_of(good).exists() and pending_of(bad).exists()
    assert report.refused == 1 and "refused" in caplog.text


def test_an_update_missed_during_the_replay_is_not_forgotten(local_cluster, tree, monkeypatch):
    open_breaker()
    document = make_document("Endres underveis", "Vernetiltak.")
    breakers.reset_all()
    send = type(service_backend()).replay_pending

    def meanwhile(backend, resolved):
        answer = send(backend, resolved)
        pending_of(document).update(updated_at=timezone.now() + timedelta(seconds=1))
        return answer

    monkeypatch.setattr(type(service_backend()), "replay_pending", meanwhile)
    pending.replay()
    assert pending_of(document).exists()


def test_the_replay_goes_in_bounded_batches(local_cluster, tree, monkeypatch):
    monkeypatch.setattr(pending, "BATCH", 2)
    open_breaker()
    for n in range(5):
        make_document(f"Notat {n}", "Vernetiltak.")
    total = PendingIndexUpdate.objects.count()
    breakers.reset_all()
    local_cluster.requests.clear()
    local_cluster.actions.clear()
    report = pending.replay(limit=3)
    bulks = [r for r in local_cluster.requests if r[1].endswith("/_bulk")]
    assert len(bulks) == 2  # 2 + 1
    assert max(len(body.splitlines()) for _m, _p, body in bulks) <= 2 * 2
    assert report.left == total - 3


def test_the_first_answer_after_the_cooldown_replays(
    local_cluster, tree, django_capture_on_commit_callbacks
):
    open_breaker()
    document = make_document("Under utfallet", "Vernetiltak.")
    assert pending_of(document).exists()
    local_cluster.requests.clear()
    local_cluster.actions.clear()
    breaker()._opened_at -= 31  # the cool-down has passed
    with django_capture_on_commit_callbacks(execute=True):
        found = service.search(SearchParams(q="vernetiltak"))  # the probe: closes the breaker
    assert found.backend == "default"
    assert ("index", "alor_test_kb_alordocument", str(document.pk)) in (
        local_cluster.bulk_actions()
    )
    assert not pending_of(document).exists()


def test_a_save_that_closes_the_breaker_replays_the_rest(
    local_cluster, tree, django_capture_on_commit_callbacks
):
    open_breaker()
    missed = make_document("Under utfallet", "Vernetiltak.")
    breaker()._opened_at -= 31
    with django_capture_on_commit_callbacks(execute=True):
        make_document("Etter utfallet", "Vernetiltak.")  # the probe succeeds
    assert breaker().state == breakers.CLOSED
    assert not pending_of(missed).exists()


def test_the_worker_recovery_loop_replays(local_cluster, tree):
    from kb.documents import recovery

    open_breaker()
    document = make_document("Til arbeideren", "Vernetiltak.")
    breakers.reset_all()
    recovery.recovery_ran.send(sender=recovery.Heartbeat)
    assert not pending_of(document).exists()


def test_no_elasticsearch_no_work(db):
    assert pending.replay().backends == []


# -------------------------------------------------------------------------- update_index


def test_update_index_clears_what_its_rebuild_made_moot(local_cluster, tree, monkeypatch):
    from search.management.commands import update_index

    open_breaker()
    before = make_document("Før", "Vernetiltak.")
    during = SimpleNamespace()
    rebuilt = []

    def update_backend(command, name, **kwargs):
        rebuilt.append(name)
        if name == "default":  # a save missed while the rebuild ran: it may be stale in it
            during.document = make_document("Under", "Vernetiltak.")

    monkeypatch.setattr(update_index.Command, "update_backend", update_backend)
    call_command("update_index", verbosity=0)
    assert rebuilt == ["default", "database"]
    assert not pending_of(before).exists()
    assert pending_of(during.document).exists()


def test_a_failed_rebuild_clears_nothing(local_cluster, tree, monkeypatch):
    from django.core.management import CommandError

    from search.management.commands import update_index

    open_breaker()
    document = make_document("Før", "Vernetiltak.")

    def update_backend(command, name, **kwargs):
        if name == "default":
            raise ConnectionError("down")

    monkeypatch.setattr(update_index.Command, "update_backend", update_backend)
    with pytest.raises(CommandError):
        call_command("update_index", verbosity=0)
    assert pending_of(document).exists()


# ------------------------------------------------------------------------ a live cluster


@live
@pytest.mark.elasticsearch
def test_live_an_outage_never_leaks_into_counts(private_items, settings):
    import os

    settings.WAGTAILSEARCH_BACKENDS = es_settings(
        os.environ["ELASTICSEARCH_URL"], timeout=10, connect_timeout=1
    )
    call_command("update_index", backend_name="default", verbosity=0)
    assert not PendingIndexUpdate.objects.exists()
    public = service.search(SearchParams(q="kornblomst"))
    assert public.backend == "default" and public.count == 1

    open_breaker()  # the outage: the move into the RAG collection is not sent
    document = private_items.public_document
    document.collection = Collection.objects.get(name=groups.RAG_COLLECTION)
    document.save()
    breakers.reset_all()
    get_search = lambda: service.search(SearchParams(q="kornblomst"))  # noqa: E731
    during = get_search()
    assert during.backend == "default" and during.count == 0
    assert all(not values for values in during.facets.values())

    pending.replay()
    service_backend().get_index_for_model(AlorDocument).refresh()
    assert not PendingIndexUpdate.objects.exists()
    after = get_search()
    assert after.backend == "default" and after.count == 0
