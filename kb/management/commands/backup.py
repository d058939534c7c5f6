"""Write one archive with the database, the media files and a manifest (alor/backup.py)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from alor import backup


class Command(BaseCommand):
    help = _(
        "Skriver en sikkerhetskopi: databasen (en konsistent kopi, også mens nettsiden kjører), "
        "mediefilene og et manifest med antall og sjekksummer, i ett tar-arkiv. DEST er filen "
        "(.tar eller .tar.gz) eller en mappe å legge den i (da heter den som "
        "alor-2026-12-03-021500.tar)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest")

    def handle(self, *args, dest, **options):
        quiet = options["verbosity"] == 0

        def say(text):
            if not quiet:
                self.stdout.write(text)

        def progress(items, desc):
            return tqdm(items, desc=desc, unit=_("fil"), file=self.stderr._out, disable=quiet)

        result = backup.backup(dest, say=say, progress=progress)
        counts = ", ".join(
            f"{backup.count_label(key)}: {value}" for key, value in result.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Sikkerhetskopi skrevet til %(path)s (%(size).1f MB, %(seconds).1f s).")
                % {"path": result.path, "size": result.size / 1e6, "seconds": result.seconds}
            )
        )
        self.stdout.write(
            _("Innhold: %(counts)s; %(files)d mediefiler.")
            % {"counts": counts, "files": result.files}
        )
