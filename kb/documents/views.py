"""Public views of documents: a permanent link, thumbnails and earlier versions, privacy first."""

from __future__ import annotations

import logging
import os

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model, get_permission_policy
from wagtail.documents.views.serve import serve as wagtail_serve

from kb.documents.processing import ThumbnailLater, ensure_thumbnail
from kb.documents.tasks import process_document
from kb.documents.thumbnails import card_png
from kb.models import DocumentVersion, ProcessingStatus
from kb.privacy import visibility_of

logger = logging.getLogger("alor.documents")


def _visible_document(request, pk):
    """The document, or the 404 of an unknown one for someone who may not see it (no hint).

    The 404 page offers to log in, as for a private page (kb.privacy.turned_away_by_sign_in).
    """
    document = get_object_or_404(get_document_model().objects.select_related("collection"), pk=pk)
    if not visibility_of(request).can_view_document(document):
        raise Http404
    return document


def _cache_headers(response, restricted: bool):
    """A response that passed a privacy check is never kept by a shared cache."""
    if restricted:
        response["Cache-Control"] = "private, max-age=3600"
        patch_vary_headers(response, ["Cookie"])
    else:
        response["Cache-Control"] = "public, max-age=86400"
    return response


def _restricted(request, document) -> bool:
    return bool(visibility_of(request).collection_restrictions_of(document))


def _private_headers(request, response, document):
    _cache_headers(response, _restricted(request, document))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve(request, document_id, document_filename):
    """Wagtail's document view (its privacy hooks included), with the cache headers above.

    Only a document behind a view restriction is marked: the others keep Wagtail's headers.
    """
    response = wagtail_serve(request, document_id, document_filename)
    if visibility_of(request).served_restricted_document:
        _cache_headers(response, True)
    return response


def permalink(request, pk):
    """Always the newest file of the document."""
    document = _visible_document(request, pk)
    response = redirect(document.url)
    if _restricted(request, document):
        _cache_headers(response, True)
    return response


def thumbnail(request, pk):
    """The document's preview picture, made on first use if the background work has not yet."""
    document = _visible_document(request, pk)
    try:
        if ensure_thumbnail(document, in_request=True):
            type(document).objects.filter(pk=document.pk).update(thumbnail=document.thumbnail.name)
        response: HttpResponseBase = FileResponse(
            document.thumbnail.open("rb"), content_type="image/png"
        )
    except (OSError, ThumbnailLater) as error:  # thumbnails/ not writable, disk full, or the
        # background task has yet to draw it: the card, made for this request
        if isinstance(error, OSError):
            logger.warning(
                "Thumbnail of document %s could not be stored", document.pk, exc_info=True
            )
        response = HttpResponse(
            card_png(document.file_extension, document.title), content_type="image/png"
        )
        _private_headers(request, response, document)
        response["Cache-Control"] = "private, no-store"  # the real one once it can be stored
        return response
    return _private_headers(request, response, document)


def version_download(request, pk, number):
    """An earlier file of the document, always as a download."""
    document = _visible_document(request, pk)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    stem, ext = os.path.splitext(version.file_name or os.path.basename(version.file.name or ""))
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}-v{version.number}{ext}",
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    return _private_headers(request, response, document)


@require_POST
def retry_processing(request, pk):
    """Admin: run the extraction, OCR and thumbnail again for a document."""
    model = get_document_model()
    document = get_object_or_404(model, pk=pk)
    if not get_permission_policy().user_has_permission_for_instance(
        request.user, "change", document
    ):
        raise Http404
    document.processing_status = ProcessingStatus.PENDING
    document.processing_error = ""
    document.save(update_fields=["processing_status", "processing_error"])
    process_document.enqueue(document.pk)
    document.refresh_from_db()
    messages.success(
        request,
        _("Behandlingen av «%(title)s» er startet på nytt. Status: %(status)s.")
        % {"title": document.title, "status": document.get_processing_status_display()},
    )
    return redirect("wagtaildocs:edit", document.pk)
