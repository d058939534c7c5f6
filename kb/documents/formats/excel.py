"""Excel (.xlsx): every sheet's name and the values of its cells, a row per line."""

from __future__ import annotations

import openpyxl
from django.utils.translation import gettext_lazy

from kb.documents.formats import office
from kb.documents.formats.base import Extraction, FileFormat, join_text
from kb.documents.formats.zipped import check_zip


def extract_xlsx(path, *, ocr: bool = True) -> Extraction:
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
    return Extraction(text=join_text(parts), page_count=len(workbook.sheetnames))


XLSX = FileFormat(
    key="xlsx",
    label=gettext_lazy("et Excel-regneark (.xlsx)"),
    mime_types=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    extensions=("xlsx",),
    checks=(check_zip,),
    extract=extract_xlsx,
    card_colour=(25, 115, 60),
    render=office.render,
    render_is_slow=True,
    zip_based=True,
    zip_part="xl/workbook.xml",
)
