"""SQLite only: the narrow table of the index entries' keys (search/entry_keys.py), filled
from the entries already indexed, and the triggers that keep it in step. On other databases
this migration does nothing."""

from django.db import migrations

from search import entry_keys


def create(apps, schema_editor):
    entry_table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    entry_keys.create(schema_editor.connection, entry_table)


def drop(apps, schema_editor):
    entry_keys.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("alor_search", "0006_pending_index_update"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
