"""SQLite only: covering indexes for the search's privacy check of its full-text matches
(search/entry_keys.py, `PRIVACY_INDEXES`). On other databases this migration does nothing."""

from django.db import migrations

from search import entry_keys


def create(apps, schema_editor):
    entry_keys.create_privacy_indexes(schema_editor.connection)


def drop(apps, schema_editor):
    entry_keys.drop_privacy_indexes(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("alor_search", "0007_sqlite_entry_keys"),
        ("kb", "0001_initial"),  # the document table (and, through it, wagtailcore 0098)
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
