"""PostgreSQL only: `alor_norwegian` stores the tokens search.norwegian made, as they are.

The text reaching PostgreSQL is already analysed in Python (lemmas, stems, compound parts,
folded; see search/norwegian.py), and the same analysis must hold on SQLite and for
Elasticsearch. Before this migration `alor_norwegian` ran PostgreSQL's Norwegian Snowball
stemmer over those tokens again, which undid what the analysis keeps apart («leder», final,
became «led», the token of «lede»). Now its word tokens go to the `simple` dictionary
(lower case only). A full `update_index` afterwards rebuilds the stored vectors.

Reversing maps them back to `unaccent` (when installed) and the Snowball dictionary of
0002. On other databases this migration does nothing.
"""

from django.db import migrations

CONFIG = "alor_norwegian"
STEM_DICTIONARY = "alor_norwegian_stem"  # created by 0002
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def _config_exists(cursor):
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
    return cursor.fetchone() is not None


def to_simple(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _config_exists(cursor):
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} WITH simple"
        )


def to_stemmer(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _config_exists(cursor):
            return
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [STEM_DICTIONARY])
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE TEXT SEARCH DICTIONARY {STEM_DICTIONARY} "
                "(TEMPLATE = snowball, Language = norwegian)"
            )
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent'")
        dictionaries = STEM_DICTIONARY
        if cursor.fetchone() is not None:
            dictionaries = f"unaccent, {STEM_DICTIONARY}"
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} "
            f"WITH {dictionaries}"
        )


class Migration(migrations.Migration):
    dependencies = [("alor_search", "0004_query_log_private")]

    operations = [migrations.RunPython(to_simple, to_stemmer, elidable=False)]
