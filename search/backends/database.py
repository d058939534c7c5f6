"""The database search backend with Norwegian analysis, for whichever database is in use.

`"BACKEND": "search.backends.database"` in WAGTAILSEARCH_BACKENDS picks the SQLite (FTS5)
backend on SQLite and the PostgreSQL backend (text search configuration `alor_norwegian`) on
PostgreSQL; other databases get Wagtail's stock database backend.
"""

from functools import cache

from django.db import connection

_fts_tables_found: set[str] = set()  # database aliases whose FTS5 table has been seen


@cache
def _fts5_available():
    """Whether this SQLite library has FTS5 (the check opens a database of its own)."""
    from modelsearch.backends.database.sqlite.utils import fts5_available

    return fts5_available()


def _sqlite_fts_ready():
    """FTS5 and the index's FTS table, checked until found once (a search builds a backend
    for every request, and the checks cost a query and a throwaway database each time)."""
    from modelsearch.backends.database.sqlite.utils import fts_table_exists

    if connection.alias in _fts_tables_found:
        return True
    if _fts5_available() and fts_table_exists():
        _fts_tables_found.add(connection.alias)
        return True
    return False


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        from search.backends.postgres import NorwegianPostgresSearchBackend

        return NorwegianPostgresSearchBackend(params)
    if connection.vendor == "sqlite" and _sqlite_fts_ready():
        from search.backends.sqlite import NorwegianSQLiteSearchBackend

        return NorwegianSQLiteSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as StockSearchBackend

    return StockSearchBackend(params)
