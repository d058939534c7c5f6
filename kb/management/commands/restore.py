"""Restore an archive written by `backup` onto an empty database and media folder."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from alor import backup


class Command(BaseCommand):
    help = _(
        "Gjenoppretter en sikkerhetskopi fra `backup` til en tom database (ny, eller nettopp "
        "migrert uten innhold) og en tom mediemappe, og bygger søkeindeksen på nytt. Nekter "
        "hvis databasen eller mediemappen har innhold, hvis arkivet er skadet, eller hvis det "
        "er fra en annen databasetype."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        quiet = options["verbosity"] == 0

        def say(text):
            if not quiet:
                self.stdout.write(text)

        def reindex():
            call_command("update_index", verbosity=0, stdout=self.stdout, stderr=self.stderr)

        result = backup.restore(archive, say=say, reindex=reindex)
        made = backup.created_at(result.manifest)
        self.stdout.write(
            _(
                "Gjenopprettet sikkerhetskopien fra %(time)s "
                "(%(files)d mediefiler, %(seconds).1f s)."
            )
            % {
                "time": made.strftime("%Y-%m-%d %H:%M") if made else "?",
                "files": result.files,
                "seconds": result.seconds,
            }
        )
        for key, value in result.counts.items():
            expected = result.manifest["counts"].get(key)
            mark = "" if expected == value else "  ≠ " + _("manifestet: %(n)s") % {"n": expected}
            self.stdout.write(f"  {backup.count_label(key)}: {value}{mark}")
        if result.differences:
            raise CommandError(_("Antallene stemmer ikke med manifestet."))
        self.stdout.write(self.style.SUCCESS(_("Antallene stemmer med manifestet.")))
