"""Wagtail's document admin views, answering a refused save with a message instead of an error.

Wagtail's views save the document and expect that to work. Here a DuplicateFile (the same file
was stored a moment earlier, by someone else's upload) or a StorageFailed (disk full, no
permission) becomes the form error or JSON answer the uploader sees, and nothing is left behind.
The multiple uploader's second step (a file that first landed in `wagtail_uploads/` because
another field was missing) gets the same content check and duplicate check as the first, and a
refused upload is removed at once.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from wagtail.documents.views import documents, multiple
from wagtail.models import UploadedFile

from kb.documents.storage import StorageWriteError
from kb.documents.uploads import DuplicateFile, StorageFailed, UploadRefused, find_duplicate
from kb.documents.validation import validate_upload


def _refusal(error, user) -> str:
    if isinstance(error, UploadRefused):
        return error.message_for(user)
    if isinstance(error, StorageWriteError):
        return StorageFailed(error).message_for(user)
    return " ".join(error.messages)


def discard_upload(upload) -> None:
    """Remove an upload of the multiple uploader, its file first."""
    if upload.file:
        upload.file.delete(save=False)
    upload.delete()


class RefusedSaveMixin:
    """For Wagtail's create and edit views: a refused save re-shows the form with the reason."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (UploadRefused, StorageWriteError) as error:
            field = "file" if "file" in form.fields else None
            form.add_error(field, _refusal(error, self.request.user))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CreateView(RefusedSaveMixin, documents.CreateView):
    pass


class EditView(RefusedSaveMixin, documents.EditView):
    pass


class AddView(multiple.AddView):
    """The multiple uploader's first step."""

    def post(self, request):
        try:
            return super().post(request)
        except (UploadRefused, StorageWriteError) as error:
            return JsonResponse({"success": False, "error_message": _refusal(error, request.user)})


class CreateFromUploadedDocumentView(multiple.CreateFromUploadedDocumentView):
    """The multiple uploader's second step: the stored upload becomes a document."""

    def post(self, request, *args, **kwargs):
        upload = get_object_or_404(
            UploadedFile,
            id=kwargs[self.upload_pk_url_kwarg],
            for_content_type=ContentType.objects.get_for_model(self.get_model()),
        )
        if upload.uploaded_by_user != request.user:
            raise PermissionDenied
        try:
            with upload.file.open("rb"):
                checked = validate_upload(upload.file, upload.file.name)
        except (ValidationError, OSError) as error:
            discard_upload(upload)
            if isinstance(error, OSError) and not isinstance(error, StorageWriteError):
                error = ValidationError(StorageFailed(error).messages)
            return self._refused(_refusal(error, request.user))
        existing = find_duplicate(checked.checksum)
        if existing is not None:
            discard_upload(upload)
            return self._refused(DuplicateFile(existing).message_for(request.user))
        self.checked = checked
        try:
            return super().post(request, *args, **kwargs)
        except (UploadRefused, StorageWriteError) as error:
            discard_upload(upload)
            return self._refused(_refusal(error, request.user))

    def save_object(self, form):
        checked = self.checked
        document = self.object
        document.file.save(checked.file_name, self.upload.file.file, save=False)
        document._validated_upload = checked
        document.checksum = checked.checksum
        document.mime_type = checked.mime_type
        document.uploaded_by_user = self.request.user
        document._set_document_file_metadata()
        form.save()

    @staticmethod
    def _refused(message) -> JsonResponse:
        """The uploader's JavaScript puts `form` in place of the upload's form: the reason, and
        no form (the upload is gone)."""
        shown = format_html('<div class="help-block help-critical"><p>{}</p></div>', message)
        return JsonResponse({"success": False, "form": shown})
