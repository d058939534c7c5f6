"""PostgreSQL only: the `alor_norwegian` text search configuration and a GIN index.

`alor_norwegian` is PostgreSQL's `norwegian` with `unaccent` before the Snowball stemmer (when
the unaccent extension can be installed; otherwise plain `norwegian`, and the folding done by
the search backend still applies). The GIN index covers `title || body`, the combined vector the
database backend matches against. On other databases this migration does nothing. The
statements are in search/textsearch.py, which the tests' database set-up runs as well.
"""

from django.db import migrations

from search import textsearch


def create(apps, schema_editor):
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    textsearch.create_stemming_configuration(schema_editor.connection, table)


def drop(apps, schema_editor):
    textsearch.drop_configuration(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("alor_search", "0001_query_log"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
