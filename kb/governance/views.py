"""Governance views: version history, diff, PDF, signing and ending (admin) and the meetings'
calendar feed (site). The follow-up of actions («Oppfølging»): kb/governance/viewsets.py."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kb.governance import workflow
from kb.governance.diff import compare
from kb.governance.forms import SignForm, TerminateForm
from kb.governance.ics import meetings_calendar, new_feed_key, user_for_token
from kb.governance.pdf import version_pdf
from kb.governance.permissions import (
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
from kb.privacy import visibility_of

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
        "step": current_step(page),
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
