"""Error reports to Sentry, when `SENTRY_DSN` is set and sentry-sdk is installed.

sentry-sdk is an optional dependency (`pip install "alor-kunnskapsbase[sentry]"`): without a
DSN nothing is sent anywhere; with a DSN but without the package the site runs as before and
says so once at start. Reports carry no personal data Sentry would collect by default (no
cookies, no user's e-mail or IP address, no request body); the request id is attached, so a
report leads to the request's log lines.
"""

import logging

from alor.logs import current_request_id

logger = logging.getLogger("alor.sentry")


def init_sentry(dsn: str, *, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start reporting to Sentry; False (and one warning) when sentry-sdk is not installed."""
    if not dsn:
        return False
    try:
        import sentry_sdk  # noqa: PLC0415  optional: only where the extra is installed
    except ImportError:
        logger.warning(
            "SENTRY_DSN is set but sentry-sdk is not installed: errors are not reported to "
            'Sentry (install "alor-kunnskapsbase[sentry]")'
        )
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        before_send=_with_request_id,
    )
    return True


def _with_request_id(event, hint):
    """Sentry's hook before an event leaves: the request id as a tag."""
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
