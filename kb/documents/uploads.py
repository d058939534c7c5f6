"""What can go wrong when a document is stored, said once for every way a file comes in.

The database holds at most one document per file (a unique constraint on the checksum), so two
people uploading the same file at the same moment cannot both store it: the second insert fails
and `AlorDocument.save` raises DuplicateFile. A file that cannot be written raises StorageFailed.
Both are ValidationErrors, and the admin views, the import and `replace_file` turn them into the
message the user sees; nothing of the refused file is left on disk and no row is written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

CHECKSUM_CONSTRAINT = "unique_document_checksum"


def neutral_duplicate_message() -> str:
    """The refusal for a user who may not see the document that holds the file: it names no
    document and no collection, and does not say where the file is."""
    return _("Filen kan ikke lastes opp. Kontakt en administrator hvis du trenger å legge den inn.")


def duplicate_message(existing, user):
    """Say that the file exists already, naming and linking the document only if `user` may
    see it (kb.privacy); otherwise the neutral refusal."""
    from kb.privacy import can_view_document

    if existing is not None and user is not None and can_view_document(user, existing):
        return format_html(
            _('Denne filen finnes allerede som dokumentet «{title}»: <a href="{url}">{url}</a>'),
            title=existing.title,
            url=reverse("wagtaildocs:edit", args=[existing.pk]),
        )
    return neutral_duplicate_message()


class UploadRefused(ValidationError):
    """A file was not stored; the database and the disk are as they were before."""

    def message_for(self, user) -> str:
        return " ".join(self.messages)


class DuplicateFile(UploadRefused):
    """Another document holds the same file (same SHA-256)."""

    def __init__(self, existing=None):
        super().__init__(neutral_duplicate_message(), code="duplicate")
        self.existing = existing

    def message_for(self, user) -> str:
        return duplicate_message(self.existing, user)


class StorageFailed(UploadRefused):
    """The file could not be written (disk full, no permission); its partial file is removed."""

    def __init__(self, error: OSError):
        from kb.documents.storage import storage_error_message

        super().__init__(storage_error_message(error), code="storage")
        self.error = error


def is_checksum_conflict(error: Exception) -> bool:
    """Whether an IntegrityError is the one-document-per-file constraint (PostgreSQL names the
    constraint, SQLite the column)."""
    text = str(error)
    return CHECKSUM_CONSTRAINT in text or "kb_alordocument.checksum" in text


def find_duplicate(checksum: str, *, exclude_pk=None):
    """The document that holds the file with `checksum`, if any."""
    from kb.models import AlorDocument

    if not checksum:
        return None
    found = AlorDocument.objects.filter(checksum=checksum).select_related("collection")
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("pk").first()
