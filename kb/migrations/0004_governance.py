"""Governance: approved versions, minutes' actions, reminders, and the approval workflow.

The workflow «Godkjenning av mandat og avtaler» has two steps: «Innspill fra partner» (the
Partners group) and «Godkjenning i ledermøtet» (the Leaders group). It is assigned to every
governance section that exists now; sections created later get it from kb/governance. The
set-up is kb.governance.workflow.ensure_workflow, which the tests' database set-up calls too.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from kb.governance import workflow


def create_workflow(apps, schema_editor):
    workflow.ensure_workflow(apps)


def remove_workflow(apps, schema_editor):
    workflow.remove_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0003_documents"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SentReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200, unique=True, verbose_name="nøkkel")),
                ("recipients", models.TextField(blank=True, verbose_name="mottakere")),
                (
                    "sent_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="sendt"),
                ),
            ],
            options={
                "verbose_name": "sendt påminnelse",
                "verbose_name_plural": "sendte påminnelser",
            },
        ),
        migrations.AddField(
            model_name="agreementpage",
            name="minor_correction",
            field=models.BooleanField(
                default=False,
                help_text="Kryss av for en rettelse uten nytt versjonsnummer. Den må likevel godkjennes.",
                verbose_name="mindre rettelse",
            ),
        ),
        migrations.AddField(
            model_name="mandatepage",
            name="minor_correction",
            field=models.BooleanField(
                default=False,
                help_text="Kryss av for en rettelse uten nytt versjonsnummer. Den må likevel godkjennes.",
                verbose_name="mindre rettelse",
            ),
        ),
        migrations.CreateModel(
            name="Action",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("block_id", models.CharField(max_length=64, verbose_name="blokk-id")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="rekkefølge")),
                (
                    "item_number",
                    models.CharField(blank=True, max_length=20, verbose_name="saksnummer"),
                ),
                ("item_title", models.CharField(blank=True, max_length=255, verbose_name="sak")),
                ("what", models.TextField(verbose_name="hva")),
                ("responsible", models.CharField(max_length=255, verbose_name="ansvarlig")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="frist")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Åpen"),
                            ("in_progress", "Pågår"),
                            ("done", "Utført"),
                            ("cancelled", "Avlyst"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("source_status", models.CharField(blank=True, editable=False, max_length=20)),
                (
                    "done_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="utført tidspunkt"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="endret")),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="markert utført av",
                    ),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tracked_actions",
                        to="kb.minutespage",
                        verbose_name="møte",
                    ),
                ),
            ],
            options={
                "verbose_name": "oppfølgingspunkt",
                "verbose_name_plural": "oppfølgingspunkter",
                "ordering": ["due_date", "minutes_id", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("minutes", "block_id"), name="kb_action_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="GovernanceVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="versjonsnummer")),
                (
                    "correction",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="0 for en ny versjon, 1, 2 … for rettelser.",
                        verbose_name="rettelse",
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="tittel")),
                ("content", models.JSONField(default=list, verbose_name="innhold")),
                ("approved_on", models.DateField(verbose_name="godkjent dato")),
                (
                    "approved_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="godkjent tidspunkt"
                    ),
                ),
                (
                    "approver_name",
                    models.CharField(blank=True, max_length=200, verbose_name="godkjent av (navn)"),
                ),
                (
                    "approved_by_body",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="godkjent av (organ)"
                    ),
                ),
                (
                    "decision_reference",
                    models.CharField(blank=True, max_length=255, verbose_name="vedtaksreferanse"),
                ),
                ("signed_on", models.DateField(blank=True, null=True, verbose_name="signert dato")),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="godkjent av",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="governance_versions",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="side",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.revision",
                        verbose_name="revisjon",
                    ),
                ),
                (
                    "signed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="signering registrert av",
                    ),
                ),
                (
                    "signed_copy",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="kb.alordocument",
                        verbose_name="signert eksemplar",
                    ),
                ),
            ],
            options={
                "verbose_name": "godkjent versjon",
                "verbose_name_plural": "godkjente versjoner",
                "ordering": ["page", "number", "correction"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "number", "correction"), name="kb_governance_version_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_workflow, remove_workflow),
    ]
