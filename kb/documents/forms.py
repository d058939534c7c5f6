"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): duplicates and versions.

The file itself is checked by the model's `clean` (kb.documents.validation.validate_upload), so
the single upload, the multiple uploader and the import command share one check.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy
from wagtail.documents.forms import BaseDocumentForm
from wagtail.search import index as search_index

from kb.documents import processing
from kb.documents.uploads import duplicate_message, find_duplicate
from kb.documents.versions import file_replacement, kept_name
from kb.models import DocumentKind, DocumentLanguage


class AlorDocumentForm(BaseDocumentForm):
    version_comment = forms.CharField(
        label=gettext_lazy("Kommentar til ny versjon"),
        help_text=gettext_lazy("Valgfritt: hva er endret når du laster opp en ny fil."),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if not self.instance.pk or "file" not in self.fields:
            self.fields.pop("version_comment", None)
        # The multiple uploader posts only the file, title and collection: fields with a
        # sensible default must not turn every upload into a second step.
        for name in ("kind", "language"):
            if name in self.fields:
                self.fields[name].required = False
        self._original = (
            (self.instance.file.name, self.instance.file_size, self.instance.checksum)
            if self.instance.pk and self.instance.file
            else None
        )

    def full_clean(self):
        super().full_clean()
        # The multiple uploader's script inserts these messages into the page as HTML, and they
        # may quote the file's name, which the uploader chose: each is escaped here, once (the
        # duplicate's link is already escaped by format_html and stays a link).
        if self._errors and "file" in self._errors:
            self._errors["file"] = self.error_class(
                [
                    ValidationError(conditional_escape(error.messages[0]), code=error.code)
                    for error in self._errors["file"].as_data()
                ],
                renderer=self.renderer,
            )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or DocumentKind.OTHER

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or DocumentLanguage.NB

    def _post_clean(self):
        super()._post_clean()
        checked = getattr(self.instance, "_validated_upload", None)
        if checked is None or "file" in self.errors:
            return
        # The early, friendly answer; the database's constraint is what makes it hold when two
        # people upload the same file at once (the loser's save raises DuplicateFile).
        existing = find_duplicate(checked.checksum, exclude_pk=self.instance.pk)
        if existing is not None:
            self.add_error("file", duplicate_message(existing, self.user))

    def save(self, commit=True):
        document = self._save_file(commit)
        if commit and "file" in self.changed_data:
            # The document's save ran (or queued) its processing on a copy read from the
            # database, and Wagtail's form then reindexed this instance, whose extracted text
            # is still the empty one of before: read what processing stored and index that.
            document.refresh_from_db(fields=processing.UPDATE_FIELDS)
            search_index.insert_or_update_object(document)
        return document

    def _save_file(self, commit):
        replacing = commit and self._original is not None and "file" in self.changed_data
        if not replacing:
            return super().save(commit=commit)
        old_name, old_size, old_checksum = self._original
        document = self.instance
        with file_replacement(
            document,
            old_name=old_name,
            old_size=old_size,
            old_checksum=old_checksum,
            user=self.user,
            comment=self.cleaned_data.get("version_comment", ""),
        ):
            document.file.name = kept_name(old_name, document.file.name)
            self.original_file = None  # archived above: the base form must not delete it
            return super().save(commit=commit)
