"""Bulk import of a folder of files, each stored by kb.documents.ingest like an upload."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Collection

from kb.documents.ingest import Duplicate, Refused, ingest
from kb.documents.recovery import resume_document
from kb.models import (
    DocumentKind,
    DocumentLanguage,
    GatheringPage,
    NetworkPage,
    ProcessingStatus,
    Topic,
)

METADATA_FILE = "metadata.csv"
COLUMNS = ("file", "title", "kind", "network", "year", "language", "topics", "gathering")


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing title)
    resumed: list[tuple[str, str]] = field(default_factory=list)  # (file, title) left «venter»
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, what was not found)


@dataclass
class Defaults:
    collection: Collection
    kind: str = DocumentKind.OTHER
    network: NetworkPage | None = None
    year: int | None = None
    language: str = DocumentLanguage.NB


def title_from_filename(name: str) -> str:
    stem = os.path.splitext(name)[0].replace("_", " ").replace("-", " ").strip()
    stem = " ".join(stem.split())
    return (stem[:1].upper() + stem[1:]) if stem else name


def find_network(value: str):
    value = (value or "").strip()
    if not value:
        return None
    return (
        NetworkPage.objects.filter(Q(city__iexact=value) | Q(slug=value) | Q(title__iexact=value))
        .order_by("pk")
        .first()
    )


def find_gathering(value: str):
    value = (value or "").strip()
    if not value:
        return None
    return (
        GatheringPage.objects.filter(Q(slug=value) | Q(title__iexact=value)).order_by("pk").first()
    )


def network_of_gathering(gathering: GatheringPage) -> NetworkPage | None:
    """The network a gathering's documents are filed under when their row names none: a
    regional gathering's own network; none for a national gathering, whose presentations
    belong to each speaker's own network, never to the host's."""
    parent = gathering.get_parent()
    if parent is not None and parent.specific_class is NetworkPage:
        return parent.specific
    return None


def find_topic(value: str):
    return Topic.objects.filter(Q(name__iexact=value) | Q(slug=value)).order_by("pk").first()


def read_metadata(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / METADATA_FILE
    if not path.exists():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        return {
            (row.get("file") or "").strip(): {k: (row.get(k) or "").strip() for k in COLUMNS}
            for row in rows
            if (row.get("file") or "").strip()
        }


def files_in(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != METADATA_FILE
    )


class Importer:
    def __init__(self, defaults: Defaults, *, ocr: bool = True):
        self.defaults = defaults
        self.ocr = ocr
        self.report = ImportReport()

    def _metadata(self, name: str, row: dict[str, str]):
        """Field values for one file, and the names in its row that match nothing."""
        d = self.defaults
        values = {
            "title": row.get("title") or title_from_filename(name),
            "kind": d.kind,
            "network": d.network,
            "year": d.year,
            "language": d.language,
            "gathering": None,
        }
        problems = []
        kind = row.get("kind")
        if kind:
            if kind in DocumentKind.values:
                values["kind"] = kind
            else:
                problems.append(_("ukjent type «%(value)s»") % {"value": kind})
        language = row.get("language")
        if language:
            if language in DocumentLanguage.values:
                values["language"] = language
            else:
                problems.append(_("ukjent språk «%(value)s»") % {"value": language})
        year = row.get("year")
        if year:
            if year.isascii() and year.isdigit() and 1900 <= int(year) <= 2100:
                values["year"] = int(year)
            else:
                problems.append(_("ugyldig år «%(value)s»") % {"value": year})
        if row.get("network"):
            network = find_network(row["network"])
            if network is None:
                problems.append(_("ukjent nettverk «%(value)s»") % {"value": row["network"]})
            values["network"] = network or d.network
        if row.get("gathering"):
            gathering = find_gathering(row["gathering"])
            if gathering is None:
                problems.append(_("ukjent samling «%(value)s»") % {"value": row["gathering"]})
            values["gathering"] = gathering
            if gathering is not None and not row.get("network"):
                # Not the folder's default network: at a national gathering that is the
                # host's, and the host's network is not the speakers'.
                values["network"] = network_of_gathering(gathering)
        topics = []
        for raw in (row.get("topics") or "").replace("|", ";").split(";"):
            name_ = raw.strip()
            if not name_:
                continue
            topic = find_topic(name_)
            if topic is None:
                problems.append(_("ukjent tema «%(value)s»") % {"value": name_})
            else:
                topics.append(topic)
        return values, topics, problems

    def import_file(self, path: Path, row: dict[str, str] | None = None) -> str:
        """Import one file: "imported", "resumed", "duplicate" or "refused". Never raises."""
        name = path.name
        try:
            values, topics, problems = self._metadata(name, row or {})
            with open(path, "rb") as handle:
                result = ingest(
                    File(handle, name=name),
                    collection=self.defaults.collection,
                    metadata={**values, "topics": topics},
                    user=None,
                    ocr=self.ocr,
                )
            if isinstance(result, Duplicate):
                existing = result.existing
                # Stored by an import (or a worker) that died before its text was read:
                # queue it again rather than leave it «venter» for good.
                if (
                    existing is not None
                    and existing.processing_status == ProcessingStatus.PENDING
                    and resume_document(existing, ocr=self.ocr)
                ):
                    self.report.resumed.append((name, existing.title))
                    return "resumed"
                self.report.duplicates.append((name, getattr(existing, "title", "")))
                return "duplicate"
        except Exception as error:  # noqa: BLE001  one bad file never stops the import
            self.report.refused.append((name, f"{type(error).__name__}: {error}"))
            return "refused"
        if isinstance(result, Refused):
            self.report.refused.append((name, result.reason))
            return "refused"
        for problem in problems:
            self.report.warnings.append((name, problem))
        self.report.imported.append(name)
        return "imported"
