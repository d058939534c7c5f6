"""Production: every secret from the environment; refuses to start without one."""

import os

from django.core.exceptions import ImproperlyConfigured

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
