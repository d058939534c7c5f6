"""Wagtail's document admin views, storing every new file through kb.documents.ingest.

Wagtail's views save the form and expect that to work. Here the form only collects the fields;
the file goes to `ingest`, and its answer — stored, a duplicate, or refused with the reason —
becomes the redirect, the form error or the JSON the uploader's script shows. The views are
«Legg til dokument», the edit form (a new file keeps the old one as a version), both steps of
the multiple uploader (a file that first landed in `wagtail_uploads/` because another field was
missing is removed once it is stored or refused) and the chooser's upload tab.

`ingest` runs outside the views' transaction, so the document is committed before its
processing is queued (kb.documents.ingest).

Also here: the listing (previews, the archive's own columns and filters, a search that reads
the files' text as well as the titles) and what the document chooser offers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import Q
from django.http import JsonResponse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.documents.views import chooser, documents, multiple
from wagtail.log_actions import log
from wagtail.search.backends import get_search_backend

from kb.documents.ingest import Duplicate, IngestResult, Refused, Stored, ingest
from kb.documents.storage import storage_error_message
from kb.models import AlorDocument, DocumentKind, GatheringPage, NetworkPage, ProcessingStatus
from kb.privacy import admin_documents_visible_to, admin_page_condition, visibility_of

# The most documents a search of the listing finds by words and by the start of a title, each.
SEARCH_LIMIT = 1000

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


# ------------------------------------------------------------------ the listing


def _years():
    """The years documents are filed under, newest first (one query, when the filter shows)."""
    years = AlorDocument.objects.exclude(year=None).order_by("-year").values_list("year", flat=True)
    return [(year, str(year)) for year in years.distinct()]


class DocumentFilterSet(documents.DocumentsFilterSet):
    """Wagtail's filters (collection, tag, usage) and the archive's: type, network, gathering,
    year and processing state. The networks and gatherings offered are those the admin may name
    to the user (kb.privacy.admin_page_condition)."""

    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=DocumentKind.choices)
    network = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Nettverk"), queryset=NetworkPage.objects.none()
    )
    gathering = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Samling (arrangement)"), queryset=GatheringPage.objects.none()
    )
    year = django_filters.TypedChoiceFilter(label=gettext_lazy("År"), choices=_years, coerce=int)
    processing_status = django_filters.ChoiceFilter(
        label=gettext_lazy("Behandling"), choices=ProcessingStatus.choices
    )

    class Meta:
        model = AlorDocument
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "collection_id" in self.filters:
            self.filters["collection_id"].label = gettext_lazy("Mappe")
        named = admin_page_condition(visibility_of(self.request))
        self.filters["network"].queryset = NetworkPage.objects.filter(named).order_by("title")
        self.filters["gathering"].queryset = GatheringPage.objects.filter(named).order_by(
            "-start_date", "title"
        )


class ThumbnailColumn(Column):
    """The document's preview, small (its own address: made in the background, cached)."""

    cell_template_name = "wagtaildocs/tables/thumbnail_cell.html"


class IndexView(documents.IndexView):
    """Wagtail's document listing with the archive's columns and filters; its search reads the
    text taken from the files as well as the titles."""

    filterset_class = DocumentFilterSet

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("network", "gathering")

    @cached_property
    def columns(self):
        # Wagtail's file name column gives way to the archive's: with them all the titles and
        # names were squeezed into a letter's width (the file is linked from the edit form).
        columns = [column for column in super().columns if column.name != "filename"]
        # The preview is a picture beside the title, which names the row: no heading of its own.
        columns.insert(1, ThumbnailColumn("thumbnail", label="", width="64px"))
        at = 3
        columns[at:at] = [
            Column(
                "kind",
                label=gettext_lazy("Type"),
                accessor="get_kind_display",
                sort_key="kind",
            ),
            Column("network", label=gettext_lazy("Nettverk"), accessor="network.title"),
            Column(
                "gathering",
                label=gettext_lazy("Samling (arrangement)"),
                accessor="gathering.title",
            ),
            Column("year", label=gettext_lazy("År"), sort_key="year"),
            Column(
                "processing_status",
                label=gettext_lazy("Behandling"),
                accessor="get_processing_status_display",
                sort_key="processing_status",
            ),
        ]
        for column in columns:
            if column.name == "collection":
                column.label = gettext_lazy("Mappe")
        return columns

    def search_queryset(self, queryset):
        """Documents whose title, description, topics or text read from the file hold the
        words, and those whose title begins with what was typed (Wagtail's admin searches the
        title alone, by its start)."""
        if not self.is_searching:
            return queryset
        backend = get_search_backend(self.search_backend_name)
        found: set[int] = set()
        for results in (
            backend.search(self.search_query, queryset, order_by_relevance=False),
            backend.autocomplete(self.search_query, queryset, order_by_relevance=False),
        ):
            found.update(document.pk for document in results[:SEARCH_LIMIT])
        return queryset.filter(pk__in=found)


# ------------------------------------------------------------------ the chooser


def chooser_documents(documents, request):
    """What the document chooser offers: the documents of the collections where the user may
    choose (Wagtail's rule), and every presentation the public may see, whichever collection
    holds it, so a network host links any network's presentations into a programme. Narrowed
    to what the admin may name to the user: nothing of RAG's or another private collection
    they may not see."""
    visibility = visibility_of(request)
    presentations = visibility.public().documents(
        AlorDocument.objects.filter(kind=DocumentKind.PRESENTATION)
    )
    offered = AlorDocument.objects.filter(
        Q(pk__in=documents.values("pk")) | Q(pk__in=presentations.values("pk"))
    ).order_by(*(documents.query.order_by or ("-created_at",)))
    return admin_documents_visible_to(visibility, offered)
