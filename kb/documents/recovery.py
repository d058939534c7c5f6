"""Taking up again the document work a dead worker or an interrupted import left behind.

A document is «venter» (ProcessingStatus.PENDING) from the moment its file is stored until
its `process_document` task has read it. If the process doing that work dies without a word —
`kill -9`, the kernel's out-of-memory killer on a large scan, a lost machine — nothing else
would ever touch it again: django-tasks-db leaves the task RUNNING for good (a worker only
marks the tasks it finishes), a new worker only takes READY tasks, and `import_documents` used
to skip the file as a duplicate. This module finds such work and starts it again.

**Which workers are dead.** django-tasks-db records the id of the worker that claimed a task
(`DBTaskResult.worker_ids`) but keeps no heartbeat. Our `manage.py db_worker`
(kb/management/commands/db_worker.py) therefore registers itself as a `TaskWorker` row and
touches it every `ALOR_WORKER_HEARTBEAT` seconds from a thread. A worker is dead when

- its row has not been touched for `ALOR_WORKER_STALE_AFTER` seconds, or
- it ran on this machine (same host name, same boot, same process namespace — so a process id
  means the same thing here) and its process is gone, or it claims our own process id.

The second rule lets a worker that is restarted after a crash take the dead one's work at
once; the first finds workers that died on other machines. A RUNNING task of a worker that never
registered (one started without this project's command) counts as lost only when it has run
longer than `ALOR_TASK_STALE_AFTER` (default 6 hours, far beyond the slowest OCR run
measured), and only for `process_document`, whose length we know.

**What is done.** `recover_stuck_documents()`:

1. marks every RUNNING task of a dead worker FAILED (exception `WorkerLost`), so the task table
   tells the truth, and forgets the dead workers;
2. queues `process_document` again for every pending document with no live task (READY, or
   RUNNING on a live worker). A document whose file was stored less than
   `ALOR_PENDING_GRACE` seconds ago and that has no task yet is left alone: its task is being
   queued right now by whoever stored it. A document whose processing has been lost
   `ALOR_PROCESSING_MAX_ATTEMPTS` times in a row (a file that kills the worker each time, e.g.
   by memory) is marked «feilet» with the reason instead of looping for ever; the retry button
   on its page starts it again.

It runs when a worker starts, every `ALOR_RECOVERY_INTERVAL` seconds inside each worker (which
then sends `recovery_ran`, on which the search replays the index updates an Elasticsearch outage
left), and
from the scheduler with `manage.py recover_documents`; running it twice changes nothing the
second time. The queueing step holds the pending documents' rows (PostgreSQL) or the database
(SQLite) while it decides, so two recoveries at once queue a document once.

**A live worker's document is never queued again**: its task is RUNNING on a live worker.
Should a worker be taken for dead while it still works (its heartbeat held up longer than the
stale age, e.g. by a database outage), the document is processed twice; that is safe, because
processing is idempotent: it reads the same file, writes the same fields and the same
thumbnail name, and the later run simply wins.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from kb.documents.tasks import process_document
from kb.models import AlorDocument, DocumentVersion, ProcessingStatus, TaskWorker

logger = logging.getLogger("alor.documents")

# Sent by each worker's heartbeat at every recovery interval, after the documents' recovery:
# other apps hang their own catch-up on it (the search replays the index updates a cluster
# missed, search.engines.pending), so this module needs to know none of them.
recovery_ran = Signal()

TASK_PATH = process_document.module_path
CHUNK = 500


class WorkerLost(Exception):  # the name the task table shows
    """Recorded on a task whose worker died while running it."""


def _setting(name: str, default: float) -> float:
    return getattr(settings, name, default)


def heartbeat_interval() -> float:
    return _setting("ALOR_WORKER_HEARTBEAT", 15)


def worker_stale_after() -> timedelta:
    return timedelta(seconds=_setting("ALOR_WORKER_STALE_AFTER", 120))


def task_stale_after() -> timedelta:
    return timedelta(seconds=_setting("ALOR_TASK_STALE_AFTER", 6 * 3600))


def pending_grace() -> timedelta:
    return timedelta(seconds=_setting("ALOR_PENDING_GRACE", 300))


def max_attempts() -> int:
    return int(_setting("ALOR_PROCESSING_MAX_ATTEMPTS", 3))


def recovery_interval() -> float:
    return _setting("ALOR_RECOVERY_INTERVAL", 120)


@cache
def host_key() -> str:
    """Where a process id means one process: host name, boot and process (pid) namespace."""
    parts = [socket.gethostname()]
    try:
        with open("/proc/sys/kernel/random/boot_id") as handle:
            parts.append(handle.read().strip()[:8])
        parts.append(str(os.stat("/proc/self/ns/pid").st_ino))
    except OSError:
        pass
    return "/".join(parts)[:255]


def pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    except OSError:
        return True  # cannot tell: assume it lives, the heartbeat decides
    return True


# The registry of running workers -------------------------------------------------------------


def register_worker(worker_id: str) -> None:
    now = timezone.now()
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": host_key(), "pid": os.getpid(), "started_at": now, "last_seen": now},
    )


def touch_worker(worker_id: str) -> None:
    """The heartbeat; re-registers a worker whose row was removed while it was held up."""
    updated = TaskWorker.objects.filter(worker_id=worker_id).update(last_seen=timezone.now())
    if not updated:
        register_worker(worker_id)


def unregister_worker(worker_id: str) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).delete()


class Heartbeat(threading.Thread):
    """Touches the worker's row every few seconds and runs the recovery now and then."""

    def __init__(self, worker_id: str, *, recover: bool = True):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.recover = recover
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = heartbeat_interval()
        every = max(1, round(recovery_interval() / interval)) if self.recover else 0
        beats = 0
        while not self.stopped.wait(interval):
            beats += 1
            try:
                touch_worker(self.worker_id)
                if every and beats % every == 0:
                    report = recover_stuck_documents(own_worker_id=self.worker_id)
                    if report.changed:
                        logger.warning("Recovery: %s", report.summary())
                    recovery_ran.send(sender=Heartbeat)
            except Exception:  # a missed beat is retried; the worker goes on
                logger.warning("Heartbeat of worker %s failed", self.worker_id, exc_info=True)
            finally:
                connection.close()

    def stop(self) -> None:
        self.stopped.set()


# Recovery ------------------------------------------------------------------------------------


@dataclass
class RecoveryReport:
    failed_tasks: list[str] = field(default_factory=list)  # DBTaskResult ids
    dead_workers: list[str] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)  # document ids
    given_up: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # pending, with a live task
    too_new: list[int] = field(default_factory=list)  # pending, stored within the grace

    @property
    def changed(self) -> bool:
        return bool(self.failed_tasks or self.dead_workers or self.requeued or self.given_up)

    def summary(self) -> str:
        return _(
            "Avbrutte oppgaver merket som feilet: %(tasks)d (fra %(workers)d stoppede "
            "arbeidere). Dokumenter satt i kø på nytt: %(requeued)d. Gitt opp: %(given_up)d. "
            "Venter i kø: %(waiting)d. Nettopp lagret: %(new)d."
        ) % {
            "tasks": len(self.failed_tasks),
            "workers": len(self.dead_workers),
            "requeued": len(self.requeued),
            "given_up": len(self.given_up),
            "waiting": len(self.waiting),
            "new": len(self.too_new),
        }


def _is_dead(worker, now, own_worker_id: str | None) -> bool:
    if worker.worker_id == own_worker_id:
        return False
    if worker.last_seen < now - worker_stale_after():
        return True
    if worker.host == host_key():
        return worker.pid == os.getpid() or not pid_running(worker.pid)
    return False


def fail_lost_tasks(
    *, own_worker_id: str | None = None, report: RecoveryReport | None = None
) -> RecoveryReport:
    """Mark FAILED the RUNNING tasks whose worker is dead, and forget those workers."""
    report = report if report is not None else RecoveryReport()
    now = timezone.now()
    running = list(
        DBTaskResult.objects.running().only("id", "task_path", "worker_ids", "started_at")
    )
    workers = {w.worker_id: w for w in TaskWorker.objects.all()}
    dead = {wid for wid, w in workers.items() if _is_dead(w, now, own_worker_id)}
    for task in running:
        worker_id = task.worker_ids[-1] if task.worker_ids else None
        if worker_id in workers:
            lost = worker_id in dead
        else:  # a worker we never knew: only an overlong run of our own task
            lost = (
                task.task_path == TASK_PATH
                and task.started_at is not None
                and task.started_at < now - task_stale_after()
            )
        if lost and _fail_task(task.pk, worker_id):
            report.failed_tasks.append(str(task.pk))
    if dead:
        TaskWorker.objects.filter(worker_id__in=dead, last_seen__lte=now).delete()
        report.dead_workers.extend(sorted(dead))
    return report


def _fail_task(task_id, worker_id) -> bool:
    with transaction.atomic():
        task = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        if task is None or (task.worker_ids[-1] if task.worker_ids else None) != worker_id:
            return False  # finished or claimed again meanwhile
        task.set_failed(
            WorkerLost(f"worker {worker_id} stopped while running this task (recovered)")
        )
    logger.warning("Task %s of lost worker %s marked failed", task_id, worker_id)
    return True


def _document_id(args_kwargs) -> int | None:
    args = args_kwargs.get("args") or []
    value = args[0] if args else (args_kwargs.get("kwargs") or {}).get("document_id")
    return value if isinstance(value, int) else None


def _tasks_by_document(ids: list[int]) -> dict[int, list[DBTaskResult]]:
    """The process_document tasks of these documents, oldest first."""
    found: dict[int, list[DBTaskResult]] = {pk: [] for pk in ids}
    tasks = (
        DBTaskResult.objects.filter(task_path=TASK_PATH)
        .filter(Q(args_kwargs__args__0__in=ids) | Q(args_kwargs__kwargs__document_id__in=ids))
        .only("id", "status", "args_kwargs", "enqueued_at", "worker_ids")
        .order_by("enqueued_at")
    )
    for task in tasks:
        pk = _document_id(task.args_kwargs)
        if pk in found:
            found[pk].append(task)
    return found


def _ocr_of(task) -> bool:
    return bool((task.args_kwargs.get("kwargs") or {}).get("ocr", True)) if task else True


def _pending_since(ids: list[int]) -> dict[int, datetime]:
    """When each document's current file was stored: created, or its newest replacement."""
    since = dict(AlorDocument.objects.filter(pk__in=ids).values_list("pk", "created_at"))
    replaced = (
        DocumentVersion.objects.filter(document_id__in=ids)
        .values("document_id")
        .annotate(at=Max("created_at"))
        .values_list("document_id", "at")
    )
    for pk, at in replaced:
        if at and at > since.get(pk, at):
            since[pk] = at
    return since


def _queues_in_database() -> bool:
    return isinstance(process_document.get_backend(), DatabaseBackend)


def _give_up(document, attempts: int) -> None:
    document.processing_status = ProcessingStatus.FAILED
    document.processing_error = _(
        "Behandlingen ble avbrutt %(count)d ganger uten å bli ferdig (bakgrunnsarbeideren "
        "stoppet, for eksempel av for lite minne). Prøv igjen med «Behandle på nytt»."
    ) % {"count": attempts}
    document.processed_at = timezone.now()
    document.save(update_fields=["processing_status", "processing_error", "processed_at"])
    logger.warning("Document %s given up after %d lost attempts", document.pk, attempts)


def _decide(ids: list[int], *, grace: timedelta, report: RecoveryReport, force=False):
    """Under the lock: which of these pending documents to queue again (id, ocr), or give up."""
    documents = list(
        AlorDocument.objects.select_for_update()
        .filter(pk__in=ids, processing_status=ProcessingStatus.PENDING)
        .order_by("pk")
    )
    ids = [d.pk for d in documents]
    tasks = _tasks_by_document(ids)
    since = _pending_since(ids)
    now = timezone.now()
    chosen = []
    for document in documents:
        own = tasks[document.pk]
        live = [t for t in own if t.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)]
        if live:
            report.waiting.append(document.pk)
            continue
        stored = since.get(document.pk) or now
        recent = [t for t in own if t.enqueued_at >= stored]
        if not recent and not force and stored > now - grace:
            report.too_new.append(document.pk)
            continue
        failures = 0
        for task in reversed(recent):
            if task.status != TaskResultStatus.FAILED:
                break
            failures += 1
        if not force and failures >= max_attempts():
            _give_up(document, failures)
            report.given_up.append(document.pk)
            continue
        chosen.append((document, _ocr_of(recent[-1] if recent else None)))
    return chosen


def _requeue(ids: list[int], *, grace, report, force=False, ocr=None, progress=None):
    in_database = _queues_in_database()
    with exclusive_transaction(DBTaskResult.objects.db):
        chosen = _decide(ids, grace=grace, report=report, force=force)
        if in_database:  # the new tasks commit with the decision
            for document, last_ocr in chosen:
                process_document.enqueue(document.pk, ocr=last_ocr if ocr is None else ocr)
    if not in_database:  # run at once (development): not inside the lock
        for document, last_ocr in progress(chosen) if progress else chosen:
            process_document.enqueue(document.pk, ocr=last_ocr if ocr is None else ocr)
    report.requeued.extend(document.pk for document, _ in chosen)


def recover_stuck_documents(
    *,
    own_worker_id: str | None = None,
    grace: timedelta | None = None,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> RecoveryReport:
    """Fail the tasks of dead workers and queue again every pending document left without one."""
    report = fail_lost_tasks(own_worker_id=own_worker_id)
    grace = pending_grace() if grace is None else grace
    pending = list(
        AlorDocument.objects.filter(processing_status=ProcessingStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pending), CHUNK):
        _requeue(pending[start : start + CHUNK], grace=grace, report=report, progress=progress)
    return report


def resume_document(document, *, ocr: bool = True) -> bool:
    """Queue a pending document again unless a live task has it (for `import_documents`).

    The import that finds its file already stored but still «venter» is the one that stored it
    and was interrupted, so no grace period and no attempt limit apply: running the import
    again is the operator's way of saying «go on».
    """
    fail_lost_tasks()
    report = RecoveryReport()
    _requeue([document.pk], grace=timedelta(0), report=report, force=True, ocr=ocr)
    return bool(report.requeued)
