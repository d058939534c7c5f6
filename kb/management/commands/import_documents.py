"""Import every file in a folder as documents, checked like uploads; safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Collection

from kb.documents.importer import Defaults, Importer, files_in, find_network, read_metadata
from kb.models import DocumentKind, DocumentLanguage


class Command(BaseCommand):
    help = (
        "Import the files of a folder as documents (with an optional metadata.csv: "
        "file,title,kind,network,year,language,topics,gathering). Files already there "
        "(same SHA-256) are skipped, so running it twice imports nothing twice; one still "
        "«venter» because an earlier run was interrupted is queued for processing again."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--collection", help="Collection name (default: the root).")
        parser.add_argument("--kind", choices=DocumentKind.values, default=DocumentKind.OTHER)
        parser.add_argument("--network", help="Network city, slug or title.")
        parser.add_argument("--year", type=int)
        parser.add_argument(
            "--language", choices=DocumentLanguage.values, default=DocumentLanguage.NB
        )
        parser.add_argument(
            "--no-ocr", action="store_true", help="Do not read scans with OCR (faster)."
        )

    def handle(self, *args, **options):
        folder = Path(options["directory"])
        if not folder.is_dir():
            raise CommandError(_("Fant ingen mappe %(path)s.") % {"path": folder})
        defaults = Defaults(
            collection=self._collection(options["collection"]),
            kind=options["kind"],
            network=self._network(options["network"]),
            year=options["year"],
            language=options["language"],
        )
        metadata = read_metadata(folder)
        files = files_in(folder)
        importer = Importer(defaults, ocr=not options["no_ocr"])
        progress = tqdm(
            files, desc=_("Importerer"), unit=_("fil"), file=self.stderr._out,
            disable=options["verbosity"] == 0,
        )  # fmt: skip
        for path in progress:
            importer.import_file(path, metadata.get(path.name))
        for name in sorted(set(metadata) - {p.name for p in files}):
            importer.report.warnings.append((name, _("står i metadata.csv, men finnes ikke")))
        self._summary(importer.report)

    def _collection(self, name):
        if not name:
            return Collection.get_first_root_node()
        collection = Collection.objects.filter(name=name).first()
        if collection is None:
            raise CommandError(_("Fant ingen samling (collection) «%(name)s».") % {"name": name})
        return collection

    def _network(self, value):
        if not value:
            return None
        network = find_network(value)
        if network is None:
            raise CommandError(_("Fant ikke nettverket «%(name)s».") % {"name": value})
        return network

    def _summary(self, report):
        write = self.stdout.write
        write(
            _("Importert: %(imported)d. Hoppet over (finnes fra før): %(dup)d. Avvist: %(bad)d.")
            % {
                "imported": len(report.imported),
                "dup": len(report.duplicates),
                "bad": len(report.refused),
            }
        )
        if report.resumed:
            write(
                _("Behandles på nytt (sto på «venter» etter et avbrudd): %(count)d.")
                % {"count": len(report.resumed)}
            )
        for name, title in report.resumed:
            write(
                _("  behandles på nytt: %(file)s (som «%(title)s»)")
                % {"file": name, "title": title}
            )
        for name, title in report.duplicates:
            write(
                _("  finnes fra før: %(file)s (som «%(title)s»)") % {"file": name, "title": title}
            )
        for name, reason in report.refused:
            write(
                self.style.ERROR(
                    _("  avvist: %(file)s: %(reason)s") % {"file": name, "reason": reason}
                )
            )
        for name, problem in report.warnings:
            write(
                self.style.WARNING(
                    _("  merk: %(file)s: %(problem)s") % {"file": name, "problem": problem}
                )
            )
