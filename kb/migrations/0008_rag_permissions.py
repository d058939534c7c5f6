"""RAG's rights as Django permissions, granted to the RAG group.

The governance section checked membership of the group named «RAG»; it now checks these
permissions (kb/governance/permissions.py), so that renaming the group keeps its rights and a
user may be given one right without joining the group. The grant is
kb.governance.permissions.grant_to_rag, which the tests' database set-up calls as well.
"""

from django.db import migrations

from kb.governance import permissions


def grant(apps, schema_editor):
    permissions.grant_to_rag(apps)


def revoke(apps, schema_editor):
    permissions.revoke_from_rag(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0007_document_recovery"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="calendarfeedkey",
            options={
                "permissions": [("subscribe_meetings_feed", "Kan abonnere på RAGs møtekalender")],
                "verbose_name": "nøkkel til møtekalenderen",
                "verbose_name_plural": "nøkler til møtekalenderen",
            },
        ),
        migrations.AlterModelOptions(
            name="governanceversion",
            options={
                "ordering": ["page", "number", "correction"],
                "permissions": [
                    (
                        "sign_governanceversion",
                        "Kan registrere signering og oppsigelse av avtaler",
                    )
                ],
                "verbose_name": "godkjent versjon",
                "verbose_name_plural": "godkjente versjoner",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
