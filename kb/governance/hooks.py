"""Wagtail admin hooks of the governance section."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from kb.governance.permissions import can_follow_up_actions, can_view_versions


@hooks.register("register_admin_urls")
def register_governance_urls():
    from kb.governance.urls import admin_urlpatterns

    return [path("", include(admin_urlpatterns))]


class RagMenuItem(MenuItem):
    def is_shown(self, request):
        return can_follow_up_actions(request.user)


@hooks.register("register_admin_menu_item")
def register_actions_menu_item():
    return RagMenuItem(
        _("Oppfølging"),
        reverse("kb_governance_actions"),
        name="oppfolging",
        icon_name="tasks",
        order=250,
    )


@hooks.register("register_page_header_buttons")
def version_history_button(page, user, view_name, next_url=None):
    from kb.governance.workflow import is_governance_document

    if can_view_versions(user) and is_governance_document(page.specific_deferred):
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
