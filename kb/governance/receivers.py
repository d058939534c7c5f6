"""Signal receivers of the governance section, connected when the kb models load."""

from django.db.models.signals import m2m_changed, post_save
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_cancelled,
    workflow_rejected,
)


def on_page_published(sender, instance, **kwargs):
    from kb.governance.actions import sync_actions
    from kb.models import MinutesPage

    if isinstance(instance, MinutesPage):
        sync_actions(instance)


def on_task_submitted(sender, instance, **kwargs):
    """A version enters a step: its status follows (Til innspill / Til godkjenning)."""
    from kb.governance.workflow import is_governance_document, set_status, step_status

    page = instance.workflow_state.content_object
    page = getattr(page, "specific", page)
    if is_governance_document(page):
        # The step entered is this task state's task: the workflow state still points at the
        # step before while the signal is sent.
        set_status(page, step_status(instance.task.name))


def on_workflow_ended(sender, instance, **kwargs):
    """Sent back or cancelled: the text is a draft again (the approved version stays)."""
    from kb.governance.workflow import is_governance_document, set_status
    from kb.models import GovernanceStatus

    page = getattr(instance.content_object, "specific", instance.content_object)
    if not is_governance_document(page):
        return
    if page.status in (GovernanceStatus.FEEDBACK, GovernanceStatus.APPROVAL):
        status = GovernanceStatus.APPROVED if page.version_number else GovernanceStatus.DRAFT
        set_status(page, status)


def on_governance_section_saved(sender, instance, created, raw=False, **kwargs):
    from kb.governance.workflow import assign_workflow

    if created and not raw:
        assign_workflow(instance)


def on_meeting_index_saved(sender, instance, created, raw=False, **kwargs):
    """RAG publishes its own minutes; only mandates and agreements need the leaders."""
    from django.contrib.auth.models import Group

    from kb import groups
    from kb.signals import grant_page_permissions

    if created and not raw:
        rag, _ = Group.objects.get_or_create(name=groups.RAG)
        grant_page_permissions(rag, instance, ["add_page", "change_page", "publish_page"])


def on_group_membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A member leaves RAG (a group that gives the meetings feed, whatever its name): their
    calendar feed addresses stop working, for good."""
    from django.contrib.auth.models import Group

    from kb.governance.ics import forget_feed_keys
    from kb.governance.permissions import SUBSCRIBE_MEETINGS

    if action not in ("pre_remove", "pre_clear"):
        return
    app_label, codename = SUBSCRIBE_MEETINGS.split(".")
    feed_groups = Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    )
    if not reverse:  # user.groups.remove(...) / .clear() / .set(...)
        leaving = instance.groups.filter(pk__in=feed_groups.values("pk"))
        if action == "pre_remove":
            leaving = leaving.filter(pk__in=pk_set)
        if leaving.exists():
            forget_feed_keys([instance.pk])
    elif feed_groups.filter(pk=instance.pk).exists():  # group.user_set.remove(...) / .clear()
        forget_feed_keys(
            pk_set if action == "pre_remove" else instance.user_set.values_list("pk", flat=True)
        )


def connect():
    page_published.connect(on_page_published, dispatch_uid="kb_governance_page_published")
    task_submitted.connect(on_task_submitted, dispatch_uid="kb_governance_task_submitted")
    workflow_rejected.connect(on_workflow_ended, dispatch_uid="kb_governance_rejected")
    workflow_cancelled.connect(on_workflow_ended, dispatch_uid="kb_governance_cancelled")
    m2m_changed.connect(
        on_group_membership_changed,
        sender="auth.User_groups",
        dispatch_uid="kb_governance_rag_membership",
    )
    post_save.connect(
        on_governance_section_saved,
        sender="kb.GovernanceIndexPage",
        dispatch_uid="kb_governance_section_workflow",
    )
    post_save.connect(
        on_meeting_index_saved,
        sender="kb.MeetingIndexPage",
        dispatch_uid="kb_governance_meetings_publish",
    )
