"""Public views of documents: a permanent link, thumbnails and earlier versions, privacy first."""

from __future__ import annotations

import logging
import os

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model, get_permission_policy

from kb.documents.processing import ensure_thumbnail
from kb.documents.thumbnails import card_png
from kb.models import DocumentVersion
from kb.privacy import can_view_document

logger = logging.getLogger("alor.documents")


def _visible_document(request, pk):
    """The document, or a login page / 404 for someone who may not see it (never a hint)."""
    document = get_object_or_404(get_document_model().objects.select_related("collection"), pk=pk)
    if not can_view_document(request.user, document):
        if not request.user.is_authenticated:
            raise _LoginRequired
        raise Http404
    return document


class _LoginRequired(Exception):
    pass


def _privacy_checked(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _private_headers(response, document):
    public = not document.collection.get_view_restrictions().exists()
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_privacy_checked
def permalink(request, pk):
    """Always the newest file of the document."""
    document = _visible_document(request, pk)
    return redirect(document.url)


@_privacy_checked
def thumbnail(request, pk):
    """The document's preview picture, made on first use if the background work has not yet."""
    document = _visible_document(request, pk)
    try:
        if ensure_thumbnail(document):
            type(document).objects.filter(pk=document.pk).update(thumbnail=document.thumbnail.name)
        response = FileResponse(document.thumbnail.open("rb"), content_type="image/png")
    except OSError:  # thumbnails/ not writable, disk full: the card, made for this request
        logger.warning("Thumbnail of document %s could not be stored", document.pk, exc_info=True)
        response = HttpResponse(
            card_png(document.file_extension, document.title), content_type="image/png"
        )
        _private_headers(response, document)
        response["Cache-Control"] = "private, no-store"  # the real one once it can be stored
        return response
    return _private_headers(response, document)


@_privacy_checked
def version_download(request, pk, number):
    """An earlier file of the document, always as a download."""
    document = _visible_document(request, pk)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    stem, ext = os.path.splitext(version.file_name or os.path.basename(version.file.name))
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}-v{version.number}{ext}",
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    return _private_headers(response, document)


@require_POST
def retry_processing(request, pk):
    """Admin: run the extraction, OCR and thumbnail again for a document."""
    model = get_document_model()
    document = get_object_or_404(model, pk=pk)
    if not get_permission_policy().user_has_permission_for_instance(
        request.user, "change", document
    ):
        raise Http404
    document.processing_status = "pending"
    document.processing_error = ""
    document.save(update_fields=["processing_status", "processing_error"])
    document.enqueue_processing()
    document.refresh_from_db()
    messages.success(
        request,
        _("Behandlingen av «%(title)s» er startet på nytt. Status: %(status)s.")
        % {"title": document.title, "status": document.get_processing_status_display()},
    )
    return redirect("wagtaildocs:edit", document.pk)
