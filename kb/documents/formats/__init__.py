"""The file formats the site accepts: the one list, and what is derived from it.

Each format is declared in its own module (kb/documents/formats/<name>.py) as a `FileFormat`:
MIME types, extensions, label, checks, text extraction and preview. A new format is a new module
whose `FileFormat` is added to `FORMATS` below, and its test (tests/documents/test_formats.py);
the allow-list, the messages, the preview colours and `WAGTAILDOCS_EXTENSIONS` follow.

This package imports no Django model, so settings can read `extensions()` lazily.
"""

from __future__ import annotations

from kb.documents.formats import excel, images, opendocument, pdf, powerpoint, text, word
from kb.documents.formats.base import Checked, Extraction, FileFormat

__all__ = [
    "FORMATS",
    "Checked",
    "Extraction",
    "FileFormat",
    "allowed_types",
    "by_extension",
    "by_mime_type",
    "extensions",
    "zip_formats",
]

FORMATS: tuple[FileFormat, ...] = (
    pdf.PDF,
    word.DOCX,
    powerpoint.PPTX,
    excel.XLSX,
    *opendocument.FORMATS,
    *text.FORMATS,
    *images.FORMATS,
)


def _index(formats, attribute: str) -> dict[str, FileFormat]:
    found: dict[str, FileFormat] = {}
    for file_format in formats:
        for value in getattr(file_format, attribute):
            if value in found:
                raise ValueError(
                    f"{value!r} is declared by both {found[value].key!r} and {file_format.key!r}"
                )
            found[value] = file_format
    return found


_BY_MIME_TYPE = _index(FORMATS, "mime_types")
_BY_EXTENSION = _index(FORMATS, "extensions")


def by_mime_type(mime_type: str) -> FileFormat | None:
    """The format of a detected MIME type; None if the site does not accept it."""
    return _BY_MIME_TYPE.get(mime_type)


def by_extension(extension: str) -> FileFormat | None:
    """The format a file name's extension (without the dot, lower case) promises."""
    return _BY_EXTENSION.get(extension)


def allowed_types() -> dict[str, tuple[str, ...]]:
    """Detected MIME type -> the extensions a file of that type may have."""
    return {m: f.accepted_extensions for f in FORMATS for m in f.mime_types}


def extensions() -> list[str]:
    """Every extension an accepted file may have (Wagtail's WAGTAILDOCS_EXTENSIONS)."""
    return [e for f in FORMATS for e in f.extensions]


def zip_formats() -> tuple[FileFormat, ...]:
    return tuple(f for f in FORMATS if f.zip_based)
