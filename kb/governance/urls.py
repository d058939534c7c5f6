"""Public routes of the governance section (calendar feed …)."""

from django.urls import path
from wagtail.admin.auth import require_admin_access

from kb.governance import views

urlpatterns = [
    path("rag/moter.ics", views.meetings_ics, name="kb_governance_meetings_ics"),
    path("rag/ny-kalenderlenke/", views.new_feed_link, name="kb_governance_new_feed_link"),
]

# Admin routes, registered under /admin/ by kb/governance/hooks.py («Oppfølging» is a
# viewset: kb/governance/viewsets.py).
admin_urlpatterns = [
    path("styring/<int:page_id>/versjoner/", views.history, name="kb_governance_history"),
    path("styring/<int:page_id>/sammenlign/", views.diff, name="kb_governance_diff"),
    path("styring/<int:page_id>/si-opp/", views.terminate, name="kb_governance_terminate"),
    path("styring/versjon/<int:version_id>/pdf/", views.pdf, name="kb_governance_pdf"),
    path("styring/versjon/<int:version_id>/signer/", views.sign, name="kb_governance_sign"),
    path("mine-oppfolgingspunkter/", views.my_actions, name="kb_governance_my_actions"),
    path("vedtak/", views.decision_register, name="kb_governance_decisions"),
]

# Wagtail admin views replaced (same paths, included ahead of Wagtail's admin in alor/urls.py,
# so Wagtail's URL names reverse to them).
admin_overrides = [
    path(
        "pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        require_admin_access(views.WorkflowActionView.as_view()),
    ),
]
