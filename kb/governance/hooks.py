"""Wagtail admin hooks of the governance section."""

import json

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from kb.governance.editor import AgreementPageViewSet, MandatePageViewSet
from kb.governance.permissions import (
    SIGN_AGREEMENTS,
    SUBSCRIBE_MEETINGS,
    VIEW_VERSIONS,
    can_follow_up_actions,
    can_read_versions_of,
)
from kb.governance.urls import admin_urlpatterns
from kb.governance.views import may_open_editor
from kb.governance.viewsets import ActionViewSet
from kb.governance.workflow import is_governance_document


@hooks.register("register_admin_urls")
def register_governance_urls():
    return [path("", include(admin_urlpatterns))]


@hooks.register("register_admin_viewset")
def register_actions_viewset():
    return ActionViewSet()


class RagMenuItem(MenuItem):
    """A menu item for those who follow up RAG's actions."""

    def is_shown(self, request):
        return can_follow_up_actions(request.user)


@hooks.register("register_admin_menu_item")
def register_my_actions_menu_item():
    return RagMenuItem(
        _("Mine oppfølgingspunkter"),
        reverse("kb_governance_my_actions"),
        name="mine-oppfolgingspunkter",
        icon_name="user",
        order=251,
    )


@hooks.register("register_admin_menu_item")
def register_decisions_menu_item():
    return RagMenuItem(
        _("Vedtaksregister"),
        reverse("kb_governance_decisions"),
        name="vedtaksregister",
        icon_name="list-ul",
        order=252,
    )


@hooks.register("register_permissions")
def register_governance_permissions():
    """RAG's rights other than the actions' (which the viewset registers), so that the
    group editor shows them."""
    query = Q()
    for dotted in (VIEW_VERSIONS, SIGN_AGREEMENTS, SUBSCRIBE_MEETINGS):
        app_label, codename = dotted.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


@hooks.register("register_admin_viewset")
def register_governance_page_viewsets():
    """The editor of mandates and agreements, with «Versjonshistorikk» in its header."""
    return [MandatePageViewSet(), AgreementPageViewSet()]


@hooks.register("register_page_header_buttons")
def version_history_button(page, user, view_name, next_url=None):
    """Elsewhere (the page's listing, history), «Versjonshistorikk» in the «…» menu; the editor
    shows it as a button of its own (kb.governance.editor)."""
    if view_name == "edit":
        return
    if is_governance_document(page.specific_deferred) and can_read_versions_of(user, page):
        yield Button(
            _("Versjonshistorikk"),
            reverse("kb_governance_history", args=[page.pk]),
            icon_name="history",
            priority=66,
        )


@hooks.register("register_log_actions")
def register_governance_log_actions(actions):
    actions.register_action("kb.governance.version", _("Ny versjon godkjent"), _("Ny versjon"))
    actions.register_action("kb.governance.signed", _("Signert"), _("Signert"))
    actions.register_action("kb.governance.terminated", _("Oppsagt"), _("Oppsagt"))
    actions.register_action("kb.action.done", _("Markert utført"), _("Utført"))
    actions.register_action("kb.action.status", _("Status endret"), _("Status endret"))


@hooks.register("before_edit_page")
def approval_needs_the_decision(request, page):
    """An approval from the editor in a step that asks for the decision comes with it (the
    action's form posts it as JSON); without it, or malformed, nothing is approved and the
    editor says what is missing — never an error page."""
    if request.method != "POST" or request.POST.get("workflow-action-name") != "approve":
        return None
    task = page.current_workflow_task
    if not getattr(task, "asks_for_decision", False):
        return None
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        data = None
    if isinstance(data, dict) and task.decision_form(data).is_valid():
        return None
    messages.error(
        request,
        _("Godkjenningen ble ikke lagret: oppgi hvem som vedtok og møtedatoen for vedtaket."),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_edit_page")
def reviewer_done_to_dashboard(request, page):
    """A reviewer who approves or sends back from the editor has no business in the section
    any more: to the dashboard, not to the RAG section's listing Wagtail would refuse them."""
    if request.method == "POST" and not may_open_editor(request.user, page):
        return redirect("wagtailadmin_home")
    return None
