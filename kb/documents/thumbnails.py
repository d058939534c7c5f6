"""Preview pictures: what the file's format renders (the first page of a PDF, a scaled image,
the first page or slide of an Office file through LibreOffice), or a card naming the file type
in the format's colour."""

from __future__ import annotations

import io
import logging
import textwrap
import zlib

from PIL import Image, ImageDraw, ImageFont

from kb.documents import formats
from kb.documents.formats.base import THUMBNAIL_SIZE
from kb.documents.formats.office import OfficeUnavailable

logger = logging.getLogger("alor.documents")

WIDTH, HEIGHT = THUMBNAIL_SIZE
# For an extension no format gives a colour: one of these, the same one each time.
SPARE_COLOURS = [(90, 90, 110), (70, 100, 120), (110, 80, 120), (60, 110, 100), (120, 95, 60)]


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType
        return ImageFont.load_default()


def card_colour(extension: str) -> tuple[int, int, int]:
    file_format = formats.by_extension(extension)
    if file_format is not None and file_format.card_colour is not None:
        return file_format.card_colour
    return SPARE_COLOURS[zlib.crc32(extension.encode()) % len(SPARE_COLOURS)]


def placeholder_card(extension: str, title: str = "") -> Image.Image:
    """A readable card: the file type in large letters on its colour, and the title below."""
    extension = (extension or "fil").lower()
    card = Image.new("RGB", (WIDTH, HEIGHT), (248, 248, 246))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH, 170), fill=card_colour(extension))
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


def renders_slowly(mime_type: str) -> bool:
    """Whether the preview of this type is drawn by a slow renderer (LibreOffice), which only
    the background task runs."""
    file_format = formats.by_mime_type(mime_type)
    return file_format is not None and file_format.render is not None and file_format.render_is_slow


def render_thumbnail(path, mime_type: str, extension: str, title: str = "") -> bytes:
    """PNG bytes of the preview of the file at `path`; falls back to the card on any trouble
    (logged: an unreadable file, LibreOffice missing, too slow or failing)."""
    image = None
    file_format = formats.by_mime_type(mime_type)
    if file_format is not None and file_format.render is not None:
        try:
            image = file_format.render(str(path))
        except OfficeUnavailable:
            logger.info("LibreOffice is not installed: %s gets its card", extension or "file")
        except Exception as error:  # noqa: BLE001  an unreadable file still gets its card
            logger.warning(
                "Preview of a %s file not drawn (%s: %s); it gets its card",
                extension or "?",
                type(error).__name__,
                error,
            )
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
