"""PostgreSQL only: the `alor_norwegian` text search configuration and its GIN index.

The migrations search/migrations/0002 and 0005 build it with the functions below, and the
tests' database set-up (built without migrations) calls `ensure_configuration`, which runs
them in the same order. On other databases each function does nothing.

`alor_norwegian` first copied PostgreSQL's `norwegian` with `unaccent` before a Snowball
stemmer (0002); its word tokens now go to the `simple` dictionary (0005), since the text is
already analysed in Python (search/norwegian.py) and must not be stemmed a second time.
"""

CONFIG = "alor_norwegian"
# Norwegian Snowball without its stop word list: the backend drops stop words itself, and
# PostgreSQL's list holds words that are stems of content words («mot» from «møte»).
STEM_DICTIONARY = "alor_norwegian_stem"
INDEX = "alor_search_indexentry_title_body_gin"
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def _config_exists(cursor):
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
    return cursor.fetchone() is not None


def _create_stem_dictionary(cursor):
    cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [STEM_DICTIONARY])
    if cursor.fetchone() is None:
        cursor.execute(
            f"CREATE TEXT SEARCH DICTIONARY {STEM_DICTIONARY} "
            "(TEMPLATE = snowball, Language = norwegian)"
        )


def create_stemming_configuration(connection, index_table):
    """`alor_norwegian` as 0002 made it (unaccent, when it can be installed, then Snowball),
    and the GIN index over `title || body` of `index_table`."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        has_unaccent = cursor.fetchone() is not None
        if not has_unaccent:
            cursor.execute("SAVEPOINT alor_unaccent")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                cursor.execute("RELEASE SAVEPOINT alor_unaccent")
                has_unaccent = True
            except Exception:  # noqa: BLE001 — no permission or no contrib package: fold in the backend only
                cursor.execute("ROLLBACK TO SAVEPOINT alor_unaccent")
        _create_stem_dictionary(cursor)
        if not _config_exists(cursor):
            cursor.execute(
                f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.norwegian)"
            )
            dictionaries = f"unaccent, {STEM_DICTIONARY}" if has_unaccent else STEM_DICTIONARY
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} "
                f"WITH {dictionaries}"
            )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {index_table} USING GIN ((title || body))"
        )


def drop_configuration(connection):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {STEM_DICTIONARY}")


def map_words_to_simple(connection):
    """0005: the word tokens go to `simple` (lower case only), stored as the analysis made them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _config_exists(cursor):
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} WITH simple"
        )


def map_words_to_stemmer(connection):
    """0005 reversed: back to `unaccent` (when installed) and the Snowball dictionary."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _config_exists(cursor):
            return
        _create_stem_dictionary(cursor)
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent'")
        dictionaries = STEM_DICTIONARY
        if cursor.fetchone() is not None:
            dictionaries = f"unaccent, {STEM_DICTIONARY}"
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} "
            f"WITH {dictionaries}"
        )


def ensure_configuration(connection, index_table):
    """What the migrations leave: 0002's configuration and index, then 0005's mapping."""
    create_stemming_configuration(connection, index_table)
    map_words_to_simple(connection)
