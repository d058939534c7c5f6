# ruff: noqa: S608 - the SQL is assembled from table and trigger names, never from values
"""SQLite only: what the full-text matches are joined to and checked against, kept narrow.

The key table below, and two covering indexes (`create_privacy_indexes`): the search checks
each match against the pages and documents the visitor may see (search.filters, from
kb.privacy), and SQLite builds that list once per statement by reading every page and
document row, which hold titles, paths and whole extracted texts. An index over only the
columns those conditions read (live, depth, locale, path, content type; a document's
collection, language, network, kind, gathering and year) is read instead: for a word in
20,000 items the check of 10,001 matches took 14 ms instead of 39. A condition on a column
outside them still answers the same, from the table.

Each match of the full-text table (FTS5, one row per index entry, its rowid the entry's id)
must be joined to its entry's content type and object id before anything else can be done
with it. The entry table's rows hold the whole analysed title and body, so each look-up reads
a wide row: for a word in 20,000 items the join took 20 ms where the match itself took 3.
`alor_search_entrykey` holds only (id, ct, oid), written by triggers on every insert, delete
and change of key of an entry, so it is never out of step with the index whatever writes it
(a save, `update_index`, a raw delete).

Migrations search/migrations/0007 and 0008 build them; the tests' database set-up (built
without migrations) calls `create` and `create_privacy_indexes` too. On other databases every
function here does nothing (PostgreSQL checks each match by its primary key instead).
"""

TABLE = "alor_search_entrykey"
_TRIGGERS = ("alor_entrykey_insert", "alor_entrykey_update", "alor_entrykey_delete")


def create(connection, entry_table):
    """The key table, filled from `entry_table` (the index entries), and its triggers."""
    if connection.vendor != "sqlite":
        return
    insert, update, delete = _TRIGGERS
    copy = (
        f"INSERT OR REPLACE INTO {TABLE} (id, ct, oid) VALUES "
        "(NEW.id, NEW.content_type_id, CAST(NEW.object_id AS INTEGER));"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(id INTEGER PRIMARY KEY, ct INTEGER NOT NULL, oid INTEGER NOT NULL)"
        )
        cursor.execute(
            f"INSERT OR REPLACE INTO {TABLE} (id, ct, oid) "
            f"SELECT id, content_type_id, CAST(object_id AS INTEGER) FROM {entry_table}"
        )
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {entry_table} BEGIN {copy} END"
        )
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF id, content_type_id, "
            f"object_id ON {entry_table} BEGIN DELETE FROM {TABLE} WHERE id = OLD.id; {copy} END"
        )
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {entry_table} "
            f"BEGIN DELETE FROM {TABLE} WHERE id = OLD.id; END"
        )


# (index, table, columns): SQLite adds the rowid (the id) to every index itself.
PRIVACY_INDEXES = (
    (
        "alor_search_page_visibility",
        "wagtailcore_page",
        ("live", "depth", "locale_id", "content_type_id", "path"),
    ),
    (
        "alor_search_document_visibility",
        "kb_alordocument",
        ("collection_id", "language", "network_id", "kind", "gathering_id", "year"),
    ),
)


def _each_privacy_index(connection, statement):
    """Run `statement(name, table, columns)` for each of PRIVACY_INDEXES (SQLite only)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name, table, columns in PRIVACY_INDEXES:
            cursor.execute(statement(name, table, columns))


def create_privacy_indexes(connection):
    _each_privacy_index(
        connection,
        lambda name, table, columns: (
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})"
        ),
    )


def drop_privacy_indexes(connection):
    _each_privacy_index(connection, lambda name, _table, _columns: f"DROP INDEX IF EXISTS {name}")


def drop(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for trigger in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
