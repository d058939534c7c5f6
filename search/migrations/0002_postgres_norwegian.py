"""PostgreSQL only: the `alor_norwegian` text search configuration and a GIN index.

`alor_norwegian` is PostgreSQL's `norwegian` with `unaccent` before the Snowball stemmer (when
the unaccent extension can be installed; otherwise plain `norwegian`, and the folding done by
the search backend still applies). The GIN index covers `title || body`, the combined vector the
database backend matches against. On other databases this migration does nothing.
"""

from django.db import migrations

CONFIG = "alor_norwegian"
# Norwegian Snowball without its stop word list: the backend drops stop words itself, and
# PostgreSQL's list holds words that are stems of content words («mot» from «møte»).
DICTIONARY = "alor_norwegian_stem"
INDEX = "alor_search_indexentry_title_body_gin"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
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
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [DICTIONARY])
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} "
                "(TEMPLATE = snowball, Language = norwegian)"
            )
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.norwegian)"
            )
            dictionaries = f"unaccent, {DICTIONARY}" if has_unaccent else DICTIONARY
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
                f"asciiword, asciihword, hword_asciipart, word, hword, hword_part "
                f"WITH {dictionaries}"
            )
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING GIN ((title || body))")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}")


class Migration(migrations.Migration):
    dependencies = [
        ("alor_search", "0001_query_log"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
