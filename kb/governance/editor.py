"""The page editor of mandates and agreements: Wagtail's, with «Versjonshistorikk» as a button
in its header (beside the breadcrumbs, not in the «…» menu) for those who may read it.

Registered as the page viewset of both page types by kb/governance/hooks.py.
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import HeaderButton

from kb.governance.permissions import can_read_versions_of
from kb.models import AgreementPage, MandatePage


def history_button(page):
    return HeaderButton(
        _("Versjonshistorikk"),
        url=reverse("kb_governance_history", args=[page.pk]),
        icon_name="history",
    )


class GovernanceEditView(EditView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_read_versions_of(self.request.user, self.page):
            buttons.append(history_button(self.page))
        return buttons


class MandatePageViewSet(PageViewSet):
    model = MandatePage
    name = "kb_mandates"
    edit_view_class = GovernanceEditView


class AgreementPageViewSet(PageViewSet):
    model = AgreementPage
    name = "kb_agreements"
    edit_view_class = GovernanceEditView
