"""The database down: every route answers 503 «try again shortly», not 500.

A page, the search, the JSON API and the admin all read the database; when it cannot be
reached (or, on SQLite, stays locked past the busy timeout) Django raises OperationalError or
InterfaceError and answered 500, «something is wrong with the site». The truth is that it is
unavailable for a while: 503 with Retry-After, a short page in the visitor's language (JSON
`{"detail": …}` under /api/), and one line in the log.

The page is rendered without a request: no context processors, no Wagtail settings, no menu,
nothing that would ask the database that is down.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from alor.logs import log_event

logger = logging.getLogger("alor.database")

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable(request, error) -> HttpResponse:
    """The 503 answer to `request`, which failed with `error` from the database."""
    log_event(
        logger,
        logging.ERROR,
        "database_unavailable",
        "database unavailable: %s: %s (%s %s)",
        type(error).__name__,
        error,
        request.method,
        request.path,
        error=type(error).__name__,
    )
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("Databasen er ikke tilgjengelig akkurat nå. Prøv igjen om litt.")},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailable:
    """Middleware: a view (or its template) that fails on the database answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            return unavailable(request, exception)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: 503 when the error came from the database, else Django's own 500.

    Catches what the middleware cannot see: a database error raised by another middleware
    (the session saved after the view, say).
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        return unavailable(request, error)
    return defaults.server_error(request, template_name)
