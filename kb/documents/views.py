"""Public views of documents: the document's page, its file, thumbnails, earlier versions and a
gathering's presentations in one zip, privacy first."""

from __future__ import annotations

import logging
import os

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model, get_permission_policy
from wagtail.documents.views.serve import serve as wagtail_serve
from wagtail.models import Locale

from kb.documents import gathering_zip as zips
from kb.documents import previews
from kb.documents.processing import ThumbnailLater, ensure_thumbnail
from kb.documents.tasks import process_document
from kb.documents.thumbnails import card_png
from kb.models import DocumentVersion, GatheringPage, ProcessingStatus
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


# How many documents «Fra samme samling» and «Mer om samme tema» show at most.
RELATED_LIMIT = 8


def _visible_page(visibility, page):
    """The page (a gathering, a network) if the visitor may see it, else None."""
    return page if page is not None and visibility.can_view_page(page) else None


def _in_active_language(visibility, page):
    """The page's live translation in the active language, if the visitor may see it; else the
    page itself, its `other_language` set to its language code so the link says where it leads
    (hreflang). None stays None."""
    if page is None:
        return None
    language = translation.get_language()
    if page.locale.language_code == language:
        return page
    locale = Locale.objects.filter(language_code=language).first()
    translated = locale and visibility.translation(page, locale.pk)
    if translated:
        return translated
    page.other_language = page.locale.language_code
    return page


def document_page(request, pk):
    """The document's page, the address users share: what it is, a preview, the download, its
    earlier files, and documents near it. Each list is one query, however long."""
    visibility = visibility_of(request)
    document = _visible_document(request, pk)
    gathering = _visible_page(visibility, document.gathering)
    network = _visible_page(visibility, document.network)
    topics = list(document.topics.order_by("name"))
    related = visibility.documents().exclude(pk=document.pk).select_related("collection")
    same_gathering = []
    if gathering is not None:
        same_gathering = list(
            related.filter(gathering=gathering).order_by("kind", "title")[:RELATED_LIMIT]
        )
    same_topics = []
    if topics:
        same_topics = list(
            related.filter(topics__in=[t.pk for t in topics])
            .exclude(pk__in=[d.pk for d in same_gathering])
            .distinct()
            .order_by("-year", "title")[:RELATED_LIMIT]
        )
    context = {
        "document": document,
        # Linked in the visitor's language where the page has a live translation.
        "gathering": _in_active_language(visibility, gathering),
        "network": _in_active_language(visibility, network),
        "speakers": list(document.speakers.select_related("organisation").order_by("name")),
        "topics": [topic.localized for topic in topics],
        "versions": list(document.versions.order_by("-number")),
        "preview_pages": [
            reverse("kb_document_page_preview", args=[document.pk, number])
            for number in previews.preview_pages(document)
        ],
        "same_gathering": same_gathering,
        "same_topics": same_topics,
    }
    response = TemplateResponse(request, "kb/document_page.html", context)
    # What the page lists depends on who asks (a RAG member sees more), so never shared.
    patch_vary_headers(response, ["Cookie"])
    if _restricted(request, document):
        _cache_headers(response, True)
    return response


def download(request, pk):
    """The document's newest file, whatever its name: Wagtail's view, privacy hooks included."""
    document = _visible_document(request, pk)
    return serve(request, str(document.pk), document.filename)


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


def page_preview(request, pk, number):
    """A picture of one of the first pages of a PDF, for the document's page."""
    document = _visible_document(request, pk)
    try:
        name = previews.page_preview(document, number)
        response: HttpResponseBase = FileResponse(
            document.file.storage.open(name, "rb"), content_type="image/png"
        )
    except ValueError as error:  # not a PDF, or a page the preview does not show
        raise Http404 from error
    except (OSError, previews.PreviewError) as error:
        logger.warning("Page %s of document %s not rendered", number, pk, exc_info=True)
        raise Http404 from error
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


def gathering_zip(request, pk):
    """Every presentation of a gathering the visitor may see, in one zip sent as it is made.

    A gathering the visitor may not see is «not found»; above the size cap the answer says so
    (the gathering page shows that message instead of the link)."""
    visibility = visibility_of(request)
    gathering = get_object_or_404(GatheringPage, pk=pk)
    if not visibility.can_view_page(gathering):
        raise Http404
    bundle = zips.gathering_zip(visibility, gathering)
    if not bundle.documents:
        raise Http404
    if bundle.too_big:
        return HttpResponse(
            _(
                "Presentasjonene er for store til å lastes ned samlet (%(size)s, grensen er "
                "%(limit)s). Last dem ned én og én fra samlingens side."
            )
            % {"size": filesizeformat(bundle.total_bytes), "limit": filesizeformat(bundle.limit)},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(
        zips.stream_zip(zips.entry_names(bundle.documents)), content_type="application/zip"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{gathering.slug or gathering.pk}-presentasjoner.zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # What the zip holds depends on who asks: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie"])
    return response


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
