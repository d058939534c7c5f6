"""The first pages of a PDF as pictures, for the document's page.

The thumbnail (kb.documents.thumbnails) is one small picture of the first page; the document's
page shows the first PREVIEW_PAGES pages larger. Each is rendered on first use by the
privacy-checked view and kept in storage, named by the file's checksum, so a new file gets new
pictures and a picture is rendered once.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from django.core.files.base import ContentFile

from kb.documents.formats.base import capped_scale
from kb.documents.processing import local_path

# What a file pdfium cannot read raises.
PreviewError = pdfium.PdfiumError

PREVIEW_PAGES = 3
PREVIEW_WIDTH = 900  # pixels


def is_pdf(document) -> bool:
    return document.mime_type == "application/pdf" or (
        (document.file_extension or "").lower() == "pdf"
    )


def preview_pages(document) -> list[int]:
    """The page numbers (from 1) the document's page shows as pictures: none unless the
    file is a PDF whose pages have been counted."""
    if not is_pdf(document) or not document.page_count:
        return []
    return list(range(1, min(document.page_count, PREVIEW_PAGES) + 1))


def preview_name(document, number: int) -> str:
    return f"thumbnails/pages/doc-{document.pk}-{(document.checksum or 'x')[:12]}-p{number}.png"


def render_page(path, number: int) -> bytes:
    """Page `number` (from 1) of the PDF at `path`, PREVIEW_WIDTH pixels wide, as PNG."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = capped_scale(width, height, PREVIEW_WIDTH / max(width, 1))
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def page_preview(document, number: int) -> str:
    """The storage name of page `number`'s picture, rendered now if it was not yet.

    Raises ValueError for a page the preview does not show, pdfium.PdfiumError for a file
    pdfium cannot read, OSError when storage fails."""
    if number not in preview_pages(document):
        raise ValueError(number)
    storage = document.file.storage
    name = preview_name(document, number)
    if storage.exists(name):
        return name
    with local_path(document.file) as path:
        png = render_page(path, number)
    return storage.save(name, ContentFile(png))
