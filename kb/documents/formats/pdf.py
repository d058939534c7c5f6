"""PDF: opened by pypdfium2 before it is stored; text per page, OCR for scanned pages; the
first page as preview."""

from __future__ import annotations

import time

import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb.documents.formats.base import (
    THUMBNAIL_SIZE,
    Checked,
    Extraction,
    FileFormat,
    capped_scale,
    fit,
    join_text,
)
from kb.documents.ocr import OcrTimeout, OcrUnavailable, ocr_image

# A page with fewer characters than this is treated as a scan and read by OCR.
MIN_TEXT_CHARS = 20
OCR_DPI = 200


def _source(file):
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        return path()
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def check_pdf(file) -> Checked:
    """(encrypted, page count) of a PDF that opens; refuses one that does not."""
    try:
        document = pdfium.PdfDocument(_source(file))
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            return Checked(encrypted=True)
        raise ValidationError(
            _("PDF-filen er skadet eller ufullstendig og kan ikke åpnes."), code="corrupt"
        ) from error
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise ValidationError(_("PDF-filen har ingen sider."), code="corrupt")
    return Checked(page_count=pages)


def _has_images(page) -> bool:
    """Whether a page holds a picture (a scan); pages of plain short text need no OCR."""
    kinds = [pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    return next(iter(page.get_objects(filter=kinds, max_depth=3)), None) is not None


def extract_pdf(source, *, ocr: bool = True) -> Extraction:
    """The text of every page; a page with (almost) no text but a picture is read by OCR, at
    most DOCUMENTS_OCR_MAX_PAGES pages, each within DOCUMENTS_OCR_TIMEOUT and all within
    DOCUMENTS_OCR_DOCUMENT_TIMEOUT seconds."""
    result = Extraction()
    try:
        document = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            result.encrypted = True
            return result
        raise
    max_ocr_pages = settings.DOCUMENTS_OCR_MAX_PAGES
    page_timeout = settings.DOCUMENTS_OCR_TIMEOUT
    deadline = time.monotonic() + settings.DOCUMENTS_OCR_DOCUMENT_TIMEOUT
    texts = []
    ocr_pages = 0
    try:
        result.page_count = len(document)
        for index in range(result.page_count):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_bounded()
                textpage.close()
                if (
                    len(text.strip()) < MIN_TEXT_CHARS
                    and _has_images(page)
                    and ocr
                    and ocr_pages < max_ocr_pages
                ):
                    width, height = page.get_size()
                    scale = capped_scale(width, height, OCR_DPI / 72)
                    bitmap = page.render(scale=scale, grayscale=True)
                    image = bitmap.to_pil()
                    left = deadline - time.monotonic()
                    try:
                        if left <= 0:
                            raise OcrTimeout(0)
                        scanned = ocr_image(image, timeout=min(page_timeout, left))
                    except OcrUnavailable:
                        result.ocr_missing = True
                        ocr = False
                    except OcrTimeout:
                        result.ocr_stopped = True
                        ocr = False
                    else:
                        ocr_pages += 1
                        result.ocr_used = True
                        if len(scanned.strip()) > len(text.strip()):
                            text = scanned
                texts.append(text)
            finally:
                page.close()
    finally:
        document.close()
    result.text = join_text(texts)
    return result


def first_page(path):
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        width, height = page.get_size()
        scale = capped_scale(width, height, max(THUMBNAIL_SIZE[0] * 1.5 / max(width, 1), 0.1))
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        document.close()
    return fit(image)


PDF = FileFormat(
    key="pdf",
    label=gettext_lazy("en PDF"),
    mime_types=("application/pdf",),
    extensions=("pdf",),
    checks=(check_pdf,),
    extract=extract_pdf,
    render=first_page,
    card_colour=(176, 32, 32),
)
