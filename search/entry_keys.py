# ruff: noqa: S608 - the SQL is assembled from table and trigger names, never from values
"""SQLite only: a narrow copy of the full-text index entries' keys, kept by triggers.

Each match of the full-text table (FTS5, one row per index entry, its rowid the entry's id)
must be joined to its entry's content type and object id before anything else can be done
with it. The entry table's rows hold the whole analysed title and body, so each look-up reads
a wide row: for a word in 20,000 items the join took 20 ms where the match itself took 3.
`alor_search_entrykey` holds only (id, ct, oid), written by triggers on every insert, delete
and change of key of an entry, so it is never out of step with the index whatever writes it
(a save, `update_index`, a raw delete).

Migration search/migrations/0007 builds it; the tests' database set-up (built without
migrations) calls `create` too. On other databases both functions do nothing.
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


def drop(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for trigger in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
