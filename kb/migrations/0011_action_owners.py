"""Follow-up with owners: a person's user, an action's responsible person, the minute-taker.

The data step links what the text names and nothing more: an action whose «responsible» is
exactly the name of one person (case and spaces aside) gets that person, and so does a
meeting's minute-taker. The free text stays as the minutes wrote it («Silje (KORUS
Stavanger)», «RAG», «Nina» when two are called Nina); no person is made from it, since a text
is not always a person and a guess would send someone else's reminders to them.
"""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

from kb.governance.actions import people_by_name, person_named


def link_people(apps, schema_editor):
    Action = apps.get_model("kb", "Action")
    MinutesPage = apps.get_model("kb", "MinutesPage")
    names = people_by_name(apps.get_model("kb", "Person").objects.all())
    for action in Action.objects.filter(person__isnull=True).only("pk", "responsible"):
        pk = person_named(action.responsible, names)
        if pk:
            Action.objects.filter(pk=action.pk).update(person_id=pk)
    for minutes in (
        MinutesPage.objects.filter(minute_taker_person__isnull=True)
        .exclude(minute_taker="")
        .only("pk", "minute_taker")
    ):
        pk = person_named(minutes.minute_taker, names)
        if pk:
            MinutesPage.objects.filter(pk=minutes.pk).update(minute_taker_person_id=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0010_workflow_steps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions",
                to="kb.person",
                verbose_name="ansvarlig person",
            ),
        ),
        migrations.AddField(
            model_name="minutespage",
            name="minute_taker_person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="kb.person",
                verbose_name="referent (person)",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="user",
            field=models.ForeignKey(
                blank=True,
                help_text="Brukeren som får påminnelser om oppfølgingspunktene personen har ansvar for.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="people",
                to=settings.AUTH_USER_MODEL,
                verbose_name="bruker",
            ),
        ),
        migrations.AlterField(
            model_name="minutespage",
            name="items",
            field=wagtail.fields.StreamField(
                [("item", 11)],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Nummer", "max_length": 20}),
                    1: ("wagtail.blocks.CharBlock", (), {"label": "Sak"}),
                    2: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": [
                                "h3",
                                "h4",
                                "bold",
                                "italic",
                                "ol",
                                "ul",
                                "link",
                                "document-link",
                            ],
                            "label": "Drøfting",
                            "required": False,
                        },
                    ),
                    3: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "Vedtak/avklaring", "required": False},
                    ),
                    4: ("wagtail.blocks.TextBlock", (), {"label": "Hva"}),
                    5: ("wagtail.blocks.CharBlock", (), {"label": "Ansvarlig"}),
                    6: (
                        "wagtail.snippets.blocks.SnippetChooserBlock",
                        ("kb.Person",),
                        {
                            "help_text": "Påminnelser går til personens bruker (ellers til referenten).",
                            "label": "Ansvarlig person",
                            "required": False,
                        },
                    ),
                    7: ("wagtail.blocks.DateBlock", (), {"label": "Frist", "required": False}),
                    8: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("open", "Åpen"),
                                ("in_progress", "Pågår"),
                                ("done", "Utført"),
                                ("cancelled", "Avlyst"),
                            ],
                            "label": "Status",
                        },
                    ),
                    9: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("what", 4),
                                ("responsible", 5),
                                ("person", 6),
                                ("due_date", 7),
                                ("status", 8),
                            ]
                        ],
                        {},
                    ),
                    10: (
                        "wagtail.blocks.ListBlock",
                        (9,),
                        {"label": "Oppfølging", "required": False},
                    ),
                    11: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("number", 0),
                                ("title", 1),
                                ("discussion", 2),
                                ("decision", 3),
                                ("actions", 10),
                            ]
                        ],
                        {},
                    ),
                },
                verbose_name="saker",
            ),
        ),
        migrations.RunPython(link_people, migrations.RunPython.noop),
    ]
