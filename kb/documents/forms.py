"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): the fields an uploader fills in.

The form collects; it stores no file. A new file — from «Legg til dokument», the multiple
uploader, the chooser or a new file on the edit form — goes to kb.documents.ingest with the
form's `metadata()` (kb.documents.admin_views), which checks it by content and answers with the
reason the view shows in the form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy
from wagtail.documents.forms import BaseDocumentForm

from kb.models import DocumentKind, DocumentLanguage

# Labels that tell Wagtail's collection (where the file lies, and who may see and change it)
# from the gathering (the event the document belongs to).
LABELS = (
    (
        "collection",
        gettext_lazy("Mappe"),
        gettext_lazy("Hvor filen ligger i arkivet; mappen bestemmer hvem som kan se og endre den."),
    ),
    (
        "gathering",
        gettext_lazy("Samling (arrangement)"),
        gettext_lazy("Samlingen dokumentet hører til, for eksempel der presentasjonen ble holdt."),
    ),
)

# Fields of the form that are not the document's metadata.
NOT_METADATA = ("file", "collection", "version_comment")


class AlorDocumentForm(BaseDocumentForm):
    version_comment = forms.CharField(
        label=gettext_lazy("Kommentar til ny versjon"),
        help_text=gettext_lazy("Valgfritt: hva er endret når du laster opp en ny fil."),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk or "file" not in self.fields:
            self.fields.pop("version_comment", None)
        # The multiple uploader posts only the file, title and collection: fields with a
        # sensible default must not turn every upload into a second step.
        for name in ("kind", "language"):
            if name in self.fields:
                self.fields[name].required = False
        # Wagtail calls its collection «Samling», the word the networks use for a gathering:
        # each gets a label of its own.
        for name, label, help_text in LABELS:
            if name in self.fields:
                self.fields[name].label = label
                if help_text:
                    self.fields[name].help_text = help_text

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or DocumentKind.OTHER

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or DocumentLanguage.NB

    @property
    def has_new_file(self) -> bool:
        return "file" in self.fields and "file" in self.changed_data

    def collection(self):
        """The collection chosen; Wagtail hides the field when the user may add to one only."""
        if "collection" in self.fields:
            return self.cleaned_data["collection"]
        return self.collections[0]

    def metadata(self) -> dict:
        """The document's fields as the uploader filled them in, for kb.documents.ingest."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in NOT_METADATA and name in self._meta.fields
        }

    def add_file_error(self, message) -> None:
        """Show why the file was not stored, on the file field (or the form, if it has none),
        escaped as the form's own file errors are (a duplicate's link stays a link)."""
        field = "file" if "file" in self.fields else None
        self.add_error(field, ValidationError(conditional_escape(message)))

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

    def save(self, commit=True):
        if self.has_new_file:
            raise ImproperlyConfigured("A new file is stored by kb.documents.ingest, not the form.")
        return super().save(commit=commit)
