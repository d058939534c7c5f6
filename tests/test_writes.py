"""Writes on SQLite under load: publishes while visitors search, each in its own process.

A search writes a query-log row and a publish writes many rows in one transaction; on one
SQLite file they take turns at the single write lock. Here the searches and the publishes run
in separate processes on a real file (an in-memory database has no other processes), as the
site's workers do, and every publish must land and every search be logged.
"""

import json
import logging
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections, connection

from search import service
from search.models import SearchQueryLog

ROOT = Path(__file__).resolve().parent.parent
SEARCHERS = 4
PUBLISHERS = 2
PAGES_PER_PUBLISHER = 4
BULK_PAGES = 4

only_sqlite = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the write lock is SQLite's",
)


def _env(db_file):
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{db_file}"
    env["DJANGO_SETTINGS_MODULE"] = "alor.settings.test"
    env["ALOR_LOAD_PAGES"] = str(PUBLISHERS * PAGES_PER_PUBLISHER + BULK_PAGES)
    return env


def _start(env, *args):
    return subprocess.Popen(  # noqa: S603 - our own module, our own arguments
        [sys.executable, "-m", "tests.write_load", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(process, timeout=180):
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def db_file(db, tmp_path):
    """A migrated SQLite file: a copy of the (migrated, still empty) test database."""
    path = tmp_path / "alor.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


@pytest.mark.slow
@only_sqlite
def test_every_publish_lands_while_visitors_search(db_file, tmp_path):
    env = _env(db_file)
    pages = _result(_start(env, "setup"))["pages"]
    with sqlite3.connect(db_file) as db:
        logged_before = db.execute("SELECT count(*) FROM alor_search_searchquerylog").fetchone()[0]

    stop = tmp_path / "stop"
    searchers = [_start(env, "search", stop) for _ in range(SEARCHERS)]
    time.sleep(3)  # the searchers are past Django's start-up and searching
    chunks = [
        pages[n * PAGES_PER_PUBLISHER : (n + 1) * PAGES_PER_PUBLISHER] for n in range(PUBLISHERS)
    ]
    bulk_ids = pages[PUBLISHERS * PAGES_PER_PUBLISHER :]
    publishers = [_start(env, "publish", *chunk) for chunk in chunks]
    bulk = _start(env, "bulk", *bulk_ids)
    published = [_result(p) for p in publishers]
    bulk_result = _result(bulk)
    stop.touch()
    searched = [_result(s) for s in searchers]
    print(published, bulk_result, searched)  # shown with -s: the figures of this run

    errors = [e for p in published for e in p["errors"]]
    total = PUBLISHERS * PAGES_PER_PUBLISHER
    assert not errors, f"{len(errors)} of {total} publishes failed: {errors[:3]}"
    assert bulk_result["status"] == 302, bulk_result
    failed_tasks = [t for p in [*published, bulk_result] for t in p["failed_tasks"]]
    assert not failed_tasks, failed_tasks

    with sqlite3.connect(db_file) as db:
        live = dict(
            db.execute(
                f"SELECT id, live FROM wagtailcore_page WHERE id IN ({','.join('?' * len(pages))})",  # noqa: S608
                pages,
            ).fetchall()
        )
        logged = db.execute("SELECT count(*) FROM alor_search_searchquerylog").fetchone()[0]
    assert all(live[pk] for pk in pages), [pk for pk in pages if not live[pk]]

    searches = sum(s["searches"] for s in searched)
    assert searches > SEARCHERS  # the searchers did search while the publishes ran
    assert sum(s["failed"] for s in searched) == 0
    assert logged - logged_before == searches


# ----------------------------------------------------------------------- the query log's writer


@contextmanager
def _request():
    """A request's start and end as a WSGI server signals them (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _logged():
    return list(SearchQueryLog.objects.values_list("normalised", "source"))


def test_a_search_is_logged_after_its_response_not_during_it(tree):
    with _request():
        service.search(service.SearchParams(q="Sykefravær"), log_source="page")
        assert _logged() == []  # the request does not write (nor wait for the write lock)
    assert _logged() == [("sykefravær", "page")]


def test_a_search_outside_a_request_is_logged_at_once(tree):
    service.search(service.SearchParams(q="alkohol"), log_source="api")
    assert _logged() == [("alkohol", "api")]


def test_a_log_write_that_fails_is_kept_and_written_later(tree, monkeypatch, caplog):
    real = SearchQueryLog.objects.bulk_create

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SearchQueryLog.objects, "bulk_create", locked)
    with caplog.at_level(logging.WARNING, logger="alor.search.querylog"), _request():
        service.search(service.SearchParams(q="alkohol"), log_source="page")
    assert _logged() == []
    assert "1 searches not written yet" in caplog.text

    monkeypatch.setattr(SearchQueryLog.objects, "bulk_create", real)
    with _request():
        service.search(service.SearchParams(q="pårørende"), log_source="page")
    assert sorted(_logged()) == [("alkohol", "page"), ("pårørende", "page")]


def test_searches_unwritten_at_shutdown_are_written_or_reported(db, monkeypatch, caplog):
    from search import querylog

    monkeypatch.setattr(
        SearchQueryLog.objects,
        "bulk_create",
        lambda *a, **k: (_ for _ in ()).throw(OperationalError("database is locked")),
    )
    with _request():
        querylog.record("rus", "nb", 0, "page")
    with caplog.at_level(logging.ERROR, logger="alor.search.querylog"):
        querylog._at_exit()
    assert "1 searches lost at shutdown" in caplog.text
    monkeypatch.undo()
    querylog._at_exit()
    assert _logged() == [("rus", "page")]


# ---------------------------------------------------------------------- tasks on a locked database


@pytest.fixture
def no_pause(monkeypatch):
    from alor import retry

    monkeypatch.setattr(retry, "BACKOFF_SECONDS", 0)


def _failing(times, error):
    """A stand-in for a task's work: fails `times` times with `error`, then returns «done»."""
    calls = []

    def work(*args, **kwargs):
        calls.append(args)
        if len(calls) <= times:
            raise error
        return "done"

    return work, calls


def test_a_document_task_that_found_the_database_locked_runs_again(monkeypatch, no_pause):
    from django_tasks.base import TaskResultStatus

    from kb.documents import tasks

    work, calls = _failing(2, OperationalError("database is locked"))
    monkeypatch.setattr(tasks, "process_document_now", work)
    result = tasks.process_document.enqueue(7)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "done"
    assert len(calls) == 3


def test_a_task_still_locked_after_its_attempts_fails(monkeypatch, no_pause):
    from django_tasks.base import TaskResultStatus

    from alor.retry import ATTEMPTS
    from kb.documents import tasks

    work, calls = _failing(99, OperationalError("database is locked"))
    monkeypatch.setattr(tasks, "process_document_now", work)
    assert tasks.process_document.enqueue(7).status == TaskResultStatus.FAILED
    assert len(calls) == ATTEMPTS


@pytest.mark.parametrize("error", [OperationalError("no such table: kb_alordocument"), KeyError(7)])
def test_other_task_errors_are_not_retried(monkeypatch, no_pause, error):
    from django_tasks.base import TaskResultStatus

    from kb.documents import tasks

    work, calls = _failing(1, error)
    monkeypatch.setattr(tasks, "process_document_now", work)
    assert tasks.process_document.enqueue(7).status == TaskResultStatus.FAILED
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_the_reference_index_task_runs_again_when_the_database_was_locked(monkeypatch, no_pause):
    """Wagtail's own task (enqueued on every save of a page or snippet) gets the retries."""
    from django.contrib.auth.models import Group
    from django_tasks.base import TaskResultStatus
    from wagtail.models import ReferenceIndex
    from wagtail.tasks import update_reference_index_task

    group = Group.objects.create(name="Testgruppe")
    work, calls = _failing(1, OperationalError("database is locked"))
    monkeypatch.setattr(ReferenceIndex, "is_indexed", classmethod(lambda cls, model: True))
    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", work)
    result = update_reference_index_task.enqueue("auth", "group", str(group.pk))
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(calls) == 2
    assert update_reference_index_task.module_path == "wagtail.tasks.update_reference_index_task"


def test_a_task_inside_a_transaction_is_not_retried(db, monkeypatch, no_pause):
    """Inside the caller's transaction (immediate backend, from a publish) the caller sees it."""
    from django_tasks.base import TaskResultStatus

    from kb.documents import tasks

    work, calls = _failing(1, OperationalError("database is locked"))
    monkeypatch.setattr(tasks, "process_document_now", work)
    assert tasks.process_document.enqueue(7).status == TaskResultStatus.FAILED
    assert len(calls) == 1
