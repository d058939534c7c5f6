"""Governance views: version history, diff, PDF, signing and ending (admin) and the meetings'
calendar feed (site). The follow-up of actions («Oppfølging»): kb/governance/viewsets.py."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages import workflow as wagtail_workflow
from wagtail.models import Page

from kb.governance import actions, agreements, workflow
from kb.governance.diff import compare, snapshot
from kb.governance.forms import SignForm, TerminateForm
from kb.governance.ics import meetings_calendar, new_feed_key, user_for_token
from kb.governance.pdf import version_pdf
from kb.governance.permissions import (
    can_follow_up_actions,
    can_read_versions_of,
    can_sign,
    can_subscribe_to_meetings,
    can_view_versions,
)
from kb.models import (
    AgreementPage,
    GovernanceVersion,
    MandatePage,
    MeetingIndexPage,
    MinutesPage,
)
from kb.models.governance import current_step
from kb.models.workflow import feedback_on
from kb.privacy import visibility_of

# -- version history -----------------------------------------------------------------------------


def _require(request, check):
    if not check(request.user):
        raise PermissionDenied


def _readable_document_page(request, page_id):
    """The mandate or agreement, for RAG or for a reviewer of the step it waits in; 403
    otherwise (to others, also for an id that is no document: the answer names nothing)."""
    page = _document_page(
        page_id, missing=Http404 if can_view_versions(request.user) else PermissionDenied
    )
    if not can_read_versions_of(request.user, page):
        raise PermissionDenied
    return page


def _document_page(page_id, missing=Http404):
    for model in (MandatePage, AgreementPage):
        page = model.objects.filter(pk=page_id).first()
        if page is not None:
            return page
    raise missing


def history(request, page_id):
    page = _readable_document_page(request, page_id)
    versions = list(page.versions())
    latest = versions[-1] if versions else None
    # Only the actions the agreement's state allows (kb.governance.agreements) are offered.
    allowed = set()
    if isinstance(page, AgreementPage) and can_sign(request.user):
        allowed = agreements.allowed_actions(agreements.state_of(page, latest))
    context = {
        "page": page,
        "versions": versions,
        "latest": latest,
        "feedback": feedback_on(page, versions),
        "is_agreement": isinstance(page, AgreementPage),
        "sign_form": SignForm() if agreements.Action.SIGN in allowed else None,
        "terminate_form": TerminateForm() if agreements.Action.TERMINATE in allowed else None,
        "step": current_step(page),
        "task": page.current_workflow_task if current_step(page) else None,
        "proposal": PROPOSAL,
        # Wagtail's log of the page is for those with page rights, not for a step's reviewers.
        "sees_log": can_view_versions(request.user),
    }
    return TemplateResponse(request, "kb/governance/history.html", context)


# `?b=forslag`: the text waiting in a workflow step, compared with an approved version.
PROPOSAL = "forslag"


@dataclass
class _Proposal:
    label: str
    content: list


def _proposal(page):
    return _Proposal(
        label=_("forslaget som venter på godkjenning"),
        content=snapshot(page.get_latest_revision_as_object()),
    )


def diff(request, page_id):
    page = _readable_document_page(request, page_id)
    versions = {str(v.pk): v for v in page.versions()}
    old = versions.get(request.GET.get("a", ""))
    new = versions.get(request.GET.get("b", ""))
    if new is None and request.GET.get("b") == PROPOSAL and current_step(page) is not None:
        new = _proposal(page)
    if old is None or new is None:
        messages.error(request, _("Velg to godkjente versjoner å sammenligne."))
        return redirect("kb_governance_history", page_id=page.pk)
    if isinstance(new, GovernanceVersion) and (old.number, old.correction) > (
        new.number,
        new.correction,
    ):
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
    version = GovernanceVersion.objects.select_related("page").filter(pk=version_id).first()
    if version is None:
        raise Http404 if can_view_versions(request.user) else PermissionDenied
    page = _readable_document_page(request, version.page_id)
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


def _refused(request, page, refusal):
    """A transition the agreement's state does not allow: say why, write nothing."""
    messages.error(request, refusal.message)
    return redirect("kb_governance_history", page_id=page.pk)


@require_POST
def sign(request, version_id):
    _require(request, can_sign)
    version = get_object_or_404(GovernanceVersion, pk=version_id)
    page = _document_page(version.page_id)
    if not isinstance(page, AgreementPage):
        raise Http404
    latest = page.current_version
    if version != latest:
        messages.error(request, _("Bare gjeldende versjon av avtalen kan signeres."))
        return redirect("kb_governance_history", page_id=page.pk)
    try:
        agreements.check(agreements.state_of(page, latest), agreements.Action.SIGN)
    except agreements.RefusedTransition as refusal:
        return _refused(request, page, refusal)
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
    try:
        agreements.check(agreements.state_of(page), agreements.Action.TERMINATE)
    except agreements.RefusedTransition as refusal:
        return _refused(request, page, refusal)
    form = TerminateForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            workflow.terminate(page, form.cleaned_data["terminated_on"], request.user)
        messages.success(request, _("Avtalen er registrert som oppsagt."))
    else:
        messages.error(request, _("Oppgi en gyldig dato for oppsigelsen."))
    return redirect("kb_governance_history", page_id=page.pk)


# -- «Mine oppfølgingspunkter» and the decision register (admin, RAG) ---------------------------


def my_actions(request):
    """The open follow-up actions the logged-in member answers for."""
    _require(request, can_follow_up_actions)
    own, as_minute_taker = actions.open_actions_of(request.user, visibility_of(request))
    context = {
        "own": list(own),
        "as_minute_taker": list(as_minute_taker),
        "has_person": request.user.people.exists(),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "kb/governance/my_actions.html", context)


DECISIONS_PER_PAGE = 50


def _int_param(request, name, valid, message):
    """`name` from the query as an int accepted by `valid`, or None; a value that is no such
    number is ignored, and the page says so."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not valid(value):
        messages.warning(request, message)
        return None
    return value


def _plausible_year(value: int) -> bool:
    return 1900 <= value <= 2100


def decision_register(request):
    """Every decision of every minutes item RAG may read, newest meeting first: a text filter,
    and filters by meeting and by year; each links to its minutes."""
    _require(request, can_follow_up_actions)
    meetings = list(
        visibility_of(request)
        .pages(MinutesPage.objects.all())
        .order_by("-meeting_date", "-start_time", "-pk")
    )
    by_pk = {meeting.pk: meeting for meeting in meetings}
    years = sorted({meeting.meeting_date.year for meeting in meetings}, reverse=True)
    meeting = _int_param(
        request, "meeting", by_pk.__contains__, _("Ukjent møte: filteret er ikke brukt.")
    )
    year = _int_param(
        request,
        "year",
        lambda value: 1900 <= value <= 2100,
        _("Ugyldig år: filteret er ikke brukt."),
    )
    text = request.GET.get("q", "").strip()[:200]
    chosen = [
        m
        for m in meetings
        if (meeting is None or m.pk == meeting) and (year is None or m.meeting_date.year == year)
    ]
    found = actions.decisions_of(chosen, text)
    page = Paginator(found, DECISIONS_PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    context = {
        "decisions": page,
        "count": len(found),
        "meetings": meetings,
        "years": years,
        "meeting": meeting,
        "year": year,
        "q": text,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "kb/governance/decisions.html", context)


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
    visibility = visibility_of(request).for_user(user)
    meetings = visibility.pages(
        MinutesPage.objects.filter(meeting_date__gte=since).order_by("meeting_date")
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
    meetings = visibility_of(request).pages(MeetingIndexPage.objects.all()).first()
    return redirect(meetings.url if meetings is not None else "/")


# -- after a reviewer's workflow action ----------------------------------------------------------


def may_open_editor(user, page) -> bool:
    """`user` may open the page's editor now, as the page stands in the database (a reviewer
    may only while the page waits in their step)."""
    fresh = Page.objects.filter(pk=page.pk).first()
    return fresh is not None and fresh.specific_deferred.permissions_for_user(user).can_edit()


def after_workflow_action_url(request, page, url):
    """Where to send the user after a workflow action: `url`, unless it is the page's editor
    and the user may no longer open it — a reviewer whose step is done — then the dashboard,
    which lists what still awaits their review (not an access error under a success message)."""
    if url == reverse("wagtailadmin_pages:edit", args=(page.pk,)) and not may_open_editor(
        request.user, page
    ):
        return reverse("wagtailadmin_home")
    return url


class WorkflowActionView(wagtail_workflow.WorkflowActionView):
    """Wagtail's workflow action (the dashboard's «Godkjenn» / «Be om endringer»), sending a
    reviewer whose step is done to the dashboard rather than to the editor Wagtail would
    refuse them."""

    @property
    def redirect_url(self):
        return after_workflow_action_url(self.request, self.object, self._redirect_url)

    @redirect_url.setter
    def redirect_url(self, url):
        self._redirect_url = url
