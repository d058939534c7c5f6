"""The one way a file becomes a document, or a document's new file.

`ingest(file, collection=…, metadata=…, user=…, replacing=None)` is what the admin's «Legg til
dokument» form, the multiple uploader (both its steps), the document chooser's upload, the
edit form's new file and `import_documents` all call. It

1. checks the file by its content (kb.documents.validation, with the checks its format
   declares in kb.documents.formats);
2. looks for a document that holds the same file (same SHA-256), and answers with that
   document's name only if `user` may see it;
3. stores it in one transaction: a new document, or — with `replacing` — the document's new
   file, its old one kept as a numbered version (kb.documents.versions). The file is written
   under a temporary name and linked once complete (kb.documents.storage); when the row cannot
   be written (another upload of the same file won the race: the unique constraint) or the
   file cannot (disk full), nothing of it is left;
4. queues its processing (text, OCR, thumbnail, then reindexing) once that transaction is
   closed. Saving a document queues nothing by itself.

The answer says what happened: `Stored`, `Duplicate` or `Refused` with the reason, in
Norwegian, for the uploader. Errors that are no fault of the file (a bug) are raised.

**When the processing is queued.** Each entry point calls `ingest` outside any transaction of
its own, so the document is committed when `ingest` queues its task. A caller that wraps it in
a transaction (the demo loader, the import benchmark, the tests) queues it in that
transaction: with the database queue of production the task row is committed together with
the document, so a worker never sees one without the other; with the immediate backend of
development and tests the document is processed on the spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from wagtail.search.index import insert_or_update_object

from kb.documents.storage import storage_error_message
from kb.documents.tasks import process_document
from kb.documents.uploads import duplicate_message, find_duplicate, is_checksum_conflict
from kb.documents.validation import ValidatedUpload, validate_upload
from kb.documents.versions import file_replacement, kept_name
from kb.models import AlorDocument, DocumentVersion, ProcessingStatus

# Set by ingest itself from the file, never by `metadata`.
NOT_METADATA = frozenset(
    {"file", "collection", "checksum", "mime_type", "file_size", "file_hash", "page_count"}
)


@dataclass(frozen=True)
class Stored:
    """The file is stored: a new document, or the new file of `replacing`."""

    document: AlorDocument
    version: DocumentVersion | None = None  # the earlier file, kept, when a file was replaced


@dataclass(frozen=True)
class Duplicate:
    """Another document holds the same file. `message` names and links it only if the user may
    see it (safe HTML); `existing` is for the caller (the import reports it), not for the user."""

    existing: AlorDocument | None
    message: str


@dataclass(frozen=True)
class Refused:
    """The file is not stored; the database and the disk are as they were. `reason` is for the
    user; `code` says which check refused it ("type_not_allowed", "zip_bomb", "storage", …)."""

    reason: str
    code: str = "invalid"


IngestResult = Stored | Duplicate | Refused


def ingest(
    file: File,
    *,
    collection,
    metadata: dict[str, Any],
    user,
    replacing: AlorDocument | None = None,
    comment: str = "",
    ocr: bool = True,
) -> IngestResult:
    """Check `file` and store it as a document in `collection` with `metadata` (field name ->
    value, many-to-many fields included), or as the new file of `replacing` (keeping its old
    file as a version with `comment`); then queue its processing (OCR only if `ocr`).

    `file` is any Django File with a name (an upload, a File around an open file, a stored
    FieldFile); it is read, never closed. `user` uploads it (None for a command)."""
    unknown = NOT_METADATA.intersection(metadata)
    if unknown:
        raise ValueError(f"not metadata: {', '.join(sorted(unknown))}")
    try:
        checked = validate_upload(file, getattr(file, "name", "") or "")
    except ValidationError as error:
        return Refused(" ".join(error.messages), code=error.code or "invalid")
    except OSError as error:  # the file could not be read (a kept upload gone missing)
        return Refused(storage_error_message(error), code="storage")

    exclude = replacing.pk if replacing is not None else None
    # The early, friendly answer; the database's constraint is what makes it hold when two
    # people upload the same file at once (the loser's insert fails below).
    existing = find_duplicate(checked.checksum, exclude_pk=exclude)
    if existing is not None:
        return Duplicate(existing, duplicate_message(existing, user))

    version = None
    try:
        with transaction.atomic():
            if replacing is None:
                document, related = _create(file, checked, collection, metadata, user)
            else:
                document = replacing
                version, related = _replace(
                    document, file, checked, collection, metadata, user, comment
                )
    except IntegrityError as error:
        _forget_changes(replacing)
        if not is_checksum_conflict(error):
            raise
        existing = find_duplicate(checked.checksum, exclude_pk=exclude)
        return Duplicate(existing, duplicate_message(existing, user))
    except OSError as error:  # disk full, no permission: the storage removed its part
        _forget_changes(replacing)
        return Refused(storage_error_message(error), code="storage")

    if related:
        insert_or_update_object(document)  # with its topics and tags, until processing is done
    process_document.enqueue(document.pk, ocr=ocr)
    return Stored(document, version)


def _create(file, checked: ValidatedUpload, collection, metadata, user):
    """The new document, and whether it has topics or tags."""
    document = AlorDocument(
        collection=collection,
        uploaded_by_user=user if user is not None and user.is_authenticated else None,
    )
    later = {k: v for k, v in _set_fields(document, metadata).items() if v}  # none to clear
    _set_file(document, file, checked, checked.file_name)
    document.save()
    _set_many_to_many(document, later)
    return document, bool(later)


def _replace(document, file, checked, collection, metadata, user, comment):
    """The version that keeps the old file, and whether topics or tags were set."""
    # What the database holds, not the instance: a form has already put its values on it.
    old = AlorDocument.objects.values("file", "file_size", "checksum").get(pk=document.pk)
    with file_replacement(
        document,
        old_name=old["file"],
        old_size=old["file_size"],
        old_checksum=old["checksum"],
        user=user,
        comment=comment,
    ) as version:
        if collection is not None:
            document.collection = collection
        later = _set_fields(document, metadata)
        _set_file(document, file, checked, kept_name(old["file"], checked.file_name))
        document.save()
        _set_many_to_many(document, later)
    return version, bool(later)


def _set_file(document, file, checked: ValidatedUpload, name: str) -> None:
    """The new file, written by the document's save under `name`, with what the check found;
    what was read from the old file is forgotten until the new one is processed."""
    document.file = File(file, name=name)
    document.checksum = checked.checksum
    document.mime_type = checked.mime_type
    document.page_count = checked.page_count
    document.extracted_text = ""
    document.ocr_used = False
    document.processing_status = ProcessingStatus.PENDING
    document.processing_error = ""
    document.processed_at = None
    document._set_document_file_metadata()  # Wagtail's size and hash of the file


def _set_fields(document, metadata) -> dict[str, Any]:
    """Put the plain fields of `metadata` on the document; return the many-to-many ones, which
    can be set once it has a primary key."""
    later = {}
    for name, value in metadata.items():
        if document._meta.get_field(name).many_to_many:
            later[name] = value
        else:
            setattr(document, name, value)
    return later


def _set_many_to_many(document, values) -> None:
    for name, value in values.items():
        document._meta.get_field(name).save_form_data(document, value)


def _forget_changes(replacing) -> None:
    """After a refused replacement: the instance shows what the database holds again."""
    if replacing is not None:
        replacing.refresh_from_db()
