"""`/health/` (liveness) and `/ready/` (readiness), answered before anything else.

`/health/` says the process answers requests: 200 `{"status": "ok"}`, whatever the database
or the search cluster does. A container that fails it is stuck and may be restarted.

`/ready/` says this instance can do all its work, and names what it cannot do:

- `database`: one `SELECT 1` on the default database;
- `search`: the search backend's cluster answers and is not red (with the database backend,
  the database's answer: the search index lives there);
- `tasks`: the background work is taken up — with the database task backend, at least one
  `db_worker` has touched its heartbeat lately (an upload would otherwise wait for ever);
  with the immediate backend (development) the work runs in the request;
- `media`: a file can be written to (and removed from) `MEDIA_ROOT`.

All well: 200. One failing: 503 with `Retry-After`, the failing ones listed in `failing` and
each with the error's type; the error's text goes to the log (`alor.health`), not to the
answer, which anyone who reaches the site can read.

Both are answered by a middleware at the top of the stack, not by a URL pattern: a probe from
inside a container sends `Host: localhost:8000`, which production's `ALLOWED_HOSTS` refuses
(400), and plain HTTP, which an HTTPS redirect would turn away (301). So they check no host,
redirect nothing, have no language prefix, read no session, ask for no login and write nothing
to the search's query log; and since every check catches its own error, they never answer 500.
"""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.search.backends import get_search_backend

from kb.documents.recovery import worker_stale_after
from kb.models import TaskWorker

logger = logging.getLogger("alor.health")

RETRY_AFTER_SECONDS = 30
# The longest the search cluster may take to say how it is, in seconds.
SEARCH_TIMEOUT = 3.0


class CheckFailed(Exception):
    """A dependency answered, but not well enough (a red cluster, no live worker)."""


def check_database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_search() -> dict:
    backend = get_search_backend("default")
    client = getattr(backend, "es", None)
    if client is None:  # the database backend: the index is in the database
        check_database()
        return {"backend": "database"}
    timeout = min(SEARCH_TIMEOUT, float(getattr(settings, "ELASTICSEARCH_TIMEOUT", SEARCH_TIMEOUT)))
    health = client.options(request_timeout=timeout).cluster.health()
    status = health.get("status")
    if status == "red":
        raise CheckFailed("cluster status red")
    return {"backend": "elasticsearch", "cluster": status}


def check_tasks() -> dict:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return {"backend": type(backend).__name__}
    now = timezone.now()
    workers = TaskWorker.objects.filter(last_seen__gte=now - worker_stale_after()).count()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    info = {
        "backend": "database",
        "workers": workers,
        "waiting": waiting.count(),
        "oldest_waiting_seconds": round((now - oldest) / timedelta(seconds=1)) if oldest else 0,
    }
    if not workers:
        raise CheckFailed("no live db_worker", info)
    return info


def check_media() -> dict:
    root = Path(settings.MEDIA_ROOT)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".ready-") as probe:
        probe.write(b"ok")
        probe.flush()
    return {}


CHECKS = {
    "database": check_database,
    "search": check_search,
    "tasks": check_tasks,
    "media": check_media,
}


def run_checks() -> dict[str, dict]:
    """Every check's result: {"status": "ok" | "error", …}; never raises."""
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            result = {"status": "ok", **check()}
        except CheckFailed as failed:
            logger.warning("not ready: %s: %s", name, failed.args[0])
            result = {"status": "error", "error": failed.args[0]}
            if len(failed.args) > 1:
                result.update(failed.args[1])
        except Exception as error:  # noqa: BLE001  a dependency failing is «not ready», not 500
            logger.warning("not ready: %s: %s: %s", name, type(error).__name__, error)
            result = {"status": "error", "error": type(error).__name__}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[name] = result
    return results


def _answer(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def live(request: HttpRequest) -> JsonResponse:
    return _answer({"status": "ok"})


def ready(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    failing = [name for name, result in checks.items() if result["status"] != "ok"]
    body = {"status": "unavailable" if failing else "ok", "failing": failing, "checks": checks}
    return _answer(body, 503 if failing else 200)


PATHS = {"/health/": live, "/ready/": ready}


class HealthCheckMiddleware:
    """The first middleware: answers `/health/` and `/ready/` before any other runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PATHS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            response = _answer({"status": "error", "error": "method not allowed"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request)
