"""Logs a machine can read: one JSON object a line, each request's id on every line it caused.

Production writes every log record as one JSON line (`JsonFormatter`): time, level, logger,
message, and the record's own fields. Every line written while a request is served carries
that request's `request_id` and `user_id` (`RequestContext`), so the search fallback, the
database outage or the failed upload that a visitor met can be found from the id they were
given: `RequestLog` takes it from the proxy's `X-Request-ID` header, or makes one, and sends it
back in the response's `X-Request-ID`.

`RequestLog` also writes one line per request on `alor.request`: method, path (never the query
string, which can hold what a person searched for), status, duration in milliseconds, user id.

What operations may count or alert on is logged as an event: a record with an `event` field
(`search_fallback`, `task_failed`, `database_unavailable`, …), written with `log_event`.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.utils.functional import empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id may look like; anything else (too long, spaces, line breaks that
# would forge log lines) is replaced by one of ours.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:+=/-]{1,128}$")

access_logger = logging.getLogger("alor.request")

_current: ContextVar[tuple[str, object] | None] = ContextVar("alor_log_request", default=None)


def log_event(
    logger: logging.Logger, level: int, event: str, message: str, *args, exc_info=None, **fields
):
    """Log `message` with an `event` name and `fields`, which the JSON line carries as keys."""
    # stacklevel: the record names the caller's file and line, not this function's.
    logger.log(
        level, message, *args, exc_info=exc_info, extra={"event": event, **fields}, stacklevel=2
    )


def current_request_id() -> str | None:
    """The id of the request being served in this thread or task, if any."""
    current = _current.get()
    return current[0] if current else None


def user_id(request) -> int | None:
    """The id of the request's user if the request has looked them up, else None.

    Never looks them up itself: that would read the session and the user for every request,
    after its response, and fail once more when the database is what failed."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except Exception:  # noqa: BLE001  a log line must never break the response
        return None


def request_id_from(request) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


class RequestLog:
    """Middleware, the outermost: the request id, and one access line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders the page through the middleware again, inside the
            # admin's request: that request's id and access line are the ones that count.
            request.request_id = current_request_id() or request_id_from(request)
            return self.get_response(request)
        started = time.monotonic()
        request.request_id = request_id_from(request)
        token = _current.set((request.request_id, request))
        try:
            response = self.get_response(request)
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            response[REQUEST_ID_HEADER] = request.request_id
            who = user_id(request)
            access_logger.info(
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": who,
                },
            )
            return response
        finally:
            _current.reset(token)


class RequestContext(logging.Filter):
    """Logging filter: every record gets the current request's `request_id` and `user_id`
    (None outside a request: a worker's task, a management command).

    Django logs a response of 400 and above («Not Found: /x») after the middleware has
    finished, with the request attached to the record: its id is taken from there."""

    def filter(self, record):
        current = _current.get()
        request = getattr(record, "request", None) or (current[1] if current else None)
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = user_id(request) if request is not None else None
        return True


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter with the site's field names: `time` (UTC, ISO 8601),
    `level`, `logger`, `message`, then the record's own fields; a traceback as `exc_info`.

    Django's loggers attach the request object itself (`django.request`) or a socket
    (`django.server`): those are left out, the request id says which request it was."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        log_data["time"] = None  # first on the line; filled in by the base class
        super().add_fields(log_data, record, message_dict)
