"""Real files for the document tests, made on the fly (never checked in)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pptx
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas


def pdf(*pages: str, encrypt: bool = False) -> bytes:
    buffer = io.BytesIO()
    kwargs = {"encrypt": StandardEncryption("hemmelig", ownerPassword="eier")} if encrypt else {}
    c = canvas.Canvas(buffer, **kwargs)
    for text in pages or ("Referat fra møte i RAG",):
        y = 780
        for line in text.splitlines():
            c.drawString(72, y, line)
            y -= 16
        c.showPage()
    c.save()
    return buffer.getvalue()


def text_image(text: str, size=(1654, 600), font_size=48) -> Image.Image:
    """Black words on white, large enough for OCR (about 200 dpi)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_size)
    y = 60
    for line in text.splitlines():
        draw.text((80, y), line, fill="black", font=font)
        y += int(font_size * 1.6)
    return image


def scanned_pdf(text: str) -> bytes:
    """An image-only PDF: the text exists only as pixels."""
    buffer = io.BytesIO()
    text_image(text, size=(1654, 2339)).save(buffer, "PDF", resolution=200)
    return buffer.getvalue()


def image(fmt: str = "PNG", size=(64, 48), colour=(30, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def docx_file(paragraph="Samarbeidsavtale mellom KORUS og Akan", table_cell="", header="") -> bytes:
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph(paragraph)
    if table_cell:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Part"
        table.cell(0, 1).text = table_cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pptx_file(slide_text="Alor Norge 2026", notes="") -> bytes:
    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = slide_text
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def xlsx_file(cell="Deltakerliste samling") -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = cell
    workbook.active["B2"] = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def odf_file(kind="odt", text="Handlingsplan for nettverket") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), ODF_TYPES[kind], compress_type=zipfile.ZIP_STORED
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            "<office:document-content"
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text><text:h>Overskrift</text:h><text:p>{text}</text:p>"
            "</office:text></office:body></office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{ODF_TYPES[kind]}"/></manifest:manifest>',
        )
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A real DOCX with one extra part that unpacks to 16 MB of zeros."""
    buffer = io.BytesIO(docx_file())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (16 * 1024 * 1024))
    return buffer.getvalue()


def windows_exe() -> bytes:
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header[0x80:0x84] = b"PE\0\0"
    header[0x84:0x86] = (0x14C).to_bytes(2, "little")  # i386
    return bytes(header)


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
