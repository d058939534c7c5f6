"""No document stays «venter» after a crash: a killed worker's or import's work is taken up again.

The first tests kill real processes: a `manage.py db_worker` (django-tasks-db) in the middle
of reading a document, and a `manage.py import_documents` likewise. The work is held in the
middle by replacing the text extraction of those processes with a wait (the processes are
started through `python -c` that patches it; the product has no test switch). They talk to
the test database: PostgreSQL's test database directly, SQLite's in-memory one copied to a file
for them and copied back afterwards. The later tests check the rules of
kb.documents.recovery in-process.
"""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Collection

from kb.documents import recovery
from kb.models import AlorDocument, ProcessingStatus, TaskWorker

from . import files

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TIMEOUT = 240  # seconds; a cold start of Django and Wagtail is slow on a loaded machine

# Runs a manage.py command whose text extraction signals that it started, then hangs.
HANGING = """
import os, pathlib, sys, time
import django
django.setup()
from kb.documents import processing
def hang(*args, **kwargs):
    pathlib.Path(os.environ["ALOR_HANG_MARKER"]).write_text(str(os.getpid()))
    time.sleep(3600)
processing.extract = hang
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", *sys.argv[1:]])
"""


class SharedDatabase:
    """The test database, reachable by other processes."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        self.file = tmp_path / "shared.sqlite3"
        if self.vendor == "sqlite":
            self.url = f"sqlite:///{self.file}"
        elif self.vendor == "postgresql":
            s = connection.settings_dict
            self.url = (
                f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:"
                f"{s['PORT'] or 5432}/{s['NAME']}"
            )
        else:
            pytest.skip(f"no shared test database on {self.vendor}")

    def publish(self):
        """Make what the test stored visible to the other processes."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def collect(self):
        """Bring what the other processes wrote into the test's connection."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def env(self, **extra) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "alor.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PYTHONUNBUFFERED": "1",
        }
        env.update(extra)
        return env

    def hanging(self, *argv, marker: Path, **env) -> subprocess.Popen:
        """Start a command whose document processing hangs; return once it hangs in it."""
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", HANGING, *argv],
            cwd=ROOT,
            env=self.env(ALOR_HANG_MARKER=str(marker), **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + TIMEOUT
        while not marker.exists():
            if process.poll() is not None:
                pytest.fail(f"{argv[0]} ended early:\n{process.stdout.read().decode()}")
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{argv[0]} never reached the document")
            time.sleep(0.2)
        return process

    def run(self, *argv, **env) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *argv],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()


def tasks_of(document):
    return list(
        DBTaskResult.objects.filter(task_path=recovery.TASK_PATH)
        .filter(args_kwargs__args__0=document.pk)
        .order_by("enqueued_at")
    )


@pytest.fixture
def shared_db(transactional_db, tmp_path):
    if not Collection.objects.exists():  # emptied by an earlier transactional test's flush
        Collection.add_root(name="Root")
    return SharedDatabase(tmp_path)


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


@pytest.fixture
def queued_document(db_tasks, make_document):
    """A document stored as an upload stores it: «venter», its task READY in the database."""
    document = make_document("presentasjon.pdf", files.pdf("Arbeidsliv og rus"), title="Rus")
    assert document.processing_status == ProcessingStatus.PENDING
    assert [t.status for t in tasks_of(document)] == [TaskResultStatus.READY]
    return document


WORKER = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")


@pytest.mark.slow
@pytest.mark.parametrize("taken_up_by", ["worker start", "periodic command"])
def test_document_of_a_killed_worker_is_processed_after_all(
    shared_db, queued_document, tmp_path, taken_up_by
):
    shared_db.publish()
    worker = shared_db.hanging(*WORKER, marker=tmp_path / "hang")
    try:
        shared_db.collect()
        (task,) = tasks_of(queued_document)
        assert task.status == TaskResultStatus.RUNNING
        if taken_up_by == "periodic command":
            # While the worker lives, its document is left to it.
            shared_db.run("recover_documents")
            shared_db.collect()
            assert [t.status for t in tasks_of(queued_document)] == [TaskResultStatus.RUNNING]
    finally:
        kill(worker)

    if taken_up_by == "periodic command":
        shared_db.run("recover_documents")
        shared_db.collect()
        statuses = [t.status for t in tasks_of(queued_document)]
        assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.READY]
    shared_db.run(*WORKER, "--batch")
    shared_db.collect()

    queued_document.refresh_from_db()
    assert queued_document.processing_status == ProcessingStatus.DONE
    assert "Arbeidsliv og rus" in queued_document.extracted_text
    first, again = tasks_of(queued_document)
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "kb.documents.recovery.WorkerLost"
    assert again.status == TaskResultStatus.SUCCESSFUL
    assert not TaskWorker.objects.exists()  # the dead worker forgotten, the batch one gone


@pytest.mark.slow
def test_import_run_again_processes_the_documents_a_killed_import_left_pending(
    shared_db, tmp_path, locale_nb
):
    folder = tmp_path / "innlevert"
    folder.mkdir()
    (folder / "program.pdf").write_bytes(files.pdf("Program for samlingen i Bodø"))
    shared_db.publish()
    immediate = {"TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    importer = shared_db.hanging(
        "import_documents", str(folder), marker=tmp_path / "hang", **immediate
    )
    kill(importer)
    shared_db.collect()
    assert AlorDocument.objects.get().processing_status == ProcessingStatus.PENDING
    shared_db.publish()

    out = shared_db.run("import_documents", str(folder), **immediate)

    shared_db.collect()
    document = AlorDocument.objects.get()
    assert document.processing_status == ProcessingStatus.DONE
    assert "Bodø" in document.extracted_text
    assert "Behandles på nytt (sto på «venter» etter et avbrudd): 1." in out
    assert "Hoppet over (finnes fra før): 0." in out


# The rules, in-process -----------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def claim(document, worker_id, *, started=None):
    (task,) = [t for t in tasks_of(document) if t.status == TaskResultStatus.READY]
    task.claim(worker_id)
    if started:
        DBTaskResult.objects.filter(pk=task.pk).update(started_at=started)
    return task


def worker(worker_id, *, host=None, pid=None, seen=None):
    now = timezone.now()
    return TaskWorker.objects.create(
        worker_id=worker_id,
        host=host or recovery.host_key(),
        pid=pid or os.getppid(),
        started_at=now - timedelta(hours=1),
        last_seen=seen or now,
    )


@pytest.mark.django_db
def test_task_of_a_worker_whose_process_is_gone_is_failed_and_its_document_queued(
    queued_document,
):
    worker("dead", pid=dead_pid())
    task = claim(queued_document, "dead")

    report = recovery.recover_stuck_documents()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "WorkerLost" in task.traceback
    assert report.failed_tasks == [str(task.pk)] and report.requeued == [queued_document.pk]
    assert [t.status for t in tasks_of(queued_document)][-1] == TaskResultStatus.READY
    assert not TaskWorker.objects.filter(worker_id="dead").exists()
    # Running it again changes nothing.
    again = recovery.recover_stuck_documents()
    assert not again.changed and again.waiting == [queued_document.pk]
    assert len(tasks_of(queued_document)) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["this machine", "another machine"])
def test_document_a_live_worker_is_processing_is_left_to_it(queued_document, where):
    # Here: the process (our parent) lives. Elsewhere: its heartbeat is fresh.
    worker("live", host=None if where == "this machine" else "elsewhere/1/2")
    task = claim(queued_document, "live", started=timezone.now() - timedelta(days=2))

    report = recovery.recover_stuck_documents()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert not report.changed and report.waiting == [queued_document.pk]
    assert len(tasks_of(queued_document)) == 1


@pytest.mark.django_db
def test_worker_silent_on_another_machine_is_taken_for_dead(queued_document):
    worker("quiet", host="elsewhere/1/2", seen=timezone.now() - timedelta(minutes=3))
    task = claim(queued_document, "quiet")

    report = recovery.recover_stuck_documents()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert report.dead_workers == ["quiet"] and report.requeued == [queued_document.pk]


@pytest.mark.django_db
def test_task_of_an_unknown_worker_is_lost_only_after_the_stale_age(queued_document):
    task = claim(queued_document, "unknown", started=timezone.now() - timedelta(hours=1))
    assert not recovery.recover_stuck_documents().changed
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - timedelta(hours=7))

    report = recovery.recover_stuck_documents()

    assert report.failed_tasks == [str(task.pk)] and report.requeued == [queued_document.pk]


@pytest.mark.django_db
def test_pending_document_without_any_task_is_queued_after_the_grace(db_tasks):
    # Stored, then the process died before it queued the task (as an import can): the row
    # alone, as saving writes it (queueing is ingest's next step).
    document = AlorDocument(title="Referat", collection=Collection.get_first_root_node())
    document.file = ContentFile(files.pdf("Referat fra ledermøtet"), name="referat.pdf")
    document._set_document_file_metadata()
    document.save()
    assert tasks_of(document) == []

    report = recovery.recover_stuck_documents()
    assert report.too_new == [document.pk] and not report.requeued

    AlorDocument.objects.filter(pk=document.pk).update(
        created_at=timezone.now() - timedelta(minutes=6)
    )
    report = recovery.recover_stuck_documents()
    assert report.requeued == [document.pk]
    assert [t.status for t in tasks_of(document)] == [TaskResultStatus.READY]


@pytest.mark.django_db
def test_document_that_kills_its_worker_every_time_is_marked_failed(queued_document):
    for attempt in range(3):
        worker(f"dead-{attempt}", pid=dead_pid())
        claim(queued_document, f"dead-{attempt}")
        report = recovery.recover_stuck_documents()
    assert report.given_up == [queued_document.pk] and not report.requeued

    queued_document.refresh_from_db()
    assert queued_document.processing_status == ProcessingStatus.FAILED
    assert "avbrutt 3 ganger" in queued_document.processing_error
    assert [t.status for t in tasks_of(queued_document)] == [TaskResultStatus.FAILED] * 3


@pytest.mark.django_db
def test_recover_documents_command_prints_a_summary(queued_document):
    worker("dead", pid=dead_pid())
    claim(queued_document, "dead")
    out = io.StringIO()

    call_command("recover_documents", stdout=out, stderr=io.StringIO())

    assert "Avbrutte oppgaver merket som feilet: 1 (fra 1 stoppede arbeidere)" in out.getvalue()
    assert "Dokumenter satt i kø på nytt: 1." in out.getvalue()


def statuses_of(document):
    try:
        return [t.status for t in tasks_of(document)]
    except OperationalError:  # SQLite's shared in-memory test database: the table is locked
        return None


@pytest.mark.django_db(transaction=True)
def test_heartbeat_keeps_the_worker_alive_and_recovers_while_it_runs(settings, make_document):
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    settings.TASKS = DB_TASKS
    settings.ALOR_WORKER_HEARTBEAT = 0.05
    settings.ALOR_RECOVERY_INTERVAL = 0.1
    document = make_document("plan.pdf", files.pdf("Handlingsplan"), title="Plan")
    worker("dead", pid=dead_pid())
    claim(document, "dead")
    recovery.register_worker("beating")
    TaskWorker.objects.filter(worker_id="beating").update(
        last_seen=timezone.now() - timedelta(minutes=1)
    )
    beat = recovery.Heartbeat("beating")
    beat.start()
    recovered = [TaskResultStatus.FAILED, TaskResultStatus.READY]
    try:
        # The dead worker's task marked failed and the document queued again, by a periodic
        # recovery: a pass the shared in-memory SQLite database answers «table is locked» is
        # retried at the next one, so the two may land in different passes.
        deadline = time.monotonic() + 60
        while statuses_of(document) != recovered:
            assert time.monotonic() < deadline, "the worker's periodic recovery never ran"
            time.sleep(0.05)
    finally:
        beat.stop()
        beat.join(timeout=10)
    assert TaskWorker.objects.get(worker_id="beating").last_seen > timezone.now() - timedelta(
        seconds=10
    )
    assert [t.status for t in tasks_of(document)] == recovered
