"""Schema of the document pipeline (filled in by the documents work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("kb", "0002_groups_and_permissions")]

    operations = []
