"""Plain text, Markdown and CSV: read as UTF-8 (or Windows-1252), refused if they hold NUL
bytes. libmagic reports Markdown and CSV as plain text as often as not, so each of the three
may carry the others' usual extensions as its type allows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb.documents.formats.base import Extraction, FileFormat

HEAD_BYTES = 64 * 1024


def check_text(file) -> None:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if b"\x00" in head:
        raise ValidationError(_("Filen er ikke en ren tekstfil."), code="type_not_allowed")


def extract_text(path, *, ocr: bool = True) -> Extraction:
    with open(path, "rb") as handle:
        data = handle.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return Extraction(text=data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return Extraction(text=data.decode("latin-1"))


TEXT = FileFormat(
    key="txt",
    label=gettext_lazy("en tekstfil"),
    mime_types=("text/plain",),
    extensions=("txt",),
    also_named=("md", "csv"),
    checks=(check_text,),
    extract=extract_text,
)
MARKDOWN = FileFormat(
    key="md",
    label=gettext_lazy("en Markdown-fil"),
    mime_types=("text/markdown", "text/x-markdown"),
    extensions=("md",),
    also_named=("txt",),
    checks=(check_text,),
    extract=extract_text,
)
CSV = FileFormat(
    key="csv",
    label=gettext_lazy("en CSV-fil"),
    mime_types=("text/csv",),
    extensions=("csv",),
    also_named=("txt",),
    checks=(check_text,),
    extract=extract_text,
    card_colour=(25, 115, 60),
)
FORMATS = (TEXT, MARKDOWN, CSV)
