"""Word (.docx): paragraphs, tables, headers and footers."""

from __future__ import annotations

import docx
from django.utils.translation import gettext_lazy

from kb.documents.formats import office
from kb.documents.formats.base import Extraction, FileFormat, join_text
from kb.documents.formats.zipped import check_zip


def table_text(table) -> list[str]:
    """One line per row, cells joined by « | » (merged cells repeat in python-docx: once)."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        rows.append(" | ".join(cells))
    return rows


def extract_docx(path, *, ocr: bool = True) -> Extraction:
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
                parts.extend(table_text(table))
    parts.extend(p.text for p in document.paragraphs)
    for table in document.tables:
        parts.extend(table_text(table))
    return Extraction(text=join_text(parts))


DOCX = FileFormat(
    key="docx",
    label=gettext_lazy("et Word-dokument (.docx)"),
    mime_types=("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    extensions=("docx",),
    checks=(check_zip,),
    extract=extract_docx,
    card_colour=(33, 87, 163),
    render=office.render,
    render_is_slow=True,
    zip_based=True,
    zip_part="word/document.xml",
)
