"""Keep a document's earlier files as numbered versions when its file is replaced.

A replacement is stored by kb.documents.ingest (`replacing=`), which runs inside
`file_replacement`."""

from __future__ import annotations

import os
from contextlib import contextmanager

from django.db import transaction

from kb.models import DocumentVersion


def archive_file(document, *, old_name: str, old_size, old_checksum: str, user=None, comment=""):
    """Copy the document's current (old) file into the versions store and record it.

    Returns the new DocumentVersion and frees `old_name` so the new file can take it, which
    keeps the document's public URL unchanged.
    """
    storage = document.file.storage
    number = document.next_version_number()
    base = os.path.basename(old_name)
    with storage.open(old_name, "rb") as source:
        stored = storage.save(f"documents/versions/{document.pk}/v{number}-{base}", source)
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=stored,
        file_name=base,
        file_size=old_size,
        checksum=old_checksum,
        comment=comment[:500],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    return version


def undo_archive(document, version, old_name: str) -> None:
    """After a failed replacement: put the old file back where it was and drop the copy."""
    storage = document.file.storage
    if not storage.exists(old_name):
        with storage.open(version.file.name, "rb") as source:
            storage.save(old_name, source)
    storage.delete(version.file.name)


@contextmanager
def file_replacement(document, *, old_name: str, old_size, old_checksum: str, user, comment):
    """Archive the document's current file as a version and free its name for the new file.

    Yields the version. When the block fails, the old file is put back and the error raised;
    the whole replacement is one transaction.
    """
    with transaction.atomic():
        version = archive_file(
            document,
            old_name=old_name,
            old_size=old_size,
            old_checksum=old_checksum,
            user=user,
            comment=comment,
        )
        try:
            document.file.storage.delete(old_name)
            yield version
        except Exception:
            undo_archive(document, version, old_name)
            raise


def kept_name(old_name: str, new_name: str) -> str:
    """The old file's name when the type is unchanged (same URL), else the new sanitised name."""
    old_base = os.path.basename(old_name)
    if os.path.splitext(old_base)[1].lower() == os.path.splitext(new_name)[1].lower():
        return old_base
    return new_name
