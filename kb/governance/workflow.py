"""The approval road of mandates and agreements: workflow, numbered versions, signing, ending.

The workflow's steps, and the status a text has in each, are the page's own
(kb.models.governance); Wagtail calls `publish_approved` through kb.governance.finish.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage

from kb import groups
from kb.enums import GovernanceStatus
from kb.governance.diff import snapshot
from kb.models import AgreementPage, GovernanceVersion, MandatePage

WORKFLOW_NAME = "Godkjenning av mandat og avtaler"
LEADERS_BODY = "Ledergruppen (K7)"
# The workflow's steps: (task, the group that does it).
STEPS = [
    ("Innspill fra partner", groups.PARTNERS),
    ("Godkjenning i ledermøtet", groups.LEADERS),
]


def ensure_workflow(apps):
    """The approval workflow with its two steps, on every governance section that exists.

    Run by the data migration kb/migrations/0004_governance.py and by the tests' database
    set-up; `apps` is the migration's registry, or Django's. Safe to run again.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowModel = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPageModel = apps.get_model("wagtailcore", "WorkflowPage")
    GovernanceIndexPage = apps.get_model("kb", "GovernanceIndexPage")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow, _ = WorkflowModel.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (task_name, group_name) in enumerate(STEPS):
        group, _ = Group.objects.get_or_create(name=group_name)
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=task_name, content_type=task_type, active=True
            )
        task.groups.set([group])
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    for section in GovernanceIndexPage.objects.all():
        WorkflowPageModel.objects.get_or_create(page_id=section.pk, defaults={"workflow": workflow})


def remove_workflow(apps):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(
        name__in=[name for name, _ in STEPS]
    ).delete()


def governance_workflow():
    return Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()


def assign_workflow(section) -> bool:
    """Put the governance section under the approval workflow (once)."""
    workflow = governance_workflow()
    if workflow is None:
        return False
    _, created = WorkflowPage.objects.get_or_create(page=section, defaults={"workflow": workflow})
    return created


def is_governance_document(page) -> bool:
    return isinstance(page, MandatePage | AgreementPage)


def _set_fields(page, **fields):
    """Write fields on the live row and on the latest revision, so the next draft keeps them."""
    type(page).objects.filter(pk=page.pk).update(**fields)
    for name, value in fields.items():
        setattr(page, name, value)
    revision = page.get_latest_revision()
    if revision is not None:
        encoded = json.loads(json.dumps(fields, cls=DjangoJSONEncoder))
        revision.content.update(encoded)
        revision.save(update_fields=["content"])


def set_status(page, status):
    _set_fields(page, status=status)


def publish_approved(workflow_state, user=None):
    """The workflow's finish action: publish the approved revision and number the version.

    The approval is the authority to publish, so the publish-permission check is skipped here
    (and only here: editors and RAG cannot publish a mandate or an agreement otherwise).
    """
    revision = workflow_state.content_object.get_latest_revision()
    page = workflow_state.content_object.specific
    if not is_governance_document(page):
        revision.publish(user=user)
        return
    task_state = workflow_state.current_task_state
    comment = (task_state.comment or "").strip() if task_state else ""
    revision.publish(user=user, skip_permission_checks=True)
    page = type(page).objects.get(pk=page.pk)
    approved = page.get_latest_revision_as_object()

    latest = GovernanceVersion.objects.filter(page=page).order_by("-number", "-correction").first()
    if latest is not None and approved.minor_correction:
        number, correction = latest.number, latest.correction + 1
    else:
        number, correction = (latest.number + 1 if latest else 1), 0
    today = timezone.localdate()
    approver = (user.get_full_name() or user.get_username()) if user else ""
    version = GovernanceVersion(
        page=page,
        number=number,
        correction=correction,
        revision=revision,
        title=approved.title,
        approved_on=today,
        approved_by=user,
        approver_name=approver,
        approved_by_body=LEADERS_BODY,
        decision_reference=comment[:255],
    )
    version.content = snapshot(approved)
    version.save()
    _set_fields(
        page,
        status=GovernanceStatus.APPROVED,
        version_number=number,
        approved_on=today,
        approved_by_body=LEADERS_BODY,
        decision_reference=version.decision_reference,
        approval_line=str(version.approval_line)[:255],
        minor_correction=False,
    )
    log(
        instance=page,
        action="kb.governance.version",
        user=user,
        revision=revision,
        data={"number": number, "correction": correction, "decision": version.decision_reference},
    )


def sign_version(version, document, signed_on, user):
    """Attach the signed copy to the version it signs; the agreement is now «Signert»."""
    version.signed_copy = document
    version.signed_on = signed_on
    version.signed_by = user
    version.save(update_fields=["signed_copy", "signed_on", "signed_by"])
    page = version.page.specific
    latest = page.governance_versions.order_by("-number", "-correction").first()
    fields = {"status": GovernanceStatus.SIGNED} if latest == version else {}
    if hasattr(page, "signed_copy_id") and latest == version:
        fields["signed_copy_id"] = document.pk if document else None
    if fields:
        _set_fields(page, **fields)
    log(
        instance=page,
        action="kb.governance.signed",
        user=user,
        data={"version": version.number, "signed_on": signed_on.isoformat()},
    )


def terminate(page, terminated_on, user):
    """End an agreement: it shows as «Oppsagt» with the date."""
    _set_fields(page, status=GovernanceStatus.TERMINATED, terminated_on=terminated_on)
    log(
        instance=page,
        action="kb.governance.terminated",
        user=user,
        data={"terminated_on": terminated_on.isoformat()},
    )
