"""What a duplicate upload is told, and how one is recognised.

The database holds at most one document per file (a unique constraint on the checksum), so two
people uploading the same file at the same moment cannot both store it: the second insert fails
with an IntegrityError that `is_checksum_conflict` recognises, and kb.documents.ingest answers
it as it answers a duplicate found before the insert.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kb.models import AlorDocument
from kb.privacy import Visibility

CHECKSUM_CONSTRAINT = "unique_document_checksum"


def neutral_duplicate_message() -> str:
    """The refusal for a user who may not see the document that holds the file: it names no
    document and no collection, and does not say where the file is."""
    return _("Filen kan ikke lastes opp. Kontakt en administrator hvis du trenger å legge den inn.")


def duplicate_message(existing, user):
    """Say that the file exists already, naming and linking the document only if `user` may
    see it (kb.privacy); otherwise the neutral refusal."""
    if existing is not None and user is not None and Visibility(user).can_view_document(existing):
        return format_html(
            _('Denne filen finnes allerede som dokumentet «{title}»: <a href="{url}">{url}</a>'),
            title=existing.title,
            url=reverse("wagtaildocs:edit", args=[existing.pk]),
        )
    return neutral_duplicate_message()


def is_checksum_conflict(error: Exception) -> bool:
    """Whether an IntegrityError is the one-document-per-file constraint (PostgreSQL names the
    constraint, SQLite the column)."""
    text = str(error)
    return CHECKSUM_CONSTRAINT in text or "kb_alordocument.checksum" in text


def find_duplicate(checksum: str, *, exclude_pk=None):
    """The document that holds the file with `checksum`, if any."""
    if not checksum:
        return None
    found = AlorDocument.objects.filter(checksum=checksum).select_related("collection")
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("pk").first()
