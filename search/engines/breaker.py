"""A circuit breaker per external search backend, per process.

A cluster that is down (or accepts connections but never answers) costs every search its
timeout. After one failure the breaker *opens*: for the cool-down
(`ALOR_SEARCH_BREAKER_COOLDOWN`, 30 s) every search goes to the database backend at once,
without touching the cluster. Then one search, and only one, *probes* the cluster again
(half-open) while the others keep answering from the database: a success closes the breaker, a
failure opens it for another cool-down. Opening and closing are logged (logger «alor.search»).

So a query with no hits, which the service runs a second time in the other language, pays the
timeout at most once: the first run's failure has opened the breaker when the second one asks.

Index updates on save go through the same breaker (search.backends.elasticsearch): while it is
open they are skipped at once, logged and recorded, instead of each save waiting for the
timeout (they would fail anyway); the database backend is updated as always. The recorded
objects are left out of the cluster's searches until they are sent again, which starts when the
breaker closes (`search.engines.pending`).

The state is per process and guarded by a lock, so the threads of one worker share it; each
worker process probes on its own (one request per worker per cool-down).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings

from alor.logs import log_event

logger = logging.getLogger("alor.search")

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitBreaker:
    def __init__(
        self, name: str, cooldown: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name = name
        self.cooldown = cooldown
        self.clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> str:
        with self._lock:
            if self._state == OPEN and self.clock() - self._opened_at >= self.cooldown:
                return HALF_OPEN
            return self._state

    def allow(self) -> bool:
        """Whether this call may use the backend (else: answer from the fallback at once).

        Closed: yes. Open: no, until the cool-down has passed; then yes for exactly one caller
        (the probe) until it reports back with `success()` or `failure()` (or `release()`)."""
        with self._lock:
            if self._state == CLOSED:
                return True
            if self._probing or self.clock() - self._opened_at < self.cooldown:
                return False
            self._probing = True
            return True

    def success(self) -> bool:
        """The backend answered. True if that closed the breaker (it was open or probing)."""
        with self._lock:
            was = self._state
            self._state, self._probing = CLOSED, False
        if was != CLOSED:
            log_event(
                logger,
                logging.WARNING,
                "search_breaker_closed",
                "Search backend %r answers again: circuit breaker closed",
                self.name,
                backend=self.name,
            )
        return was != CLOSED

    def failure(self, error: BaseException | None = None) -> None:
        with self._lock:
            was_probe = self._probing
            self._state, self._opened_at, self._probing = OPEN, self.clock(), False
        error_name = error.__class__.__name__ if error is not None else "error"
        log_event(
            logger,
            logging.WARNING,
            "search_breaker_opened",
            "Search backend %r failed (%s): circuit breaker %s for %.0f s, searches answer "
            "from the database meanwhile",
            self.name,
            error_name,
            "opened again" if was_probe else "opened",
            self.cooldown,
            backend=self.name,
            error=error_name,
            probe=was_probe,
            cooldown_s=self.cooldown,
        )

    def release(self) -> None:
        """The probe ended without a verdict on the backend (an error of our own): let the
        next caller probe."""
        with self._lock:
            self._probing = False


def external_errors() -> tuple[type[BaseException], ...]:
    """What an unreachable or failing cluster raises."""
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
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


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def cooldown() -> float:
    return float(getattr(settings, "ALOR_SEARCH_BREAKER_COOLDOWN", 30))


def breaker_for(backend_name: str) -> CircuitBreaker:
    """The process's breaker for a backend (made on first use, with the configured cool-down)."""
    with _registry_lock:
        breaker = _breakers.get(backend_name)
        if breaker is None or breaker.cooldown != cooldown():
            breaker = _breakers[backend_name] = CircuitBreaker(backend_name, cooldown())
        return breaker


def reset_all() -> None:
    """Forget every breaker (tests; a settings change)."""
    with _registry_lock:
        _breakers.clear()
