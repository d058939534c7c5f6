"""Read the text out of a stored file: PDF, Office, OpenDocument, plain text, and images by OCR."""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from defusedxml import ElementTree
from django.conf import settings
from PIL import Image

from kb.documents import validation as v
from kb.documents.ocr import OcrTimeout, OcrUnavailable, ocr_image

# A page with fewer characters than this is treated as a scan and read by OCR.
MIN_TEXT_CHARS = 20
OCR_DPI = 200


@dataclass
class Extraction:
    text: str = ""
    page_count: int | None = None
    ocr_used: bool = False
    ocr_missing: bool = False  # a page needed OCR, but Tesseract is not installed
    encrypted: bool = False
    ocr_stopped: bool = False  # OCR ran out of time (for the page or the document)
    notes: list[str] = field(default_factory=list)


def _join(parts) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _has_images(page) -> bool:
    """Whether a page holds a picture (a scan); pages of plain short text need no OCR."""
    kinds = [pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    return next(iter(page.get_objects(filter=kinds, max_depth=3)), None) is not None


def extract_pdf(source, *, ocr: bool = True) -> Extraction:
    result = Extraction()
    try:
        document = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            result.encrypted = True
            return result
        raise
    max_ocr_pages = getattr(settings, "DOCUMENTS_OCR_MAX_PAGES", 100)
    page_timeout = getattr(settings, "DOCUMENTS_OCR_TIMEOUT", 120)
    deadline = time.monotonic() + getattr(settings, "DOCUMENTS_OCR_DOCUMENT_TIMEOUT", 600)
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
                if len(text.strip()) < MIN_TEXT_CHARS and _has_images(page):
                    if ocr and ocr_pages < max_ocr_pages:
                        scale = v.capped_scale(*page.get_size(), OCR_DPI / 72)
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
    result.text = _join(texts)
    return result


def extract_docx(path) -> Extraction:
    import docx

    document = docx.Document(path)
    parts: list[str] = []
    seen_parts = set()
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            try:
                if part.is_linked_to_previous:
                    continue
                key = id(part._element)
            except (AttributeError, ValueError):
                continue
            if key in seen_parts:
                continue
            seen_parts.add(key)
            parts.extend(p.text for p in part.paragraphs)
            for table in part.tables:
                parts.extend(_table_text(table))
    parts.extend(p.text for p in document.paragraphs)
    for table in document.tables:
        parts.extend(_table_text(table))
    return Extraction(text=_join(parts))


def _table_text(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat
                cells.append(text)
        rows.append(" | ".join(cells))
    return rows


def _shape_texts(shapes) -> list[str]:
    parts = []
    for shape in shapes:
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                parts.append(" | ".join(c.text for c in row.cells if c.text.strip()))
        if getattr(shape, "shapes", None) is not None:  # groups
            parts.extend(_shape_texts(shape.shapes))
    return parts


def extract_pptx(path) -> Extraction:
    import pptx

    presentation = pptx.Presentation(path)
    parts = []
    for slide in presentation.slides:
        parts.extend(_shape_texts(slide.shapes))
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return Extraction(text=_join(parts), page_count=len(presentation.slides))


def extract_xlsx(path) -> Extraction:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    parts = []
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None and str(value).strip()]
                if cells:
                    parts.append(" ".join(cells))
    finally:
        workbook.close()
    return Extraction(text=_join(parts), page_count=len(workbook.sheetnames))


TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
BLOCK_TAGS = {f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"}


def extract_odf(path) -> Extraction:
    """OpenDocument: the paragraphs and headings of content.xml (text, slides, cells)."""
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml")
    root = ElementTree.fromstring(content)
    parts = ["".join(element.itertext()) for element in root.iter() if element.tag in BLOCK_TAGS]
    return Extraction(text=_join(parts))


def extract_text_file(path) -> Extraction:
    with open(path, "rb") as handle:
        data = handle.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return Extraction(text=data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return Extraction(text=data.decode("latin-1"))


def extract_image(path, *, ocr: bool = True) -> Extraction:
    result = Extraction(page_count=1)
    if not ocr:
        return result
    with Image.open(path) as image:
        image.load()
        try:
            result.text = ocr_image(image).strip()
            result.ocr_used = True
        except OcrUnavailable:
            result.ocr_missing = True
        except OcrTimeout:
            result.ocr_stopped = True
    return result


def extract(path, mime_type: str, *, ocr: bool = True) -> Extraction:
    """The text of the file at `path`, by its (already detected) MIME type."""
    if mime_type == v.PDF:
        return extract_pdf(str(path), ocr=ocr)
    if mime_type == v.DOCX:
        return extract_docx(path)
    if mime_type == v.PPTX:
        return extract_pptx(path)
    if mime_type == v.XLSX:
        return extract_xlsx(path)
    if mime_type in (v.ODT, v.ODP, v.ODS):
        return extract_odf(path)
    if mime_type in v.TEXT_TYPES:
        return extract_text_file(path)
    if mime_type in v.IMAGE_TYPES:
        return extract_image(path, ocr=ocr)
    return Extraction()
