"""Which engine answers a search: the configured Wagtail search backend, through the engine that
fits it, and the database backend when an external one (Elasticsearch) fails.

Every engine has the same entry point, `run(backend, params, user, language, ct_types,
promoted_ids) -> Found`, so the service does not know which one answered.
"""

from __future__ import annotations

import logging

from django.conf import settings
from wagtail.search.backends import get_search_backend

from search.engines import database, wagtail
from search.engines.base import Found

logger = logging.getLogger("alor.search")


def backend_names():
    names = list(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}) or {"default": None})
    fallback = [n for n in names if n != "default" and is_database(n)]
    return "default", (fallback[0] if fallback else None)


def is_database(name):
    backend = settings.WAGTAILSEARCH_BACKENDS[name]["BACKEND"]
    return backend.endswith(".database") or ".database." in backend


def external_errors():
    errors = [ConnectionError, TimeoutError]
    try:
        import elastic_transport

        errors += [elastic_transport.TransportError]
    except ImportError:  # pragma: no cover
        pass
    try:
        import elasticsearch

        errors += [elasticsearch.ApiError]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def with_fallback(work):
    """Run work(backend); when an external backend fails, log it and use the database."""
    default, fallback = backend_names()
    if fallback is None or is_database(default):
        return work(get_search_backend(default)), default
    try:
        return work(get_search_backend(default)), default
    except external_errors() as error:
        logger.warning(
            "Search backend %r unreachable (%s); answering from %r",
            default,
            error.__class__.__name__,
            fallback,
        )
        return work(get_search_backend(fallback)), fallback


def engine_for(backend):
    """The engine module for a Wagtail search backend: the database engine where the backend
    can give its matches as SQL rows, else the engine over the backend's own search."""
    return database if getattr(backend, "supports_match_rows", False) else wagtail


def run(params, user, language, ct_types, promoted_ids) -> tuple[Found, str]:
    """The engine's answer for the parameters, and the name of the backend that gave it."""

    def work(backend):
        return engine_for(backend).run(backend, params, user, language, ct_types, promoted_ids)

    return with_fallback(work)
