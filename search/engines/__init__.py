"""Which engine answers a search: the configured Wagtail search backend, through the engine that
fits it, and the database backend when an external one (Elasticsearch) fails or its circuit
breaker is open (`search.engines.breaker`).

Every engine has the same entry points, `run(backend, params, visibility, language, ct_types,
promoted_ids) -> Found` and `autocomplete(backend, q, visibility, language, limit, ct_types) ->
(pages, documents)`, so the service does not know which one answered; one may also have
`count(backend, params, visibility, language, ct_types) -> (count, exact)`. A search without a
word (browsing, `SearchParams.browsing`) goes to `search.engines.browse` on the database,
and to the Elasticsearch engine's own filter-only query there.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.conf import settings
from wagtail.search.backends import get_search_backend

from alor.logs import log_event
from search.engines import browse, database, elasticsearch, pending, wagtail
from search.engines.base import FallBack, Found
from search.engines.breaker import breaker_for, external_errors

logger = logging.getLogger("alor.search")


def backend_names():
    names = list(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}) or {"default": None})
    fallback = [n for n in names if n != "default" and is_database(n)]
    return "default", (fallback[0] if fallback else None)


def is_database(name):
    backend = settings.WAGTAILSEARCH_BACKENDS[name]["BACKEND"]
    return backend.endswith(".database") or ".database." in backend


def with_fallback(work):
    """Run work(backend); when an external backend fails, log it and use the database.

    After a failure the backend's circuit breaker is open: until its cool-down has passed,
    work goes to the database at once, without waiting for the backend again. An engine that
    should not answer (FallBack: too many index updates pending, search.engines.pending) hands the
    search to the database too, without a verdict on the backend. The request that closes
    the breaker queues the replay of the updates the cluster missed."""
    default, fallback = backend_names()
    if fallback is None or is_database(default):
        return work(get_search_backend(default)), default
    backend = get_search_backend(default)
    breaker = breaker_for(getattr(backend, "breaker_key", default))
    if not breaker.allow():
        _fell_back(logging.INFO, "breaker_open", default, fallback)
        return work(get_search_backend(fallback)), fallback
    try:
        result = work(backend)
    except external_errors() as error:
        breaker.failure(error)
        _fell_back(logging.WARNING, "unreachable", default, fallback, error.__class__.__name__)
        return work(get_search_backend(fallback)), fallback
    except FallBack:
        breaker.release()
        _fell_back(logging.INFO, "pending_updates", default, fallback)
        return work(get_search_backend(fallback)), fallback
    except BaseException:
        breaker.release()
        raise
    if breaker.success() and hasattr(backend, "replay_pending"):
        pending.schedule_replay(backend)
    return result, default


def _fell_back(level, reason, backend, fallback, error=None):
    """One `search_fallback` event: which backend did not answer, why, and which did."""
    log_event(
        logger,
        level,
        "search_fallback",
        "Search backend %r %s; answering from %r",
        backend,
        {
            "unreachable": f"unreachable ({error})",
            "breaker_open": "skipped, its circuit breaker is open",
            "pending_updates": "skipped, too many index updates are pending",
        }[reason],
        fallback,
        reason=reason,
        backend=backend,
        fallback=fallback,
        error=error,
    )


def engine_for(backend):
    """The engine module for a Wagtail search backend: the database engine where the backend
    can give its matches as SQL rows, else the engine over the backend's own search."""
    if getattr(backend, "supports_match_rows", False):
        return database
    if getattr(backend, "alor_engine", None) == "elasticsearch":
        return elasticsearch
    return wagtail


def run(params, visibility, language, ct_types, promoted_ids) -> tuple[Found, str]:
    """The engine's answer for the parameters, and the name of the backend that gave it."""

    def work(backend):
        engine = engine_for(backend)
        if params.browsing and engine is not elasticsearch:  # no word: no full-text match
            return browse.run(params, visibility, language, ct_types)
        return engine.run(backend, params, visibility, language, ct_types, promoted_ids)

    return with_fallback(work)


def count(params, visibility, language, ct_types, promoted_ids=()) -> tuple[int, bool]:
    """(count, exact) of the visible matches of the parameters in `language` but the promoted
    pages: the language facet's count of the language not searched. An engine without a
    count of its own runs the search for its first hit."""

    def work(backend):
        engine = engine_for(backend)
        if params.browsing and engine is not elasticsearch:
            return browse.count(params, visibility, language, ct_types)
        if hasattr(engine, "count"):
            return engine.count(backend, params, visibility, language, ct_types, promoted_ids)
        first = replace(params, page=1, page_size=1)
        found = engine.run(backend, first, visibility, language, ct_types, list(promoted_ids))
        return found.count, found.count_exact

    return with_fallback(work)[0]


def autocomplete(q, visibility, language, limit, ct_types):
    """(pages, documents) whose titles start with the typed words, and the backend's name."""

    def work(backend):
        return engine_for(backend).autocomplete(backend, q, visibility, language, limit, ct_types)

    return with_fallback(work)
