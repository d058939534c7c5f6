"""Read the text out of a stored file, by its format (kb.documents.formats)."""

from __future__ import annotations

from kb.documents import formats
from kb.documents.formats.base import Extraction


def extract(path, mime_type: str, *, ocr: bool = True) -> Extraction:
    """The text of the file at `path`, by its (already detected) MIME type; nothing for a type
    no format declares (a file stored before its type was refused)."""
    file_format = formats.by_mime_type(mime_type)
    if file_format is None:
        return Extraction()
    return file_format.extract(str(path), ocr=ocr)
