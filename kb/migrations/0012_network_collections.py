"""Each network's own document collection («Nettverkene» › <city>), where its host group adds,
changes and chooses documents; every network host may choose from the networks' collections.

New networks get theirs when their page is created (kb.signal_handlers); this makes them for
the networks that exist. The grant is kb.groups.grant_network_collections. RAG's collection is
untouched: no host gains any right there.
"""

from django.db import migrations

from kb import groups


def grant(apps, schema_editor):
    groups.grant_network_collections(apps)


def revoke(apps, schema_editor):
    groups.remove_network_collection_rights(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0011_action_owners"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
