"""Production: every secret from the environment; refuses to start without one."""

import os

from django.core.exceptions import ImproperlyConfigured

from alor.sentry import init_sentry

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

# Text extraction, OCR and thumbnails run in the worker (`manage.py db_worker`), never inside
# the request that uploads a file: a slow document must not hold a web process.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
if TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
    raise ImproperlyConfigured("Production runs tasks in a worker, not in the request.")


# HTTPS only. The TLS-terminating proxy in front says which scheme the visitor used in this
# header (it must set it and drop a visitor's own); plain HTTP is redirected to HTTPS, except
# the health checks, which the orchestrator asks over plain HTTP inside its network.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(  # noqa: F405
    os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
# Browsers keep to HTTPS for a year, on every subdomain of the site's host; preload lets the
# host be entered in the browsers' built-in list (which takes a request at hstspreload.org).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "alor@localhost")

# Logs: one JSON object a line on standard output (alor/logs.py), with each request's id;
# LOG_FORMAT=text for lines a person reads. LOG_LEVEL is the site's own loggers' level.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be «json» or «text».")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "alor.logs.RequestContext"}},
    "formatters": {
        "json": {"()": "alor.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "alor": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Django's own request logging (django.request, django.server) stays on at WARNING
        # through the root logger; the task runner's lines say which task ran.
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Errors to Sentry when SENTRY_DSN is set and sentry-sdk is installed (alor/sentry.py).
SENTRY_ENABLED = init_sentry(
    os.environ.get("SENTRY_DSN", ""),
    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    release=os.environ.get("SENTRY_RELEASE", ""),
    traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
)
