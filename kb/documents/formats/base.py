"""What a file format declares about itself, and the helpers several formats share.

A format is a `FileFormat`: the MIME types libmagic reports for it, the extensions its file
names may have, the phrase that names it in a sentence («Filen er en PDF»), the checks a file of
that type passes before it is stored, how its text is read and how its preview is drawn. The
registry (kb.documents.formats) lists them; the allow-list, the messages, the preview colours
and `WAGTAILDOCS_EXTENSIONS` are read from there, so a new format is one module.

Nothing here imports a Django model: the registry can be read before the apps are ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from PIL import Image

# The preview picture's size (kb.documents.thumbnails draws the card at the same size).
THUMBNAIL_SIZE = (300, 400)


@dataclass
class Extraction:
    """What reading a file found: its text and what stood in the way."""

    text: str = ""
    page_count: int | None = None
    ocr_used: bool = False
    ocr_missing: bool = False  # a page needed OCR, but Tesseract is not installed
    encrypted: bool = False
    ocr_stopped: bool = False  # OCR ran out of time (for the page or the document)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """What a format's check learnt about a file it let through."""

    encrypted: bool = False  # a PDF that needs a password: kept, but cannot be read
    page_count: int | None = None


# check(file) -> Checked or None; raises ValidationError with the reason a file is refused.
Check = Callable[[object], "Checked | None"]
# extract(path, ocr=...) -> Extraction
Extract = Callable[..., Extraction]
# render(path) -> a Pillow image of the first page / the picture, at most THUMBNAIL_SIZE.
Render = Callable[[str], Image.Image]


@dataclass(frozen=True)
class FileFormat:
    """One kind of file the site accepts."""

    key: str  # short and stable: "pdf", "docx", …
    label: Promise | str  # how a sentence names such a file: «en PDF», «et PNG-bilde»
    mime_types: tuple[str, ...]  # as libmagic (or the ZIP container check) reports them
    extensions: tuple[str, ...]  # what a name ending in one of these promises: this format
    extract: Extract
    checks: tuple[Check, ...] = ()
    # Further extensions a file detected as this type may carry: libmagic reads Markdown and
    # CSV as plain text, so a «.md» that is plain text is accepted as it is.
    also_named: tuple[str, ...] = ()
    render: Render | None = None  # None: the preview is a card in `card_colour`
    # A renderer that takes seconds (LibreOffice): run in the background task only; a request
    # for the preview before it has run gets the card, not stored.
    render_is_slow: bool = False
    card_colour: tuple[int, int, int] | None = None  # None: a colour picked from the extension
    # Office Open XML packages are ZIP files told apart by one part ("word/document.xml");
    # OpenDocument packages by their `mimetype` entry (zip_based with no zip_part).
    zip_based: bool = False
    zip_part: str | None = None

    @property
    def accepted_extensions(self) -> tuple[str, ...]:
        """Every extension a file of this type may have, its own first."""
        return self.extensions + tuple(e for e in self.also_named if e not in self.extensions)


def join_text(parts) -> str:
    """The non-empty parts, stripped, one per line."""
    return "\n".join(p.strip() for p in parts if p and p.strip())


def capped_scale(width: float, height: float, scale: float) -> float:
    """`scale` for rendering a page of width × height points, lowered so the bitmap stays
    within DOCUMENTS_MAX_IMAGE_PIXELS (a PDF page may declare itself hundreds of metres wide)."""
    pixels = width * height * scale * scale
    limit = settings.DOCUMENTS_MAX_IMAGE_PIXELS
    if pixels > limit > 0:
        scale *= (limit / pixels) ** 0.5 * 0.99  # the renderer rounds each side up
    return scale


def fit(image: Image.Image) -> Image.Image:
    """An RGB copy of `image` no larger than the preview."""
    image = image.convert("RGB")
    image.thumbnail(THUMBNAIL_SIZE)
    return image
