"""The search log for editors, as a Wagtail report: what people search for most, and what
found nothing, over the last 7, 30, 90 or 365 days."""

from datetime import timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from kb.admin_exports import SafeSpreadsheetExportMixin
from kb.privacy import visibility_of
from search.models import SearchQueryLog

DAY_CHOICES = [7, 30, 90, 365]
DEFAULT_DAYS = 30
LIMIT = 50  # queries that found nothing, shown above the list


def can_view_log(user) -> bool:
    """Editors who manage search promotions, or anyone given the log's view permission."""
    return user.has_perm("wagtailsearchpromotions.change_query") or user.has_perm(
        "alor_search.view_searchquerylog"
    )


class PeriodFilter(django_filters.ChoiceFilter):
    """The log rows of the last `value` days (30 unless chosen)."""

    def filter(self, qs, value):
        days = int(value) if value else DEFAULT_DAYS
        return qs.filter(created_at__gte=timezone.now() - timedelta(days=days))


class SearchLogFilterSet(WagtailFilterSet):
    days = PeriodFilter(
        label=_("Periode"),
        choices=[(str(d), _("%(days)s dager") % {"days": d}) for d in DAY_CHOICES],
        empty_label=None,
    )

    class Meta:
        model = SearchQueryLog
        fields: list[str] = []


class SearchLogView(SafeSpreadsheetExportMixin, ReportView):
    """The most frequent queries and those that found nothing, of the chosen period.

    Who sees which queries: a query made by someone who may see more than the public (a RAG
    member, say) may speak of what they see, so it is logged as private and shown only to
    those who pass every group and login restriction themselves (RAG members while RAG's is
    the only one, superusers). Everyone else with the log sees only the queries of visitors
    and of users who see no more than the public — the log never tells an editor outside RAG
    what RAG searches for. The private rows are left out before anything is counted.
    """

    page_title = _("Søkelogg")
    header_icon = "search"
    index_url_name = "alor_search_log"
    index_results_url_name = "alor_search_log_results"
    results_template_name = "search/admin/search_log_results.html"
    filterset_class = SearchLogFilterSet
    paginate_by = LIMIT
    export_filename = "sokelogg"
    no_results_message = _("Ingen søk i perioden.")
    list_export = ["normalised", "searches", "results", "last"]
    export_headings = {
        "normalised": _("Søk"),
        "searches": _("Antall"),
        "results": _("Treff"),
        "last": _("Sist"),
    }
    columns = [
        Column("normalised", label=_("Søk")),
        Column("searches", label=_("Antall")),
        Column("results", label=_("Treff")),
        DateColumn("last", label=_("Sist")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def days(self) -> int:
        if self.filters.is_valid() and self.filters.form.cleaned_data.get("days"):
            return int(self.filters.form.cleaned_data["days"])
        return DEFAULT_DAYS

    def visible_rows(self):
        rows = SearchQueryLog.objects.all()
        if not visibility_of(self.request).passes_every_restriction():
            rows = rows.filter(private=False)
        return rows

    @cached_property
    def recent(self):
        """The log rows of the period that this user may see."""
        rows = self.visible_rows()
        if self.filters.is_valid():
            return self.filters.filter_queryset(rows)
        return self.filters.filters["days"].filter(rows, DEFAULT_DAYS)  # a bad value: 30

    def get_filtered_queryset(self):
        # The period and the privacy rule apply to the rows before they are grouped.
        return (
            self.recent.values("normalised")
            .annotate(searches=Count("pk"), results=Max("result_count"), last=Max("created_at"))
            .order_by("-searches", "normalised")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            days=self.days,
            total=self.recent.count(),
            zero=self.get_filtered_queryset().filter(results=0)[:LIMIT],
        )
        return context
