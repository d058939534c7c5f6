"""The approval road of mandates and agreements: workflow, numbered versions, signing, ending.

The workflow's steps, and the status a text has in each, are data (kb.models.workflow);
Wagtail calls `publish_approved` through kb.governance.finish.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import TaskState, Workflow, WorkflowPage

from kb import groups
from kb.enums import GovernanceStatus
from kb.governance.diff import snapshot
from kb.models import AgreementPage, GovernanceVersion, MandatePage, StepDecision
from kb.models.workflow import full_name

WORKFLOW_NAME = "Godkjenning av mandat og avtaler"
# The workflow's steps as first set up: (name, the group that does it, the status a text has
# while it waits there, whether approval asks for the decision). After that the steps are data
# (kb.models.workflow.GovernanceApprovalTask): the admin renames, adds and reorders them.
STEPS = [
    ("Innspill fra partner", groups.PARTNERS, GovernanceStatus.FEEDBACK, False),
    ("Godkjenning i ledermøtet", groups.LEADERS, GovernanceStatus.APPROVAL, True),
]
PARTNER_STEP, LEADER_STEP = (name for name, *_ in STEPS)
TASK_MODEL = ("kb", "governanceapprovaltask")


# Wagtail's own first workflow, on the root page: one step for its «Moderators» group, which
# the roles replace (kb.groups.ensure_groups). Left there, it offered every editor «Send inn til
# Moderators approval», a step nobody can approve.
STOCK_WORKFLOW_NAME = "Moderators approval"
OPEN_STATES = ("in_progress", "needs_changes")


def retire_stock_workflow(apps):
    """Take Wagtail's stock workflow off the site: deleted while nothing was ever submitted to
    it, else switched off, its open submissions cancelled, its history kept. Editors and hosts
    publish where they may; mandates and agreements keep their own workflow. `apps` is the
    migration's registry, or Django's; safe to run again."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    for stock in Workflow.objects.filter(name=STOCK_WORKFLOW_NAME):
        task_ids = list(stock.workflow_tasks.values_list("task_id", flat=True))
        stock.workflow_pages.all().delete()
        states = WorkflowState.objects.filter(workflow=stock)
        if states.exists():
            states.filter(status__in=OPEN_STATES).update(status="cancelled")
            stock.active = False
            stock.save(update_fields=["active"])
            continue
        stock.delete()
        Task.objects.filter(
            pk__in=task_ids, name=STOCK_WORKFLOW_NAME, workflow_tasks__isnull=True
        ).delete()


def ensure_workflow(apps):
    """The approval workflow with its steps, on every governance section that exists.

    Run by the data migrations (kb/migrations/0004_governance.py, and the one that made the
    steps ours, which converts the steps 0004 made) and by the tests' database set-up; `apps`
    is the migration's registry, or Django's. Safe to run again: a workflow that has steps
    keeps them as they are (renamed, reordered or added in the admin).
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    WorkflowModel = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPageModel = apps.get_model("wagtailcore", "WorkflowPage")
    GovernanceIndexPage = apps.get_model("kb", "GovernanceIndexPage")
    try:
        TaskModel = apps.get_model(*TASK_MODEL)
        app_label, model = TASK_MODEL
    except LookupError:  # migration 0004, before the steps' own model existed
        TaskModel = apps.get_model("wagtailcore", "GroupApprovalTask")
        app_label, model = "wagtailcore", "groupapprovaltask"

    task_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    workflow, _ = WorkflowModel.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        for order, (name, group_name, status, decides) in enumerate(STEPS):
            group, _ = Group.objects.get_or_create(name=group_name)
            fields = {"name": name, "content_type": task_type, "active": True}
            if model == TASK_MODEL[1]:
                fields.update(gives_status=status, asks_for_decision=decides)
            task = TaskModel.objects.create(**fields)
            task.groups.set([group])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    for section in GovernanceIndexPage.objects.all():
        WorkflowPageModel.objects.get_or_create(page_id=section.pk, defaults={"workflow": workflow})


def convert_steps(apps):
    """Make the workflow's group-approval steps ours, in place (the same rows, so a text
    waiting in a step keeps waiting there), keeping their names, groups and order.

    What a step means is read from its place: the first step gathers input («Til innspill»),
    the last asks for the leaders' decision; any step between asks for approval. Run by the
    migration that brought the steps' own model.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    TaskModel = apps.get_model(*TASK_MODEL)
    task_type, _ = ContentType.objects.get_or_create(app_label=TASK_MODEL[0], model=TASK_MODEL[1])
    group_task_type = ContentType.objects.filter(
        app_label="wagtailcore", model="groupapprovaltask"
    ).first()
    if group_task_type is None:
        return
    steps = list(
        WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME)
        .order_by("sort_order")
        .values_list("task_id", "task__content_type_id")
    )
    for position, (task_id, type_id) in enumerate(steps):
        if type_id != group_task_type.pk:
            continue
        first, last = position == 0 and len(steps) > 1, position == len(steps) - 1
        TaskModel(
            groupapprovaltask_ptr_id=task_id,
            gives_status=GovernanceStatus.FEEDBACK if first else GovernanceStatus.APPROVAL,
            asks_for_decision=last,
        ).save_base(raw=True)
        apps.get_model("wagtailcore", "Task").objects.filter(pk=task_id).update(
            content_type=task_type
        )


def unconvert_steps(apps):
    """Back to Wagtail's group-approval steps (the rows stay; only our fields go)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaskModel = apps.get_model(*TASK_MODEL)
    group_task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    ids = list(TaskModel.objects.values_list("pk", flat=True))
    apps.get_model("wagtailcore", "Task").objects.filter(pk__in=ids).update(
        content_type=group_task_type
    )
    TaskModel.objects.filter(pk__in=ids)._raw_delete(TaskModel.objects.db)


def remove_workflow(apps):
    WorkflowModel = apps.get_model("wagtailcore", "Workflow")
    task_ids = (
        apps.get_model("wagtailcore", "WorkflowTask")
        .objects.filter(workflow__name=WORKFLOW_NAME)
        .values_list("task_id", flat=True)
    )
    apps.get_model("wagtailcore", "Task").objects.filter(pk__in=list(task_ids)).delete()
    WorkflowModel.objects.filter(name=WORKFLOW_NAME).delete()


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


def recorded_decision(workflow_state):
    """The decision a step of this workflow run recorded on approval (the latest, if more
    than one step asks for one), or None."""
    return (
        StepDecision.objects.filter(
            task_state__workflow_state=workflow_state,
            task_state__status=TaskState.STATUS_APPROVED,
        )
        .order_by("-task_state__finished_at", "-pk")
        .first()
    )


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
    decision = recorded_decision(workflow_state)
    revision.publish(user=user, skip_permission_checks=True)
    page = type(page).objects.get(pk=page.pk)
    approved = page.get_latest_revision_as_object()

    latest = GovernanceVersion.objects.filter(page=page).order_by("-number", "-correction").first()
    if latest is not None and approved.minor_correction:
        number, correction = latest.number, latest.correction + 1
    else:
        number, correction = (latest.number + 1 if latest else 1), 0
    # The version is approved on the day of the meeting that decided it, not of the click.
    approved_on = decision.decided_on if decision else timezone.localdate()
    version = GovernanceVersion(
        page=page,
        number=number,
        correction=correction,
        revision=revision,
        title=approved.title,
        approved_on=approved_on,
        approved_by=user,
        approver_name=full_name(user),
        approved_by_body=decision.body if decision else "",
        decision_reference=decision.reference if decision else "",
    )
    version.content = snapshot(approved)
    version.save()
    _set_fields(
        page,
        status=GovernanceStatus.APPROVED,
        version_number=number,
        approved_on=approved_on,
        approved_by_body=version.approved_by_body,
        decision_reference=version.decision_reference,
        minor_correction=False,
    )
    log(
        instance=page,
        action="kb.governance.version",
        user=user,
        revision=revision,
        data={
            "number": number,
            "correction": correction,
            "approved_on": approved_on.isoformat(),
            "body": version.approved_by_body,
            "decision": version.decision_reference,
        },
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
