"""The database search backend with Norwegian analysis, for whichever database is in use.

`"BACKEND": "search.backends.database"` in WAGTAILSEARCH_BACKENDS picks the SQLite (FTS5)
backend on SQLite and the PostgreSQL backend (text search configuration `alor_norwegian`) on
PostgreSQL; other databases get Wagtail's stock database backend.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        from search.backends.postgres import NorwegianPostgresSearchBackend

        return NorwegianPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        if fts5_available() and fts_table_exists():
            from search.backends.sqlite import NorwegianSQLiteSearchBackend

            return NorwegianSQLiteSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as StockSearchBackend

    return StockSearchBackend(params)
