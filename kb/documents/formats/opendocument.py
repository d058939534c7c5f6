"""OpenDocument text, presentation and spreadsheet (.odt, .odp, .ods): the paragraphs and
headings of content.xml. The three share their reading; each declares its own type."""

from __future__ import annotations

import zipfile

from defusedxml import ElementTree
from django.utils.translation import gettext_lazy

from kb.documents.formats import office
from kb.documents.formats.base import Extraction, FileFormat, join_text
from kb.documents.formats.zipped import check_zip

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
BLOCK_TAGS = {f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"}


def extract_odf(path, *, ocr: bool = True) -> Extraction:
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml")
    root = ElementTree.fromstring(content)
    parts = ["".join(element.itertext()) for element in root.iter() if element.tag in BLOCK_TAGS]
    return Extraction(text=join_text(parts))


def _opendocument(key, label, mime_type, colour) -> FileFormat:
    return FileFormat(
        key=key,
        label=label,
        mime_types=(mime_type,),
        extensions=(key,),
        checks=(check_zip,),
        extract=extract_odf,
        card_colour=colour,
        render=office.render,
        render_is_slow=True,
        zip_based=True,  # told by the archive's `mimetype` entry
    )


ODT = _opendocument(
    "odt",
    gettext_lazy("et OpenDocument-tekstdokument (.odt)"),
    "application/vnd.oasis.opendocument.text",
    (33, 87, 163),
)
ODP = _opendocument(
    "odp",
    gettext_lazy("en OpenDocument-presentasjon (.odp)"),
    "application/vnd.oasis.opendocument.presentation",
    (196, 80, 30),
)
ODS = _opendocument(
    "ods",
    gettext_lazy("et OpenDocument-regneark (.ods)"),
    "application/vnd.oasis.opendocument.spreadsheet",
    (25, 115, 60),
)
FORMATS = (ODT, ODP, ODS)
