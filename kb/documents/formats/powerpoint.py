"""PowerPoint (.pptx): the text of every slide, its tables and groups, and the speaker notes."""

from __future__ import annotations

import pptx
from django.utils.translation import gettext_lazy

from kb.documents.formats import office
from kb.documents.formats.base import Extraction, FileFormat, join_text
from kb.documents.formats.zipped import check_zip


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


def extract_pptx(path, *, ocr: bool = True) -> Extraction:
    presentation = pptx.Presentation(path)
    parts = []
    for slide in presentation.slides:
        parts.extend(_shape_texts(slide.shapes))
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return Extraction(text=join_text(parts), page_count=len(presentation.slides))


PPTX = FileFormat(
    key="pptx",
    label=gettext_lazy("en PowerPoint-presentasjon (.pptx)"),
    mime_types=("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    extensions=("pptx",),
    checks=(check_zip,),
    extract=extract_pptx,
    card_colour=(196, 80, 30),
    render=office.render,
    render_is_slow=True,
    zip_based=True,
    zip_part="ppt/presentation.xml",
)
