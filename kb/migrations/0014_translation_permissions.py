"""Editors and RAG translate: wagtail-localize's «submit for translation» right.

Without it only a superuser saw the «Translate» action. The grant is
kb.groups.grant_translation, which the tests' database set-up calls as well.
"""

from django.db import migrations

from kb import groups


def grant(apps, schema_editor):
    groups.grant_translation(apps)


def revoke(apps, schema_editor):
    groups.revoke_translation(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0013_retire_stock_workflow"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
