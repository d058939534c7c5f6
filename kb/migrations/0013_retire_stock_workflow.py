"""Wagtail's stock «Moderators approval» workflow off the site (kb.governance.workflow)."""

from django.db import migrations

from kb.governance.workflow import retire_stock_workflow


def forwards(apps, schema_editor):
    retire_stock_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0012_network_collections"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
