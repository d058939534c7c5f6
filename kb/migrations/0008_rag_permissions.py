"""RAG's rights as Django permissions, granted to the RAG group.

The governance section checked membership of the group named «RAG»; it now checks these
permissions (kb/governance/permissions.py), so that renaming the group keeps its rights and a
user may be given one right without joining the group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RAG = "RAG"
# (app label, codename): see kb.governance.permissions.RAG_PERMISSIONS.
RAG_PERMISSIONS = [
    ("kb", "view_action"),
    ("kb", "change_action"),
    ("kb", "view_governanceversion"),
    ("kb", "sign_governanceversion"),
    ("kb", "subscribe_meetings_feed"),
]


def permissions(apps):
    """The permissions, created first: Django creates them only after the whole migrate."""
    app_config = apps.get_app_config("kb")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in RAG_PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    rag, _ = Group.objects.get_or_create(name=RAG)
    rag.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    rag = Group.objects.filter(name=RAG).first()
    if rag is not None:
        rag.permissions.remove(*permissions(apps))


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
