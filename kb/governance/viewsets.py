"""«Oppfølging»: the minutes' follow-up actions in the admin, as a Wagtail ModelViewSet.

The actions are rows of `kb.Action`, mirrored from the published minutes by
kb.governance.actions.sync_actions: what, who and when are written in the minutes, so here
they are listed, filtered, exported and given a status, never added, copied or deleted.
Who sees them: those who hold kb.view_action (the RAG group, superusers); changing a status
takes kb.change_action.
"""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from kb.admin_exports import SafeSpreadsheetExportMixin
from kb.enums import OPEN_ACTION_STATUSES, ActionStatus
from kb.governance import actions as action_service
from kb.governance.forms import ActionStatusForm
from kb.models import Action, MinutesPage


class ActionPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody adds or deletes an action here: the
    minutes do (republishing them would undo it)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class StatusFilter(django_filters.ChoiceFilter):
    """Open actions (open or in progress) unless a status, or «Alle», is chosen."""

    ALL = "all"

    def filter(self, qs, value):
        if value == self.ALL:
            return qs
        if value:
            return qs.filter(status=value)
        return qs.filter(status__in=OPEN_ACTION_STATUSES)


action_permission_policy = ActionPermissionPolicy(Action)
register_permission_policy(Action, action_permission_policy)


class ActionFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label=_("Status"),
        choices=[(StatusFilter.ALL, _("Alle")), *ActionStatus.choices],
        empty_label=_("Åpne"),
    )
    # A list of the names in use, matched as a part of the text: «Einar» finds «Einar og Silje».
    person = django_filters.CharFilter(
        label=_("Ansvarlig"),
        field_name="responsible",
        lookup_expr="icontains",
        widget=forms.Select,
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Møte"),
        field_name="minutes",
        queryset=MinutesPage.objects.none(),
        empty_label=_("Alle"),
    )
    due_date = django_filters.DateFromToRangeFilter(label=_("Frist"), widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(
        label=_("Forfalt"),
        method="filter_overdue",
        widget=forms.Select(choices=[("", _("Alle")), ("true", _("Ja")), ("false", _("Nei"))]),
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            Action.objects.exclude(responsible="")
            .order_by("responsible")
            .values_list("responsible", flat=True)
            .distinct()
        )
        self.filters["person"].extra["widget"] = forms.Select(
            choices=[("", _("Alle"))] + [(name, name) for name in people]
        )
        self.filters["meeting"].queryset = (
            MinutesPage.objects.filter(tracked_actions__isnull=False)
            .distinct()
            .order_by("-meeting_date")
            .only("pk", "title", "meeting_date")
        )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_ACTION_STATUSES, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ActionTable(Table):
    def get_row_classname(self, instance):
        return "overdue" if instance.is_overdue else ""


class ResponsibleColumn(Column):
    """The minutes' text, and a note when the reminder cannot reach the responsible."""

    cell_template_name = "kb/governance/actions/responsible_cell.html"


class DueColumn(Column):
    cell_template_name = "kb/governance/actions/due_cell.html"


class MeetingColumn(Column):
    cell_template_name = "kb/governance/actions/meeting_cell.html"


class DoneColumn(Column):
    cell_template_name = "kb/governance/actions/done_cell.html"


class StatusColumn(Column):
    """The status, as a form that changes it (for those who may), as the list always had."""

    cell_template_name = "kb/governance/actions/status_cell.html"

    def __init__(self, *args, status_url_name, can_change, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_url_name = status_url_name
        self.can_change = can_change

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        query = request.GET.copy() if request is not None else {}
        for name in ("export", "_w_filter_fragment"):
            query.pop(name, None)
        context.update(
            can_change=self.can_change,
            status_url=reverse(self.status_url_name, args=[instance.pk]),
            status_choices=ActionStatus.choices,
            query=query.urlencode() if query else "",
        )
        return context


class ActionIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    table_class = ActionTable
    context_object_name = "actions"
    status_url_name = None
    page_title = _("Oppfølging")
    page_subtitle = _("Oppfølgingspunkter fra referatene")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("minutes", "done_by", "person")
            .order_by("due_date", "minutes__meeting_date", "position")
        )

    def get_page_subtitle(self):
        return self.page_subtitle

    def filter_queryset(self, queryset):
        # A filter value that matches nothing there is (an unknown meeting, a status no
        # action has) lists nothing, and the form says why; it never lists everything.
        if self.filters is not None and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    @cached_property
    def columns(self):
        return [
            self._get_title_column("what"),  # «Hva», from the field
            ResponsibleColumn("responsible", label=_("Ansvarlig")),
            DueColumn("due_date", label=_("Frist"), sort_key="due_date"),
            MeetingColumn("minutes", label=_("Møte og sak")),
            StatusColumn(
                "status",
                label=_("Status"),
                status_url_name=self.status_url_name,
                can_change=self.user_has_permission("change"),
            ),
            DoneColumn("done_at", label=_("Utført")),
        ]

    # -- the spreadsheet ---------------------------------------------------------------------

    def to_row_dict(self, item):
        done_by = item.done_by
        return {
            "minutes.title": item.minutes.title,
            "minutes.meeting_date": item.minutes.meeting_date,
            "item": f"{item.item_number} {item.item_title}".strip(),
            "what": item.what,
            "responsible": item.responsible,
            "due_date": item.due_date,
            "status": str(item.get_status_display()),
            "overdue": str(_("ja")) if item.is_overdue else "",
            "done_at": (
                timezone.localtime(item.done_at).replace(tzinfo=None) if item.done_at else None
            ),
            "done_by": (done_by.get_full_name() or done_by.get_username()) if done_by else "",
        }

    def get_filename(self):
        return f"oppfolging-{timezone.localdate().isoformat()}"

    def write_xlsx(self, queryset, output):
        """Wagtail's workbook, with the list's look: bold headings, overdue rows marked,
        dates as dd.mm.yyyy, columns wide enough to read."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Oppfølging")
        for letter, width in zip(
            "ABCDEFGHIJ", (28, 12, 30, 60, 24, 12, 12, 9, 18, 18), strict=True
        ):
            sheet.column_dimensions[letter].width = width
        headings = []
        for field in self.list_export:
            cell = WriteOnlyCell(sheet, self.get_heading(queryset, field))
            cell.font = Font(bold=True)
            headings.append(cell)
        sheet.append(headings)
        overdue_fill = PatternFill("solid", start_color="FFF2CC")
        for item in queryset:
            row = self.to_row_dict(item)
            cells = []
            for cell in self.generate_xlsx_row(sheet, row):
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "DD.MM.YYYY HH:MM"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "DD.MM.YYYY"
                if row["overdue"]:
                    cell.fill = overdue_fill
                cells.append(cell)
            sheet.append(cells)
        workbook.save(output)


class ActionEditView(generic.EditView):
    """Only the status is ours to change; the rest is written in the minutes."""

    def save_instance(self):
        action = self.form.instance
        action_service.set_status(action, action.status, self.request.user)
        return action


class ActionViewSet(ModelViewSet):
    model = Action
    name = "oppfolging"
    url_prefix = "oppfolging"
    icon = "tasks"
    menu_label = _("Oppfølging")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = ActionIndexView
    index_template_name = "kb/governance/actions/index.html"
    index_results_template_name = "kb/governance/actions/index_results.html"
    edit_view_class = ActionEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["status"]
    filterset_class = ActionFilterSet
    search_fields = ["what", "responsible", "item_title", "minutes__title"]
    list_per_page = 50
    list_export = [
        "minutes.title",
        "minutes.meeting_date",
        "item",
        "what",
        "responsible",
        "due_date",
        "status",
        "overdue",
        "done_at",
        "done_by",
    ]
    export_headings = {
        "minutes.title": _("Møte"),
        "minutes.meeting_date": _("Møtedato"),
        "item": _("Sak"),
        "what": _("Hva"),
        "responsible": _("Ansvarlig"),
        "due_date": _("Frist"),
        "status": _("Status"),
        "overdue": _("Forfalt"),
        "done_at": _("Utført"),
        "done_by": _("Utført av"),
    }

    def get_permissions_to_register(self):
        # The group editor offers what the policy honours: seeing and changing the status.
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_action", "change_action"])
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(status_url_name=self.get_url_name("status"), **kwargs)

    def status_view(self, request, pk):
        """The list's own status form: POST a status, back to the list as it was filtered."""
        if request.method != "POST":
            return redirect(self.get_url_name("index"))
        if not action_permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        action = get_object_or_404(Action, pk=pk)
        form = ActionStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Ugyldig status."))
        elif form.cleaned_data["status"] != action.status:
            with transaction.atomic():
                action_service.set_status(action, form.cleaned_data["status"], request.user)
            messages.success(request, _("Status er oppdatert."))
        url = reverse(self.get_url_name("index"))
        query = request.POST.get("query", "")
        if query and "/" not in query and ":" not in query:
            url += "?" + query
        return redirect(url)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/", self.status_view, name="status"),
        ]
