"""Background tasks that met a locked database run again, after a pause, instead of failing.

django-tasks has no retries: a task that raised is marked failed and nothing runs it again, and
the immediate backend (development, tests) does not even say so. On SQLite a write waits up
to the busy timeout for the lock (alor.settings.base.database); a task that still finds the
database locked — or, on PostgreSQL, is chosen as a deadlock's victim — is run again here, up
to ATTEMPTS times with a doubling pause, and each retry is logged. Any other error is not
retried: it would fail the same way again.

A task running inside a caller's transaction (the immediate backend, from a publish) is not
retried: the caller's transaction is what failed, and the caller sees the error.
"""

import functools
import logging
import random
import time

from django.db import OperationalError, connection
from wagtail.tasks import update_reference_index_task

from alor.logs import log_event

logger = logging.getLogger("alor.tasks")

ATTEMPTS = 4
BACKOFF_SECONDS = 0.5

# PostgreSQL: deadlock_detected, serialization_failure, lock_not_available.
_RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03"}


def is_lock_error(error: BaseException) -> bool:
    """Whether `error` says the database was locked, not that the work was wrong."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    message = str(error).lower()
    return "database is locked" in message or "database table is locked" in message


def retry_when_locked(func):
    """Run `func` again (ATTEMPTS in all) while it fails on a locked database."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        attempt = 1
        while True:
            try:
                return func(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or connection.in_atomic_block or not is_lock_error(error):
                    raise
                pause = BACKOFF_SECONDS * 2 ** (attempt - 1) * random.uniform(1, 1.5)  # noqa: S311
                log_event(
                    logger,
                    logging.WARNING,
                    "task_retry",
                    "task %s: %s, attempt %d of %d, again in %.1f s",
                    func.__qualname__,
                    error,
                    attempt,
                    ATTEMPTS,
                    pause,
                    task=func.__qualname__,
                    attempt=attempt,
                    attempts=ATTEMPTS,
                )
                time.sleep(pause)
                attempt += 1

    wrapper.retries_when_locked = True
    return wrapper


def retry_wagtail_tasks():
    """Wagtail's own reference-index task gets the same retries (called once, at start-up).

    The task object stays the one Wagtail enqueues; only the function it runs is wrapped, under
    the same name, so a worker finds it by the same path.
    """
    if not getattr(update_reference_index_task.func, "retries_when_locked", False):
        # The task is a frozen dataclass: its function is set the way its own __init__ does.
        object.__setattr__(
            update_reference_index_task, "func", retry_when_locked(update_reference_index_task.func)
        )
