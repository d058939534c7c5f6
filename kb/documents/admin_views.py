"""Wagtail's document admin views, storing every new file through kb.documents.ingest.

Wagtail's views save the form and expect that to work. Here the form only collects the fields;
the file goes to `ingest`, and its answer — stored, a duplicate, or refused with the reason —
becomes the redirect, the form error or the JSON the uploader's script shows. The views are
«Legg til dokument», the edit form (a new file keeps the old one as a version), both steps of
the multiple uploader (a file that first landed in `wagtail_uploads/` because another field was
missing is removed once it is stored or refused) and the chooser's upload tab.

`ingest` runs outside the views' transaction, so the document is committed before its
processing is queued (kb.documents.ingest).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import JsonResponse
from django.utils.html import conditional_escape, format_html
from wagtail.documents.views import chooser, documents, multiple
from wagtail.log_actions import log

from kb.documents.ingest import Duplicate, IngestResult, Refused, Stored, ingest
from kb.documents.storage import storage_error_message

if TYPE_CHECKING:
    # The mixin stands on Wagtail's CreateView or EditView, which have no types.
    _WagtailFormView = Any
else:
    _WagtailFormView = object


def refusal(result: Duplicate | Refused) -> str:
    """What the uploader is told about a file that was not stored."""
    return result.message if isinstance(result, Duplicate) else result.reason


class NotStored(Exception):  # not an error: the answer of a refused upload
    """Carries ingest's answer out of a Wagtail view's `save_object`, which must return one."""

    def __init__(self, result: Duplicate | Refused):
        super().__init__(refusal(result))
        self.result = result


def ingest_form(form, user, *, file=None, replacing=None) -> IngestResult:
    """Store the form's file (or `file`) with the form's fields."""
    data = form.cleaned_data
    return ingest(
        file if file is not None else data["file"],
        collection=form.collection(),
        metadata=form.metadata(),
        user=user,
        replacing=replacing,
        comment=data.get("version_comment", "") if replacing is not None else "",
    )


class StoredThroughIngestMixin(_WagtailFormView):
    """For Wagtail's create and edit views: the file is stored by ingest, a refusal re-shows
    the form with the reason on the file field."""

    log_action = "wagtail.create"

    def store(self, form) -> IngestResult:
        return ingest_form(form, self.request.user)

    def form_valid(self, form):
        self.form = form
        result = self.store(form)
        if not isinstance(result, Stored):
            form.add_file_error(refusal(result))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.object = result.document
        log(instance=self.object, action=self.log_action, user=self.request.user)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class CreateView(StoredThroughIngestMixin, documents.CreateView):
    """«Legg til dokument»."""


class EditView(StoredThroughIngestMixin, documents.EditView):
    """The edit form: a new file through ingest (the old one kept as a version); a change of
    the other fields alone is Wagtail's own save."""

    log_action = "wagtail.edit"

    def store(self, form) -> IngestResult:
        return ingest_form(form, self.request.user, replacing=self.object)

    def form_valid(self, form):
        if not form.has_new_file:
            return documents.EditView.form_valid(self, form)
        return super().form_valid(form)


class AddView(multiple.AddView):
    """The multiple uploader's first step."""

    def save_object(self, form):
        result = ingest_form(form, self.request.user)
        if not isinstance(result, Stored):
            raise NotStored(result)
        return result.document

    def post(self, request):
        try:
            return super().post(request)
        except NotStored as refused:
            # The uploader's script inserts the message as HTML: escaped once (a duplicate's
            # link is already safe and stays a link).
            message = conditional_escape(refusal(refused.result))
            return JsonResponse({"success": False, "error_message": message})


class CreateFromUploadedDocumentView(multiple.CreateFromUploadedDocumentView):
    """The multiple uploader's second step: the kept upload becomes a document, or is refused
    and removed."""

    def save_object(self, form):
        upload = self.upload.file
        try:
            upload.open("rb")
        except OSError as error:
            discard_upload(self.upload)
            raise NotStored(Refused(storage_error_message(error), code="storage")) from error
        try:
            result = ingest_form(form, self.request.user, file=upload)
        finally:
            upload.close()
        if not isinstance(result, Stored):
            discard_upload(self.upload)
            raise NotStored(result)
        self.object = result.document

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except NotStored as refused:
            return self._refused(refusal(refused.result))

    @staticmethod
    def _refused(message) -> JsonResponse:
        """The uploader's JavaScript puts `form` in place of the upload's form: the reason, and
        no form (the upload is gone)."""
        shown = format_html('<div class="help-block help-critical"><p>{}</p></div>', message)
        return JsonResponse({"success": False, "form": shown})


class ChooserUploadView(chooser.DocumentChooserUploadView):
    """The document chooser's «Last opp» tab."""

    def post(self, request):
        self.form = self.get_creation_form()
        if self.form.is_valid():
            result = ingest_form(self.form, request.user)
            if isinstance(result, Stored):
                return self.get_chosen_response(result.document)
            self.form.add_file_error(refusal(result))
        return self.get_reshow_creation_form_response()


def discard_upload(upload) -> None:
    """Remove an upload of the multiple uploader, its file first."""
    if upload.file:
        upload.file.delete(save=False)
    upload.delete()
