"""The site's groups, their model permissions, and RAG's private document collection.

The set-up is kb.groups.ensure_groups, which the tests' database set-up calls as well.

Page permissions on subtrees (a network's pages, the RAG section) are granted when those pages
are created (kb/signal_handlers.py), since the pages do not exist yet when this runs.
"""

from django.db import migrations

from kb import groups


def forwards(apps, schema_editor):
    groups.ensure_groups(apps)


def backwards(apps, schema_editor):
    groups.remove_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
