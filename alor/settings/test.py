"""Tests: SQLite in memory unless DATABASE_URL points elsewhere (PostgreSQL in CI)."""

import os
import tempfile

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database(dj_database_url.parse(os.environ["DATABASE_URL"]))}  # noqa: F405
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# A folder of its own for each process, so pytest-xdist's workers never empty each other's.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix=f"alor-test-media-{_WORKER}-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# No LibreOffice previews unless a test asks for them (tests/documents/test_office_thumbnails.py):
# each conversion takes a second or more.
DOCUMENTS_SOFFICE_CMD = ""
