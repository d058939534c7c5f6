"""Governance views: version history, diff, PDF, signing and ending (admin), the follow-up
list of actions (admin) and the meetings' calendar feed (site)."""

import csv
import datetime
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kb.blocks import ACTION_STATUS_CHOICES
from kb.governance import actions as action_service
from kb.governance import workflow
from kb.governance.diff import compare
from kb.governance.forms import ActionStatusForm, SignForm, TerminateForm
from kb.governance.ics import meetings_calendar, new_feed_key, user_for_token
from kb.governance.pdf import version_pdf
from kb.governance.permissions import (
    can_follow_up_actions,
    can_sign,
    can_subscribe_to_meetings,
    can_view_versions,
)
from kb.models import (
    Action,
    AgreementPage,
    GovernanceVersion,
    MandatePage,
    MeetingIndexPage,
    MinutesPage,
)
from kb.privacy import pages_visible_to

# -- version history -----------------------------------------------------------------------------


def _require(request, check):
    if not check(request.user):
        raise PermissionDenied


def _document_page(page_id):
    for model in (MandatePage, AgreementPage):
        page = model.objects.filter(pk=page_id).first()
        if page is not None:
            return page
    raise Http404


def history(request, page_id):
    _require(request, can_view_versions)
    page = _document_page(page_id)
    versions = list(page.versions())
    signs = isinstance(page, AgreementPage) and can_sign(request.user)
    context = {
        "page": page,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "is_agreement": isinstance(page, AgreementPage),
        "sign_form": SignForm() if signs and versions else None,
        "terminate_form": TerminateForm() if signs else None,
        "step": workflow.current_step(page),
    }
    return TemplateResponse(request, "kb/governance/history.html", context)


def diff(request, page_id):
    _require(request, can_view_versions)
    page = _document_page(page_id)
    versions = {str(v.pk): v for v in page.versions()}
    old = versions.get(request.GET.get("a", ""))
    new = versions.get(request.GET.get("b", ""))
    if old is None or new is None:
        messages.error(request, _("Velg to godkjente versjoner å sammenligne."))
        return redirect("kb_governance_history", page_id=page.pk)
    if (old.number, old.correction) > (new.number, new.correction):
        old, new = new, old
    rows = compare(old.content, new.content)
    context = {
        "page": page,
        "old": old,
        "new": new,
        "rows": rows,
        "changed": sum(1 for row in rows if row["state"] != "same"),
    }
    return TemplateResponse(request, "kb/governance/diff.html", context)


def pdf(request, version_id):
    _require(request, can_view_versions)
    version = get_object_or_404(GovernanceVersion.objects.select_related("page"), pk=version_id)
    page = _document_page(version.page_id)
    latest = page.current_version
    if version == latest:
        status = page.effective_status.label
    else:
        status = _("Erstattet av %(label)s") % {"label": latest.label}
    data = version_pdf(version, str(status))
    response = HttpResponse(data, content_type="application/pdf")
    name = slugify(f"{version.title[:60]}-versjon-{version.number}-{version.correction}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_POST
def sign(request, version_id):
    _require(request, can_sign)
    version = get_object_or_404(GovernanceVersion, pk=version_id)
    page = _document_page(version.page_id)
    if not isinstance(page, AgreementPage):
        raise Http404
    form = SignForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            workflow.sign_version(
                version, form.cleaned_data["document"], form.cleaned_data["signed_on"], request.user
            )
        messages.success(request, _("Signert eksemplar er registrert."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("kb_governance_history", page_id=page.pk)


@require_POST
def terminate(request, page_id):
    _require(request, can_sign)
    page = _document_page(page_id)
    if not isinstance(page, AgreementPage):
        raise Http404
    form = TerminateForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            workflow.terminate(page, form.cleaned_data["terminated_on"], request.user)
        messages.success(request, _("Avtalen er registrert som oppsagt."))
    else:
        messages.error(request, _("Oppgi en gyldig dato for oppsigelsen."))
    return redirect("kb_governance_history", page_id=page.pk)


# -- follow-up of actions ------------------------------------------------------------------------

STATUS_FILTERS = [("", _("Åpne")), ("all", _("Alle"))] + [
    (value, label) for value, label in ACTION_STATUS_CHOICES
]


def filtered_actions(params):
    """The actions the «Oppfølging» filters select: open ones unless a status is chosen."""
    queryset = Action.objects.select_related("minutes", "done_by").order_by(
        "due_date", "minutes__meeting_date", "position"
    )
    status = params.get("status", "")
    valid = {value for value, _label in ACTION_STATUS_CHOICES}
    if status == "all":
        pass
    elif status in valid:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=Action.OPEN_STATUSES)
    person = (params.get("person") or "").strip()
    if person:
        queryset = queryset.filter(responsible__icontains=person)
    meeting = params.get("meeting") or ""
    if meeting.isascii() and meeting.isdigit() and len(meeting) <= 18:  # not «²» nor 5,000 digits
        queryset = queryset.filter(minutes_id=int(meeting))
    return queryset


EXPORT_HEADERS = [
    "Møte",
    "Møtedato",
    "Sak",
    "Hva",
    "Ansvarlig",
    "Frist",
    "Status",
    "Forfalt",
    "Utført",
    "Utført av",
]


def _export_rows(queryset):
    labels = dict(ACTION_STATUS_CHOICES)
    for action in queryset:
        yield [
            action.minutes.title,
            action.minutes.meeting_date,
            f"{action.item_number} {action.item_title}".strip(),
            action.what,
            action.responsible,
            action.due_date,
            str(labels.get(action.status, action.status)),
            _("ja") if action.is_overdue else "",
            timezone.localtime(action.done_at).replace(tzinfo=None) if action.done_at else None,
            (action.done_by.get_full_name() or action.done_by.get_username())
            if action.done_by
            else "",
        ]


def _safe_cell(value):
    """No formula injection: text that starts like a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_actions(queryset, fmt):
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="oppfolging-{stamp}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(EXPORT_HEADERS)
        for row in _export_rows(queryset):
            writer.writerow(["" if v is None else _safe_cell(v) for v in row])
        return response
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Oppfølging"
    sheet.append(EXPORT_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    overdue_fill = PatternFill("solid", start_color="FFF2CC")
    for row in _export_rows(queryset):
        sheet.append([_safe_cell(v) for v in row])
        if row[7]:
            for cell in sheet[sheet.max_row]:
                cell.fill = overdue_fill
    for column, width in zip("ABCDEFGHIJ", (28, 12, 30, 60, 24, 12, 12, 9, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_cols(min_col=2, max_col=2, min_row=2):
        for cell in cells:
            cell.number_format = "DD.MM.YYYY"
    for cells in sheet.iter_cols(min_col=6, max_col=6, min_row=2):
        for cell in cells:
            cell.number_format = "DD.MM.YYYY"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="oppfolging-{stamp}.xlsx"'
    return response


def action_list(request):
    _require(request, can_follow_up_actions)
    queryset = filtered_actions(request.GET)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        return export_actions(queryset, fmt)
    actions = list(queryset[:500])
    meetings = (
        MinutesPage.objects.filter(tracked_actions__isnull=False)
        .distinct()
        .order_by("-meeting_date")
        .only("pk", "title", "meeting_date")
    )
    people = Action.objects.order_by("responsible").values_list("responsible", flat=True).distinct()
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "actions": actions,
        "truncated": len(actions) == 500,
        "meetings": meetings,
        "people": people,
        "status_filters": STATUS_FILTERS,
        "status_choices": ACTION_STATUS_CHOICES,
        "selected": {
            "status": request.GET.get("status", ""),
            "person": request.GET.get("person", ""),
            "meeting": request.GET.get("meeting", ""),
        },
        "query": query.urlencode(),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "kb/governance/actions.html", context)


@require_POST
def action_status(request, action_id):
    _require(request, can_follow_up_actions)
    action = get_object_or_404(Action, pk=action_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig status."))
    elif form.cleaned_data["status"] != action.status:
        with transaction.atomic():
            action_service.set_status(action, form.cleaned_data["status"], request.user)
        messages.success(request, _("Status er oppdatert."))
    url = reverse("kb_governance_actions")
    query = request.POST.get("query", "")
    if query and "/" not in query and ":" not in query:
        url += "?" + query
    return redirect(url)


# -- calendar feed (site) ------------------------------------------------------------------------


def meetings_ics(request):
    """RAG's meetings as iCalendar: for RAG only, by session or by the member's feed token."""
    user = request.user
    token = request.GET.get("token")
    if token:
        user = user_for_token(token)
    if not can_subscribe_to_meetings(user):
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=365)
    meetings = pages_visible_to(
        user, MinutesPage.objects.filter(meeting_date__gte=since).order_by("meeting_date")
    ).defer_streamfields()
    data = meetings_calendar(meetings, lambda meeting: meeting.get_full_url(request))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rag-moter.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def new_feed_link(request):
    """Replace the member's calendar address (lost, shared by mistake): the old one stops."""
    if not can_subscribe_to_meetings(request.user):
        raise Http404
    new_feed_key(request.user)
    messages.success(
        request,
        _(
            "Du har fått en ny lenke til møtekalenderen. Den gamle virker ikke lenger: legg inn "
            "den nye i kalenderen din."
        ),
    )
    meetings = pages_visible_to(request.user, MeetingIndexPage.objects.live()).first()
    return redirect(meetings.url if meetings is not None else "/")
