"""The work done on a stored document: text (and OCR), page count, thumbnail, then reindexing."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from alor.logs import log_event
from kb.documents import validation
from kb.documents.extraction import extract
from kb.documents.thumbnails import render_thumbnail, renders_slowly
from kb.models import AlorDocument, ProcessingStatus

logger = logging.getLogger("alor.documents")

UPDATE_FIELDS = [
    "extracted_text",
    "page_count",
    "ocr_used",
    "processing_status",
    "processing_error",
    "processed_at",
    "thumbnail",
    "mime_type",
]


@contextlib.contextmanager
def local_path(field_file):
    """A path on disk for a stored file, copying it to a temporary file for remote storages."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path and os.path.exists(path):
        yield path
        return
    suffix = os.path.splitext(field_file.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        with field_file.storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, handle)
        handle.flush()
        yield handle.name


def thumbnail_name(document) -> str:
    return f"thumbnails/doc-{document.pk}-{(document.checksum or 'x')[:12]}.png"


class ThumbnailLater(Exception):  # not an error: the background task draws this one
    """The preview of this file is drawn by a slow renderer (LibreOffice), which a request does
    not wait for: until the task has drawn it, the card is shown and not stored."""


def ensure_thumbnail(document, path=None, *, force=False, in_request=False) -> bool:
    """Make the document's thumbnail unless the one for this file already exists.

    `in_request`: called while a visitor waits; a slow preview raises ThumbnailLater instead
    of being drawn. Either the picture or the card is stored, whole (ContentFile), never
    a part of one."""
    name = thumbnail_name(document)
    storage = document.thumbnail.storage
    if (
        not force
        and document.thumbnail
        and document.thumbnail.name == name
        and storage.exists(name)
    ):
        return False
    if in_request and renders_slowly(document.mime_type):
        raise ThumbnailLater
    if path is None:
        with local_path(document.file) as local:
            return ensure_thumbnail(document, local, force=True)
    png = render_thumbnail(path, document.mime_type, document.file_extension, document.title)
    old = document.thumbnail.name if document.thumbnail else None
    if storage.exists(name):
        storage.delete(name)
    document.thumbnail.save(os.path.basename(name), ContentFile(png), save=False)
    if old and old != document.thumbnail.name and storage.exists(old):
        storage.delete(old)
    return True


def process_document_now(document_id: int, *, ocr: bool = True) -> str:
    """Extract, OCR and thumbnail one document; record the outcome on it. Never raises.

    Its save reindexes the document (Wagtail's post_save handler), so the text read is
    searchable as soon as this returns."""
    document = AlorDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    status, error = ProcessingStatus.DONE, ""
    try:
        with local_path(document.file) as path:
            if not document.mime_type:
                with open(path, "rb") as handle:
                    document.mime_type = validation.detect_type(handle)
            result = extract(path, document.mime_type, ocr=ocr)
            try:
                # A slow preview is drawn again each time the task runs (a retry, LibreOffice
                # installed since): what is stored may be the card it fell back to.
                ensure_thumbnail(document, path, force=renders_slowly(document.mime_type))
            except OSError:  # not stored (disk full, no permission): the text still counts,
                # and the thumbnail view shows the card until one can be stored
                logger.warning("Thumbnail of document %s not stored", document_id, exc_info=True)
    except Exception as exc:  # noqa: BLE001  logged with its traceback, recorded on the
        # document, retried from the admin
        log_event(
            logger,
            logging.WARNING,
            "document_processing_failed",
            "Processing document %s failed",
            document_id,
            document_id=document_id,
            error=type(exc).__name__,
            exc_info=True,
        )
        document.processing_status = ProcessingStatus.FAILED
        document.processing_error = f"{type(exc).__name__}: {exc}"[:2000]
        document.processed_at = timezone.now()
        document.save(update_fields=UPDATE_FIELDS)
        return ProcessingStatus.FAILED

    if result.encrypted:
        status = ProcessingStatus.UNREADABLE
        error = _("PDF-filen er passordbeskyttet (kryptert) og kan ikke leses.")
    elif result.ocr_missing:
        status = ProcessingStatus.NO_OCR
        error = _(
            "OCR ikke tilgjengelig: Tesseract er ikke installert på serveren, så skannede sider "
            "er ikke lest."
        )
    elif result.ocr_stopped:
        error = _(
            "OCR ble stoppet ved tidsgrensen, så noen skannede sider er ikke lest. "
            "Del dokumentet opp, eller be en administrator øke grensen."
        )
    document.extracted_text = result.text.replace("\x00", "")
    document.page_count = result.page_count
    document.ocr_used = result.ocr_used
    document.processing_status = status
    document.processing_error = error
    document.processed_at = timezone.now()
    document.save(update_fields=UPDATE_FIELDS)
    return status
