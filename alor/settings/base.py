"""Settings shared by every environment.

Every value that differs between deployments comes from an environment variable, with a
development default. See README.md for the list.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto: https` as Django wants it, ("HTTP_X_FORWARDED_PROTO", "https");
    empty: no proxy says which scheme the visitor used."""
    if not value.strip():
        return None
    name, separator, expected = value.partition(":")
    if not separator or not name.strip() or not expected.strip():
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must look like «X-Forwarded-Proto: https», not {value!r}."
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "home",
    "kb",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: the request id for every log line, and the access line with the final status.
    "alor.logs.RequestLog",
    # /health/ and /ready/ next: no host check, no HTTPS redirect, no session, no language
    # prefix (alor/health.py says why).
    "alor.health.HealthCheckMiddleware",
    # First with a process_exception, so it runs after every other's: the database down is 503.
    "alor.middleware.DatabaseUnavailable",
    "django.middleware.security.SecurityMiddleware",
    "alor.security.PermissionsPolicy",
    "alor.security.ContentSecurityPolicy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kb.privacy.RequestVisibility",  # request.visibility: after the authentication
    # A page only under its own language's addresses (after the language and the visibility).
    "kb.languages.PageLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "alor.urls"

# Security headers (alor/security.py). The site's pages load everything from the site itself;
# nothing inline, nothing from another host. CSP_REPORT_ONLY=1 sends the policy as
# Content-Security-Policy-Report-Only (violations reported, nothing blocked) to try a change;
# CSP_REPORT_URI is where browsers send their reports.
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "report-uri": env_list("CSP_REPORT_URI") or None,
}
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
_csp = {"DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY = None if CSP_REPORT_ONLY else _csp
CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp if CSP_REPORT_ONLY else None
# Wagtail's admin runs inline scripts (panels, widgets) and sets inline styles, and shows its
# page preview in a frame of its own: these directives replace the site's under the admin.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
}
# The preview of a page (the site's page, shown in a frame of the admin): the site's policy,
# framed by the site itself.
CONTENT_SECURITY_POLICY_PREVIEW = {"frame-ancestors": [SELF]}
# Browser features no page uses, off for the site and anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
# Another site is told nothing of the page a link was followed from.
SECURE_REFERRER_POLICY = "same-origin"
# The site's pages are never shown in another site's frame; Wagtail's preview (the admin's own
# frame) says SAMEORIGIN for itself.
X_FRAME_OPTIONS = "DENY"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "alor.wsgi.application"


def database(config: dict) -> dict:
    """A database setting with the project's connection options.

    PostgreSQL runs without JIT compilation: the search statement's cost estimate passes
    `jit_above_cost` on a large site, and compiling it took about 100 ms at 100,000 items —
    longer than running it. Set `options` in the URL's query string to override.

    SQLite writes ahead (WAL) and syncs to disk at checkpoints, not at every commit: readers
    no longer wait for a writer, and a search no longer waits for its query-log row to reach
    the disk (a commit in the default mode took 50-150 ms on a busy disk). A crash can lose
    the last commits before a checkpoint, never the database's consistency.

    SQLite has one write lock for the whole file. A transaction takes it up front
    (`BEGIN IMMEDIATE`) and waits up to `timeout` seconds for it: a transaction that read first
    and asked for the lock later failed at once with «database is locked» whenever another
    process had written in between — 9 of 10 publishes failed while 8 visitors searched, since
    every search wrote its log row. The query log is written after the response
    (search/querylog.py), so a search no longer waits for the lock.
    """
    engine = config.get("ENGINE", "")
    options = config.setdefault("OPTIONS", {})
    if engine.endswith("postgresql"):
        options.setdefault("options", "-c jit=off")
    elif engine.endswith("sqlite3"):
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_LOCK_TIMEOUT)
    return config


# Seconds a SQLite write waits for the write lock before it fails with «database is locked».
SQLITE_LOCK_TIMEOUT = float(os.environ.get("SQLITE_LOCK_TIMEOUT", "20"))


# Database: DATABASE_URL, default a SQLite file beside manage.py.
DATABASES = {
    "default": database(
        dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Norwegian bokmål first, English second.
LANGUAGE_CODE = "nb"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("nb", _("Norsk bokmål")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each kind of date in one format per language (alor/formats/<language>/formats.py).
FORMAT_MODULE_PATH = "alor.formats"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
# The chosen language is remembered in a cookie no script reads and no other site sends
# (production adds Secure).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    # FileSystemStorage that removes a file it could not finish writing (disk full, permission).
    "default": {"BACKEND": "kb.documents.storage.SafeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (text extraction, OCR, thumbnails, reindexing) runs as django-tasks tasks.
# Development and tests run them at once; production sets TASKS_BACKEND to the database
# backend (django_tasks_db.DatabaseBackend) and runs a worker (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "alor kunnskapsbase"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# Days before an agreement's end date when RAG is reminded to renew it (once per number).
AGREEMENT_REMINDER_DAYS = sorted(
    {int(days) for days in env_list("AGREEMENT_REMINDER_DAYS", "60,14")}, reverse=True
)
WAGTAILDOCS_DOCUMENT_MODEL = "kb.AlorDocument"
WAGTAILIMAGES_IMAGE_MODEL = "kb.AlorImage"
# Documents are served through Django so privacy (collections, pages) is checked every time.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 100 * 1024 * 1024))
# What Wagtail's document model checks names against: every extension a format in
# kb/documents/formats declares, read when first used (the formats cannot be imported while
# settings load; they import no model, so reading them once the apps are ready is safe).
WAGTAILDOCS_EXTENSIONS = lazy(lambda: import_string("kb.documents.formats.extensions")(), list)()
# Every upload is checked by its content (kb/documents/validation.py); the form adds duplicates
# and versions. Only PDFs open in the browser; everything else (never HTML/SVG) downloads.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kb.documents.forms.AlorDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]

# The document pipeline's limits (kb/documents/; the README's settings table says why each).
# Office and OpenDocument files are ZIP archives: all parts together unpack to at most this
# many bytes, in at most this many parts, at most this many times their packed size.
DOCUMENTS_MAX_UNPACKED_SIZE = int(os.environ.get("DOCUMENTS_MAX_UNPACKED_SIZE", 300 * 1024 * 1024))
DOCUMENTS_MAX_ZIP_ENTRIES = int(os.environ.get("DOCUMENTS_MAX_ZIP_ENTRIES", "10000"))
DOCUMENTS_MAX_COMPRESSION_RATIO = int(os.environ.get("DOCUMENTS_MAX_COMPRESSION_RATIO", "100"))
# The most pixels an image may have, and a rendered PDF page (50 MP: a 600-dpi A4 scan is
# 34.8 MP); Pillow refuses larger images anywhere in the process (kb.apps).
DOCUMENTS_MAX_IMAGE_PIXELS = int(os.environ.get("DOCUMENTS_MAX_IMAGE_PIXELS", "50000000"))
# The most a gathering's presentations may weigh together to be offered as one zip
# (kb/documents/gathering_zip.py); above it the gathering page says so instead.
ALOR_GATHERING_ZIP_MAX_BYTES = int(
    os.environ.get("ALOR_GATHERING_ZIP_MAX_BYTES", str(200 * 1024 * 1024))
)
# OCR (Tesseract): at most this many pages per document, seconds per page, seconds per document.
DOCUMENTS_OCR_MAX_PAGES = int(os.environ.get("DOCUMENTS_OCR_MAX_PAGES", "100"))
DOCUMENTS_OCR_TIMEOUT = float(os.environ.get("DOCUMENTS_OCR_TIMEOUT", "120"))
DOCUMENTS_OCR_DOCUMENT_TIMEOUT = float(os.environ.get("DOCUMENTS_OCR_DOCUMENT_TIMEOUT", "600"))
DOCUMENTS_TESSERACT_CMD = os.environ.get("DOCUMENTS_TESSERACT_CMD", "tesseract")
# LibreOffice draws the previews of Office files (kb/documents/formats/office.py); a conversion
# taking longer is stopped and the document keeps its card.
DOCUMENTS_SOFFICE_CMD = os.environ.get("DOCUMENTS_SOFFICE_CMD", "soffice")
DOCUMENTS_OFFICE_TIMEOUT = float(os.environ.get("DOCUMENTS_OFFICE_TIMEOUT", "60"))
# The networks' intranet may be closed: no calls to outside hosts from the site or its admin.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_ENABLED = True
# Approving the last step publishes through kb/governance (which numbers the version).
WAGTAIL_FINISH_WORKFLOW_ACTION = "kb.governance.finish.publish_approved"
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

# Search: the database backend by default (SQLite locally, PostgreSQL in production);
# SEARCH_BACKEND=elasticsearch with ELASTICSEARCH_URL for a cluster.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database").strip().lower()
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://localhost:9200")
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "alor")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))

# The database backend with Norwegian analysis (search/backends/): SQLite FTS5 with bm25, or
# PostgreSQL with the `alor_norwegian` text search configuration (made by a search migration).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database"},
}
# Elasticsearch: the project's backend (search/backends/elasticsearch.py) renders its own index
# settings and sends text analysed by search/norwegian.py, as the database backends index it.
# The connect timeout is short and apart from the read timeout; after a failure the circuit
# breaker answers from the database for ALOR_SEARCH_BREAKER_COOLDOWN seconds, then probes again
# (search/engines/breaker.py).
ELASTICSEARCH_CONNECT_TIMEOUT = float(os.environ.get("ELASTICSEARCH_CONNECT_TIMEOUT", "0.5"))
ALOR_SEARCH_BREAKER_COOLDOWN = float(os.environ.get("ALOR_SEARCH_BREAKER_COOLDOWN", "30"))
# Index updates the cluster missed are left out of its searches until replayed; above this many
# the database backend answers (search/engines/pending.py).
ALOR_SEARCH_PENDING_BOUND = int(os.environ.get("ALOR_SEARCH_PENDING_BOUND", "1000"))
# OpenSearch (Wagtail's stock opensearch2 backend, not the project's Elasticsearch backend):
# Norwegian stemming with æ/ø/å folding for every text field (the index's default analyzer).
# «ae»/«oe»/«aa» fold like æ/ø/å, the stemmer runs twice and a final double consonant is
# undone: close to the database backends' analysis (search/norwegian.py), not the same.
OPENSEARCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "char_filter": {
                "alor_nordic": {
                    "type": "mapping",
                    "mappings": [
                        "æ => a", "Æ => a", "ø => o", "Ø => o", "å => a", "Å => a",
                        "ae => a", "Ae => a", "AE => a", "oe => o", "Oe => o", "OE => o",
                        "aa => a", "Aa => a", "AA => a",
                    ],
                }
            },
            "filter": {
                "alor_stop": {"type": "stop", "stopwords": "_norwegian_"},
                "alor_stem": {"type": "stemmer", "language": "norwegian"},
                "alor_undouble": {
                    "type": "pattern_replace",
                    "pattern": "([bcdfghjklmnpqrstvwxz])\\1$",
                    "replacement": "$1",
                },
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "char_filter": ["alor_nordic"],
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase", "asciifolding", "alor_stop",
                        "alor_stem", "alor_undouble", "alor_stem", "alor_undouble",
                    ],
                }
            },
        }
    }
}  # fmt: skip

if SEARCH_BACKEND in {"elasticsearch", "opensearch"}:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": (
                "wagtail.search.backends.opensearch2"
                if SEARCH_BACKEND == "opensearch"
                else "search.backends.elasticsearch"
            ),
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX}_",
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
        },
        # Kept up to date alongside, so search keeps answering when the cluster is down
        # (search/engines falls back to it and logs it).
        "database": {"BACKEND": "search.backends.database"},
    }
    if SEARCH_BACKEND == "elasticsearch":
        WAGTAILSEARCH_BACKENDS["default"]["CONNECT_TIMEOUT"] = ELASTICSEARCH_CONNECT_TIMEOUT
    else:
        WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"] = OPENSEARCH_INDEX_SETTINGS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "alor": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request (alor/logs.py): production's JSON log has it; in development
        # runserver prints its own.
        "alor.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
