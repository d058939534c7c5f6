"""The query log's writer: a search's log row is written after its response, not during it.

On SQLite every write takes the one write lock of the file; a search that wrote its log row
while answering made the visitor wait for any publish under way, and made the publishes fail
(see alor.settings.base.database). So `record()` only queues the row when it runs inside a
request, and the rows are written when the response has been sent (Django's `request_finished`,
which a WSGI server sends after the last byte), in one short transaction of their own.

Nothing is lost quietly: rows whose write fails (the lock held past its timeout, the database
down) stay queued for the next write and the failure is logged; rows still queued when the
process ends are written then (`atexit`), and if that fails too, the log says how many were
lost. Outside a request (the shell, a command) the row is written at once, as before.
"""

import atexit
import logging
import threading

from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connection, transaction
from wagtail.search.utils import normalise_query_string

from search.models import SearchQueryLog

logger = logging.getLogger("alor.search.querylog")

# More than this many unwritten rows (the database unreachable for a long time) and the
# oldest are dropped, and the log says how many: a process's memory is not a database.
MAX_PENDING = 10_000

_lock = threading.Lock()
_pending: list = []
_in_request = threading.local()


def record(
    query: str, language: str, result_count: int, source: str, *, private: bool = False
) -> None:
    """Log one search: queued until the response is sent, or written now outside a request.

    `private`: the searcher may see more than the public (search.admin_views.can_view_log)."""

    row = SearchQueryLog(
        query=query[:255],
        normalised=normalise_query_string(query)[:255],
        language=language,
        result_count=result_count,
        source=source,
        private=private,
    )
    with _lock:
        _pending.append(row)
        dropped = len(_pending) - MAX_PENDING
        if dropped > 0:
            del _pending[:dropped]
    if dropped > 0:
        logger.error("query log: %d searches dropped, the log could not be written", dropped)
    if not getattr(_in_request, "value", False):
        flush()


def flush() -> int:
    """Write every queued row in one transaction; returns how many were written.

    A failed write puts the rows back (in front of any queued meanwhile) and is logged.
    """

    with _lock:
        rows = _pending[:]
        _pending.clear()
    if not rows:
        return 0
    try:
        with transaction.atomic():
            SearchQueryLog.objects.bulk_create(rows)
    except DatabaseError as error:
        with _lock:
            _pending[:0] = rows
            waiting = len(_pending)
        logger.warning("query log: %d searches not written yet (%s)", waiting, error)
        return 0
    return len(rows)


def pending() -> int:
    """How many searches wait to be written."""
    with _lock:
        return len(_pending)


def _request_started(**kwargs):
    _in_request.value = True


def _request_finished(**kwargs):
    """Write this request's rows, after its response; leave the connection as it was."""
    _in_request.value = False
    if not pending():
        return
    # Django closes a request's connection before this runs (its own receiver comes first);
    # one opened here to write is closed again, so no connection outlives its request.
    was_closed = connection.connection is None
    try:
        flush()
    finally:
        if was_closed:
            connection.close()


def _at_exit():
    if not pending():
        return
    written = flush()
    left = pending()
    if left:
        logger.error("query log: %d searches lost at shutdown, the log could not be written", left)
    elif written:
        logger.info("query log: %d searches written at shutdown", written)


request_started.connect(_request_started, dispatch_uid="alor_querylog_started")
request_finished.connect(_request_finished, dispatch_uid="alor_querylog_finished")
atexit.register(_at_exit)
