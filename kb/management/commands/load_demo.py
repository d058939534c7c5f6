"""Build the demo site: sections, networks, articles, RAG's documents and Alor Norge 2026."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kb.demo.loader import DemoContentError, load_demo


class Command(BaseCommand):
    help = _(
        "Laster demoinnholdet (nettverk, artikler, RAG-dokumenter, Alor Norge 2026). "
        "Kan kjøres flere ganger: det som finnes, blir stående uendret."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help=_("Ikke vis fremdriftslinje."),
        )

    def handle(self, *args, no_progress=False, **options):
        try:
            loader = load_demo(stdout=self.stdout, progress=not no_progress)
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Demoinnhold:"))
        width = max((len(kind) for kind in loader.counts), default=0)
        for kind, row in sorted(loader.counts.items()):
            self.stdout.write(
                "  "
                + _("%(kind)s: %(created)d opprettet, %(unchanged)d uendret")
                % {
                    "kind": kind.ljust(width),
                    "created": row["created"],
                    "unchanged": row["unchanged"],
                }
            )
        created = loader.created
        if created:
            self.stdout.write(self.style.SUCCESS(_("%(n)d nye objekter.") % {"n": created}))
        else:
            self.stdout.write(self.style.SUCCESS(_("Ingenting nytt: alt fantes fra før.")))
