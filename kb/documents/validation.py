"""The one check every uploaded file passes, whichever way it arrives (admin, bulk upload, import).

The type is read from the bytes (libmagic through python-magic, with a look inside ZIP
containers to tell Office and OpenDocument files apart), must be one the formats registry
(kb.documents.formats) declares and must agree with the file name's extension; then the format's
own checks run (zip bombs for Office files, decompression bombs for images, PDFs opened).
Nothing is written anywhere: a refused file leaves no trace. kb.documents.ingest calls it.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb.documents import formats
from kb.documents.formats.base import Checked
from kb.documents.formats.zipped import container_type

# What a refused file is, said in a sentence: «Filen er <name>». An accepted type is named by
# its format (kb.documents.formats); these are the types people try to upload that are not.
REFUSED_TYPE_NAMES = {
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

HEAD_BYTES = 64 * 1024


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
    file_format = formats.by_mime_type(mime_type)
    name = file_format.label if file_format else REFUSED_TYPE_NAMES.get(mime_type)
    if name is not None:
        return str(name)
    return _("en fil av typen «%(type)s»") % {"type": mime_type}


def max_image_pixels() -> int:
    """The most pixels an uploaded image (or a rendered page) may have."""
    return settings.DOCUMENTS_MAX_IMAGE_PIXELS


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


def detect_type(file) -> str:
    """The MIME type of a file from its bytes."""
    head = _read_head(file)
    mime_type = magic.from_buffer(head, mime=True)
    zipped = formats.zip_formats()
    zip_types = {m for f in zipped for m in f.mime_types}
    if mime_type in zip_types or mime_type in ("application/zip", "application/octet-stream"):
        if head.startswith(b"PK\x03\x04"):
            mime_type = container_type(file, zipped) or mime_type
    elif mime_type == "text/plain" and head.lstrip().startswith((b"<svg", b"<?xml")):
        mime_type = "image/svg+xml" if b"<svg" in head[:4096] else "text/xml"
    return mime_type


def validate_upload(file, name: str | None = None) -> ValidatedUpload:
    """Check a file by its content; return what it is, or raise a ValidationError saying why not.

    `file` is any Django File (an upload, or a File around an open file). Never writes anything.
    """
    name = name or getattr(file, "name", "") or ""
    size = file.size
    if not size:
        raise ValidationError(_("Filen er tom."), code="empty")
    max_size = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if max_size is not None and size > max_size:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Største tillatte filstørrelse er %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_size)},
            code="too_large",
        )

    extension = extension_of(name)
    mime_type = detect_type(file)
    file_format = formats.by_mime_type(mime_type)
    promised = formats.by_extension(extension)
    if file_format is None:
        if promised is not None:
            message = _("Filen er %(real)s, ikke %(expected)s.") % {
                "real": describe_type(mime_type),
                "expected": promised.label,
            }
        else:
            message = _("Filen er %(real)s. Den typen kan ikke lastes opp.") % {
                "real": describe_type(mime_type)
            }
        raise ValidationError(message, code="type_not_allowed")
    allowed = file_format.accepted_extensions
    if extension not in allowed:
        shown = f".{extension}" if extension else _("(ingen endelse)")
        raise ValidationError(
            _(
                "Filen er %(real)s, men navnet slutter på «%(extension)s». "
                "Gi filen riktig endelse (%(allowed)s)."
            )
            % {
                "real": describe_type(mime_type),
                "extension": shown,
                "allowed": ", ".join(f".{e}" for e in allowed),
            },
            code="extension_mismatch",
        )

    found = Checked()
    for check in file_format.checks:
        found = check(file) or found

    return ValidatedUpload(
        mime_type=mime_type,
        extension=extension,
        file_name=sanitise_filename(name),
        size=size,
        checksum=_sha256(file),
        encrypted=found.encrypted,
        page_count=found.page_count,
    )


def file_checksum(file) -> str:
    """SHA-256 of a file, for files that did not come through `validate_upload`."""
    return _sha256(file)
