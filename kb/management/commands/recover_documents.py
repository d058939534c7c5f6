"""Take up the document work a dead worker or an interrupted import left behind."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from kb.documents.recovery import recover_stuck_documents


class Command(BaseCommand):
    help = (
        "Mark failed the background tasks whose worker has died (killed, out of memory, lost "
        "machine) and queue again every document still «venter» without a live task. Every "
        "db_worker does this when it starts and every few minutes; in production also run this "
        "command from the scheduler every few minutes (e.g. */5 in cron). Safe to run at any "
        "time and as often as you like: a document a live worker is processing is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=None,
            help="Seconds a newly stored document may wait for its first task (default 300).",
        )

    def handle(self, *args, **options):
        grace = options["grace"]
        quiet = options["verbosity"] == 0

        def progress(items):
            return tqdm(
                items, desc=_("Behandler dokumenter"), unit=_("dokument"),
                file=self.stderr._out, disable=quiet,
            )  # fmt: skip

        report = recover_stuck_documents(
            grace=None if grace is None else timedelta(seconds=grace), progress=progress
        )
        self.stdout.write(report.summary())
