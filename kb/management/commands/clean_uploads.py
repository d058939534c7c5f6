"""Remove abandoned uploads: files the multiple uploader kept for a second step nobody finished,
and parts of files left by a write that was cut off.

    python manage.py clean_uploads [--older-than HOURS] [--dry-run]

Only what is older than --older-than (24 hours by default) is removed, so an upload someone is
finishing now stays. Running it twice removes nothing the second time.
"""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import UploadedFile

from kb.documents.storage import PARTIAL_PREFIX

UPLOADS = "wagtail_uploads"
PARTIAL_FOLDERS = ("documents", "thumbnails", UPLOADS)


def _modified(name):
    try:
        return default_storage.get_modified_time(name)
    except (OSError, NotImplementedError):
        return None


def _walk(folder):
    """Every file name under `folder` in the storage."""
    try:
        directories, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(f"{folder}/{directory}")


class Command(BaseCommand):
    help = _("Fjerner forlatte opplastinger og rester av filer som ikke ble ferdig skrevet.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=24,
            metavar="HOURS",
            help=_("Bare det som er eldre enn så mange timer (standard 24)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Vis hva som ville blitt fjernet.")
        )

    def handle(self, *args, older_than, dry_run, **options):
        if older_than < 0:
            raise CommandError(_("--older-than kan ikke være negativ."))
        cutoff = timezone.now() - datetime.timedelta(hours=older_than)
        self.dry_run = dry_run
        counts = {"uploads": 0, "orphans": 0, "partials": 0, "kept": 0}

        uploads = list(UploadedFile.objects.order_by("pk"))
        waiting = _("Ser på %(n)s opplastinger som venter på andre steg …")
        self.stdout.write(waiting % {"n": len(uploads)})
        known = set()
        for index, upload in enumerate(uploads, 1):
            name = upload.file.name if upload.file else ""
            known.add(name)
            modified = _modified(name) if name else None
            exists = bool(name) and default_storage.exists(name)
            if exists and modified is not None and modified > cutoff:
                counts["kept"] += 1
                continue
            self._say(index, len(uploads), name or f"#{upload.pk}")
            if not dry_run:
                if exists:
                    default_storage.delete(name)
                upload.delete()
            counts["uploads"] += 1

        self.stdout.write(_("Ser etter filer uten opplasting og rester av avbrutte skrivinger …"))
        for folder in PARTIAL_FOLDERS:
            for name in _walk(folder):
                base = name.rsplit("/", 1)[-1]
                partial = base.startswith(PARTIAL_PREFIX)
                orphan = folder == UPLOADS and name not in known
                if not (partial or orphan):
                    continue
                modified = _modified(name)
                if modified is not None and modified > cutoff:
                    counts["kept"] += 1
                    continue
                self.stdout.write(f"  {name}")
                if not dry_run:
                    default_storage.delete(name)
                counts["partials" if partial else "orphans"] += 1

        summary = _(
            "Ferdig: %(uploads)s forlatte opplastinger, %(orphans)s filer uten opplasting og "
            "%(partials)s rester av avbrutte skrivinger %(verb)s; %(kept)s nyere er beholdt."
        ) % {**counts, "verb": _("ville blitt fjernet") if dry_run else _("fjernet")}
        self.stdout.write(self.style.SUCCESS(summary))

    def _say(self, index, total, name):
        self.stdout.write(f"  [{index}/{total}] {name}")
