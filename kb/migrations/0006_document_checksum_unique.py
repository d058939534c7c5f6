"""One document per file: a unique constraint on the checksum (empty checksums excepted).

Copies stored before the constraint (two uploads of one file at the same moment) keep their
row and file; only the oldest document keeps the checksum, the later copies are listed here and
lose theirs so that the constraint can be added. They can then be reviewed and deleted.
"""

from django.db import migrations, models
from django.db.models import Count


def release_duplicate_checksums(apps, schema_editor):
    AlorDocument = apps.get_model("kb", "AlorDocument")
    repeated = (
        AlorDocument.objects.exclude(checksum="")
        .values("checksum")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("checksum", flat=True)
    )
    for checksum in list(repeated):
        copies = list(
            AlorDocument.objects.filter(checksum=checksum).order_by("pk").values_list("pk", "title")
        )
        kept, later = copies[0], copies[1:]
        AlorDocument.objects.filter(pk__in=[pk for pk, _title in later]).update(checksum="")
        print(  # shown once, while migrating
            f"\n  Same file as document {kept[0]} «{kept[1]}»: "
            + ", ".join(f"{pk} «{title}»" for pk, title in later)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0005_calendar_feed_key"),
    ]

    operations = [
        migrations.RunPython(release_duplicate_checksums, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="alordocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("checksum", ""), _negated=True),
                fields=("checksum",),
                name="unique_document_checksum",
            ),
        ),
    ]
