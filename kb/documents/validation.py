"""The one check every uploaded file passes, whichever way it arrives (admin, bulk upload, import).

The type is read from the bytes (libmagic through python-magic, with a look inside ZIP
containers to tell Office and OpenDocument files apart), must be on the allow-list and must agree
with the file name's extension. Office files are checked for zip bombs, images for decompression
bombs, PDFs are opened. Nothing is written anywhere: a refused file leaves no trace.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import magic
import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT = "text/plain"
CSV = "text/csv"
MARKDOWN = "text/markdown"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"

# Detected type -> the extensions a file of that type may have.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    DOCX: ("docx",),
    PPTX: ("pptx",),
    XLSX: ("xlsx",),
    ODT: ("odt",),
    ODP: ("odp",),
    ODS: ("ods",),
    TEXT: ("txt", "md", "csv"),
    CSV: ("csv", "txt"),
    MARKDOWN: ("md", "txt"),
    "text/x-markdown": ("md", "txt"),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    WEBP: ("webp",),
}
ZIP_TYPES = {DOCX, PPTX, XLSX, ODT, ODP, ODS}
IMAGE_TYPES = {PNG, JPEG, WEBP}
TEXT_TYPES = {TEXT, CSV, MARKDOWN, "text/x-markdown"}

# What a file is, said in a sentence: «Filen er <name>».
TYPE_NAMES = {
    PDF: gettext_lazy("en PDF"),
    DOCX: gettext_lazy("et Word-dokument (.docx)"),
    PPTX: gettext_lazy("en PowerPoint-presentasjon (.pptx)"),
    XLSX: gettext_lazy("et Excel-regneark (.xlsx)"),
    ODT: gettext_lazy("et OpenDocument-tekstdokument (.odt)"),
    ODP: gettext_lazy("en OpenDocument-presentasjon (.odp)"),
    ODS: gettext_lazy("et OpenDocument-regneark (.ods)"),
    TEXT: gettext_lazy("en tekstfil"),
    CSV: gettext_lazy("en CSV-fil"),
    MARKDOWN: gettext_lazy("en Markdown-fil"),
    "text/x-markdown": gettext_lazy("en Markdown-fil"),
    PNG: gettext_lazy("et PNG-bilde"),
    JPEG: gettext_lazy("et JPEG-bilde"),
    WEBP: gettext_lazy("et WebP-bilde"),
    "application/x-dosexec": gettext_lazy("en Windows-programfil"),
    "application/vnd.microsoft.portable-executable": gettext_lazy("en Windows-programfil"),
    "application/x-msdownload": gettext_lazy("en Windows-programfil"),
    "application/x-executable": gettext_lazy("en programfil"),
    "application/x-sharedlib": gettext_lazy("en programfil"),
    "application/x-pie-executable": gettext_lazy("en programfil"),
    "application/x-mach-binary": gettext_lazy("en macOS-programfil"),
    "application/zip": gettext_lazy("et ZIP-arkiv"),
    "application/gzip": gettext_lazy("et komprimert arkiv (gzip)"),
    "application/x-7z-compressed": gettext_lazy("et komprimert arkiv (7z)"),
    "application/x-rar": gettext_lazy("et komprimert arkiv (RAR)"),
    "application/vnd.rar": gettext_lazy("et komprimert arkiv (RAR)"),
    "application/x-tar": gettext_lazy("et tar-arkiv"),
    "text/html": gettext_lazy("en nettside (HTML)"),
    "image/svg+xml": gettext_lazy("et SVG-bilde"),
    "text/xml": gettext_lazy("en XML-fil"),
    "application/xml": gettext_lazy("en XML-fil"),
    "application/javascript": gettext_lazy("et JavaScript-program"),
    "text/javascript": gettext_lazy("et JavaScript-program"),
    "text/x-shellscript": gettext_lazy("et skript"),
    "text/x-script.python": gettext_lazy("et Python-program"),
    "text/x-php": gettext_lazy("et PHP-program"),
    "application/msword": gettext_lazy("et eldre Word-dokument (.doc)"),
    "application/vnd.ms-excel": gettext_lazy("et eldre Excel-regneark (.xls)"),
    "application/vnd.ms-powerpoint": gettext_lazy("en eldre PowerPoint-presentasjon (.ppt)"),
    "application/x-ole-storage": gettext_lazy("et eldre Office-dokument"),
    "application/CDFV2": gettext_lazy("et eldre Office-dokument"),
    "image/gif": gettext_lazy("et GIF-bilde"),
    "image/tiff": gettext_lazy("et TIFF-bilde"),
    "image/bmp": gettext_lazy("et BMP-bilde"),
    "image/heic": gettext_lazy("et HEIC-bilde"),
    "video/mp4": gettext_lazy("en video (MP4)"),
    "audio/mpeg": gettext_lazy("en lydfil (MP3)"),
    "application/octet-stream": gettext_lazy("en ukjent binærfil"),
}

# What the extension promised: «…, ikke <name>».
EXTENSION_NAMES = {
    "pdf": TYPE_NAMES[PDF],
    "docx": TYPE_NAMES[DOCX],
    "pptx": TYPE_NAMES[PPTX],
    "xlsx": TYPE_NAMES[XLSX],
    "odt": TYPE_NAMES[ODT],
    "odp": TYPE_NAMES[ODP],
    "ods": TYPE_NAMES[ODS],
    "txt": TYPE_NAMES[TEXT],
    "md": TYPE_NAMES[MARKDOWN],
    "csv": TYPE_NAMES[CSV],
    "png": TYPE_NAMES[PNG],
    "jpg": TYPE_NAMES[JPEG],
    "jpeg": TYPE_NAMES[JPEG],
    "webp": TYPE_NAMES[WEBP],
}

HEAD_BYTES = 64 * 1024
# Office and OpenDocument files are ZIP archives. The limits hold for the archive as a whole,
# so a file cannot slip under them by spreading its content over many parts:
# - every part together unpacks to at most DOCUMENTS_MAX_UNPACKED_SIZE (pictures inside Office
#   files are stored already compressed, so a 100 MB upload unpacks to little more);
# - at most DOCUMENTS_MAX_ZIP_ENTRIES parts;
# - once the archive unpacks to more than RATIO_FLOOR, neither the whole archive nor any part
#   above RATIO_FLOOR may unpack to more than DOCUMENTS_MAX_COMPRESSION_RATIO times its packed
#   size. Real documents' XML packs 4-20 times; the text of a thousand copies of one paragraph
#   packs a few hundred times, and that is what makes text extraction slow.
DEFAULT_MAX_UNPACKED = 300 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 10_000
DEFAULT_MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# An image's pixels, decoded: a scanned A4 page at 300 dpi is 2480 × 3508 ≈ 8.7 MP, at 600 dpi
# 34.8 MP; a full-size photo from a 48- or 50-megapixel phone camera is about 50 MP. 50 MP (150 MB
# decoded as RGB) leaves room for those and refuses larger images before anything decodes them.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000


@dataclass(frozen=True)
class ValidatedUpload:
    """What the check found out about a file that passed it."""

    mime_type: str
    extension: str
    file_name: str  # sanitised
    size: int
    checksum: str  # SHA-256, hex
    encrypted: bool = False  # a PDF that needs a password: kept, but cannot be read
    page_count: int | None = None


def sanitise_filename(name: str) -> str:
    """A safe ASCII name: «Referat RAG 15.12 (endelig).docx» -> referat-rag-1512-endelig.docx."""
    base = os.path.basename(str(name).replace("\\", "/"))
    stem, ext = os.path.splitext(base)
    for src, dst in (("æ", "ae"), ("Æ", "Ae"), ("ø", "o"), ("Ø", "O"), ("å", "a"), ("Å", "A")):
        stem = stem.replace(src, dst)
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = slugify(stem)[:60].strip("-_") or "dokument"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    return f"{stem}.{ext}" if ext else stem


def extension_of(name: str) -> str:
    return os.path.splitext(str(name))[1].lower().lstrip(".")


def describe_type(mime_type: str) -> str:
    """«en PDF», «en Windows-programfil», … for a detected type."""
    name = TYPE_NAMES.get(mime_type)
    if name is not None:
        return str(name)
    return _("en fil av typen «%(type)s»") % {"type": mime_type}


def _limit(name: str, default):
    return getattr(settings, name, default)


def max_image_pixels() -> int:
    """The most pixels an uploaded image (or a rendered page) may have."""
    return _limit("DOCUMENTS_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


def capped_scale(width: float, height: float, scale: float) -> float:
    """`scale` for rendering a page of width × height points, lowered so the bitmap stays
    within the image pixel limit (a PDF page may declare itself hundreds of metres wide)."""
    pixels = width * height * scale * scale
    limit = max_image_pixels()
    if pixels > limit > 0:
        scale *= (limit / pixels) ** 0.5 * 0.99  # the renderer rounds each side up
    return scale


def _max_upload_size() -> int | None:
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 100 * 1024 * 1024)


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _zip_kind(file) -> str | None:
    """The Office/OpenDocument type of a ZIP container, from its entries; None if neither."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    declared = archive.read("mimetype").decode("ascii", "replace").strip()
                    if declared in (ODT, ODP, ODS):
                        return declared
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "ppt/presentation.xml" in names:
                    return PPTX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def detect_type(file) -> str:
    """The MIME type of a file from its bytes."""
    head = _read_head(file)
    mime_type = magic.from_buffer(head, mime=True)
    if mime_type in ZIP_TYPES or mime_type in ("application/zip", "application/octet-stream"):
        if head.startswith(b"PK\x03\x04"):
            mime_type = _zip_kind(file) or mime_type
    elif mime_type == TEXT and head.lstrip().startswith((b"<svg", b"<?xml")):
        mime_type = "image/svg+xml" if b"<svg" in head[:4096] else "text/xml"
    return mime_type


def _check_zip(file) -> None:
    max_unpacked = _limit("DOCUMENTS_MAX_UNPACKED_SIZE", DEFAULT_MAX_UNPACKED)
    max_entries = _limit("DOCUMENTS_MAX_ZIP_ENTRIES", DEFAULT_MAX_ENTRIES)
    max_ratio = _limit("DOCUMENTS_MAX_COMPRESSION_RATIO", DEFAULT_MAX_RATIO)
    bomb = ValidationError(
        _(
            "Filen pakker seg ut til en urimelig størrelse eller et urimelig antall deler "
            "(mulig «zip-bombe») og er avvist."
        ),
        code="zip_bomb",
    )
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > max_entries:
                raise bomb
            unpacked = packed = 0
            for info in infos:
                unpacked += info.file_size
                packed += info.compress_size
                if unpacked > max_unpacked:
                    raise bomb
                if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(
                    info.compress_size, 1
                ):
                    raise bomb
            if unpacked > RATIO_FLOOR and unpacked > max_ratio * max(packed, 1):
                raise bomb
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("Filen er skadet og kan ikke åpnes (ugyldig Office-/ZIP-innhold)."),
            code="corrupt",
        ) from error
    finally:
        file.seek(0)


def _check_image(file) -> None:
    limit = max_image_pixels()
    try:
        # Opening reads the header only; the size is known before any pixel is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file)
        with image:
            width, height = image.size
            if limit and width * height > limit:
                raise ValidationError(
                    _(
                        "Bildet er for stort (%(width)s × %(height)s punkter, over grensen på "
                        "%(limit)s punkter) og er avvist som mulig dekompresjonsbombe."
                    )
                    % {"width": width, "height": height, "limit": f"{limit:,}".replace(",", " ")},
                    code="image_bomb",
                )
            image.verify()
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("Bildet er for stort og er avvist som mulig dekompresjonsbombe."), code="image_bomb"
        ) from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for broken data
        raise ValidationError(_("Bildet er skadet og kan ikke åpnes."), code="corrupt") from error
    finally:
        file.seek(0)


def _pdf_source(file):
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        return path()
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _check_pdf(file) -> tuple[bool, int | None]:
    """(encrypted, page count) of a PDF that opens; refuses one that does not."""
    try:
        document = pdfium.PdfDocument(_pdf_source(file))
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            return True, None
        raise ValidationError(
            _("PDF-filen er skadet eller ufullstendig og kan ikke åpnes."), code="corrupt"
        ) from error
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise ValidationError(_("PDF-filen har ingen sider."), code="corrupt")
    return False, pages


def _check_text(file) -> None:
    head = _read_head(file)
    if b"\x00" in head:
        raise ValidationError(_("Filen er ikke en ren tekstfil."), code="type_not_allowed")


def validate_upload(file, name: str | None = None) -> ValidatedUpload:
    """Check a file by its content; return what it is, or raise a ValidationError saying why not.

    `file` is any Django File (an upload, or a File around an open file). Never writes anything.
    """
    name = name or getattr(file, "name", "") or ""
    size = file.size
    if not size:
        raise ValidationError(_("Filen er tom."), code="empty")
    max_size = _max_upload_size()
    if max_size is not None and size > max_size:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Største tillatte filstørrelse er %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_size)},
            code="too_large",
        )

    extension = extension_of(name)
    mime_type = detect_type(file)
    expected = EXTENSION_NAMES.get(extension)
    if mime_type not in ALLOWED_TYPES:
        if expected is not None:
            message = _("Filen er %(real)s, ikke %(expected)s.") % {
                "real": describe_type(mime_type),
                "expected": expected,
            }
        else:
            message = _("Filen er %(real)s. Den typen kan ikke lastes opp.") % {
                "real": describe_type(mime_type)
            }
        raise ValidationError(message, code="type_not_allowed")
    if extension not in ALLOWED_TYPES[mime_type]:
        shown = f".{extension}" if extension else _("(ingen endelse)")
        raise ValidationError(
            _(
                "Filen er %(real)s, men navnet slutter på «%(extension)s». "
                "Gi filen riktig endelse (%(allowed)s)."
            )
            % {
                "real": describe_type(mime_type),
                "extension": shown,
                "allowed": ", ".join(f".{e}" for e in ALLOWED_TYPES[mime_type]),
            },
            code="extension_mismatch",
        )

    encrypted, page_count = False, None
    if mime_type in ZIP_TYPES:
        _check_zip(file)
    elif mime_type in IMAGE_TYPES:
        _check_image(file)
    elif mime_type == PDF:
        encrypted, page_count = _check_pdf(file)
    elif mime_type in TEXT_TYPES:
        _check_text(file)

    return ValidatedUpload(
        mime_type=mime_type,
        extension=extension,
        file_name=sanitise_filename(name),
        size=size,
        checksum=_sha256(file),
        encrypted=encrypted,
        page_count=page_count,
    )


def file_checksum(file) -> str:
    """SHA-256 of a file, for files that did not come through `validate_upload`."""
    return _sha256(file)
