"""Preview pictures: the first page of a PDF, a scaled image, or a card naming the file type."""

from __future__ import annotations

import io
import textwrap
import zlib

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from kb.documents import validation as v

WIDTH, HEIGHT = 300, 400

CARD_COLOURS = {
    "pdf": (176, 32, 32),
    "docx": (33, 87, 163),
    "odt": (33, 87, 163),
    "pptx": (196, 80, 30),
    "odp": (196, 80, 30),
    "xlsx": (25, 115, 60),
    "ods": (25, 115, 60),
    "csv": (25, 115, 60),
}


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType
        return ImageFont.load_default()


def placeholder_card(extension: str, title: str = "") -> Image.Image:
    """A readable card: the file type in large letters on its colour, and the title below."""
    extension = (extension or "fil").lower()
    colour = CARD_COLOURS.get(extension)
    if colour is None:
        hue = zlib.crc32(extension.encode()) % 5
        colour = [(90, 90, 110), (70, 100, 120), (110, 80, 120), (60, 110, 100), (120, 95, 60)][hue]
    card = Image.new("RGB", (WIDTH, HEIGHT), (248, 248, 246))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH, 170), fill=colour)
    label = extension.upper()[:5]
    font = _font(64)
    box = draw.textbbox((0, 0), label, font=font)
    draw.text(((WIDTH - (box[2] - box[0])) / 2, (170 - (box[3] - box[1])) / 2 - box[1]), label,
              fill="white", font=font)  # fmt: skip
    small = _font(22)
    y = 195
    for line in textwrap.wrap(title or "", width=22)[:7]:
        draw.text((20, y), line, fill=(30, 30, 30), font=small)
        y += 28
    return card


def _fit(image: Image.Image) -> Image.Image:
    image = image.convert("RGB")
    image.thumbnail((WIDTH, HEIGHT))
    return image


def pdf_first_page(path) -> Image.Image:
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        width, height = page.get_size()
        scale = v.capped_scale(width, height, max(WIDTH * 1.5 / max(width, 1), 0.1))
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        document.close()
    return _fit(image)


def render_thumbnail(path, mime_type: str, extension: str, title: str = "") -> bytes:
    """PNG bytes of the preview of the file at `path`; falls back to the card on any trouble."""
    image = None
    try:
        if mime_type == v.PDF:
            image = pdf_first_page(path)
        elif mime_type in v.IMAGE_TYPES:
            with Image.open(path) as original:
                original.draft("RGB", (WIDTH * 2, HEIGHT * 2))
                image = _fit(original)
    except Exception:  # noqa: BLE001  an unreadable file still gets its card
        image = None
    if image is None:
        image = placeholder_card(extension, title)
    return _png(image)


def card_png(extension: str, title: str = "") -> bytes:
    """PNG bytes of the card alone: what is shown when no thumbnail can be stored."""
    return _png(placeholder_card(extension, title))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
