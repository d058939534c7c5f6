"""The workflow's steps are data: what status a step gives and whether it asks for the decision
are fields of the step, so the admin renames, adds and reorders steps without code."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Task, WorkflowTask

from kb import groups
from kb.governance import workflow as gov_workflow
from kb.models import GovernanceApprovalTask, GovernanceStatus, MandatePage
from kb.models.governance import current_task

from .conftest import approve, submit

pytestmark = pytest.mark.django_db


def _steps(workflow):
    return [
        (task.name, task.gives_status, task.asks_for_decision, [g.name for g in task.groups.all()])
        for task in GovernanceApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("workflow_tasks__sort_order")
        .prefetch_related("groups")
    ]


def test_the_set_up_makes_the_steps_ours_with_their_meaning(mandate):
    assert _steps(mandate.get_workflow()) == [
        ("Innspill fra partner", GovernanceStatus.FEEDBACK, False, [groups.PARTNERS]),
        ("Godkjenning i ledermøtet", GovernanceStatus.APPROVAL, True, [groups.LEADERS]),
    ]


def test_ensure_workflow_again_keeps_the_steps_as_the_admin_left_them(mandate):
    workflow = mandate.get_workflow()
    GovernanceApprovalTask.objects.filter(name="Innspill fra partner").update(name="Høring")
    gov_workflow.ensure_workflow(apps)
    assert [name for name, *_ in _steps(workflow)] == ["Høring", "Godkjenning i ledermøtet"]
    assert GovernanceApprovalTask.objects.count() == 2


def test_a_step_renamed_in_the_admin_gives_the_same_status(
    client, superuser, mandate, rag_user, partner, leader
):
    task = GovernanceApprovalTask.objects.get(name="Innspill fra partner")
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_workflows:edit_task", args=[task.pk]),
        {
            "name": "Høring hos partnerne",
            "groups": [Group.objects.get(name=groups.PARTNERS).pk],
            "gives_status": GovernanceStatus.FEEDBACK,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.name == "Høring hos partnerne"

    submit(mandate, rag_user)
    mandate.refresh_from_db()
    assert current_task(mandate).name == "Høring hos partnerne"
    assert mandate.status == GovernanceStatus.FEEDBACK
    assert mandate.effective_status == GovernanceStatus.FEEDBACK
    approve(mandate, partner)
    mandate.refresh_from_db()
    assert mandate.effective_status == GovernanceStatus.APPROVAL
    approve(mandate, leader)
    assert MandatePage.objects.get(pk=mandate.pk).version_number == 1


def test_a_step_added_in_the_admin_takes_part_in_the_journey(
    client, superuser, mandate, rag_user, partner, leader, editor
):
    """A new step between the two, for the editors: the text waits there «Til godkjenning»,
    only the editors act on it, and the leaders' decision still numbers the version."""
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_workflows:add_task", args=["kb", "governanceapprovaltask"]),
        {
            "name": "Språkvask",
            "groups": [Group.objects.get(name=groups.EDITORS).pk],
            "gives_status": GovernanceStatus.APPROVAL,
        },
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    added = GovernanceApprovalTask.objects.get(name="Språkvask")
    workflow = mandate.get_workflow()
    WorkflowTask.objects.filter(workflow=workflow, sort_order=1).update(sort_order=2)
    WorkflowTask.objects.create(workflow=workflow, task=added, sort_order=1)

    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    mandate.refresh_from_db()
    assert current_task(mandate) == added
    assert mandate.effective_status == GovernanceStatus.APPROVAL
    names = [name for name, *_ in added.get_actions(mandate, editor)]
    assert "approve" in names
    assert added.get_actions(mandate, leader) == []

    approve(mandate, editor)
    mandate.refresh_from_db()
    assert current_task(mandate).asks_for_decision
    approve(mandate, leader)
    assert MandatePage.objects.get(pk=mandate.pk).version_number == 1


def test_reordered_steps_keep_their_meaning(mandate, rag_user, partner, leader):
    """The leaders first, then the partners: each step still gives its own status, and the
    decision the leaders recorded dates the version approved at the end."""
    workflow = mandate.get_workflow()
    for task_order in WorkflowTask.objects.filter(workflow=workflow):
        task_order.sort_order = 1 - task_order.sort_order
        task_order.save()
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    assert mandate.effective_status == GovernanceStatus.APPROVAL
    approve(mandate, leader)
    mandate.refresh_from_db()
    assert mandate.effective_status == GovernanceStatus.FEEDBACK
    approve(mandate, partner)
    version = MandatePage.objects.get(pk=mandate.pk).current_version
    assert version.line == "Versjon 1 · godkjent 10.02.2026 i ledermøtet K7"


def test_the_migration_converts_the_group_steps_in_place(mandate, rag_user):
    """The steps migration 0004 made (Wagtail's group-approval tasks) become ours: the same
    rows, names, groups and order, so a text waiting in a step keeps waiting there."""
    workflow = mandate.get_workflow()
    WorkflowTask.objects.filter(workflow=workflow).delete()
    Task.objects.all().delete()
    for order, (name, group_name) in enumerate(
        [("Innspill fra partner", groups.PARTNERS), ("Godkjenning i ledermøtet", groups.LEADERS)]
    ):
        task = GroupApprovalTask.objects.create(name=name)
        task.groups.set([Group.objects.get(name=group_name)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    submit(mandate, rag_user)
    waiting = GroupApprovalTask.objects.get(name="Innspill fra partner").pk

    gov_workflow.convert_steps(apps)

    assert _steps(workflow) == [
        ("Innspill fra partner", GovernanceStatus.FEEDBACK, False, [groups.PARTNERS]),
        ("Godkjenning i ledermøtet", GovernanceStatus.APPROVAL, True, [groups.LEADERS]),
    ]
    mandate = MandatePage.objects.get(pk=mandate.pk)
    assert current_task(mandate).pk == waiting
    assert isinstance(current_task(mandate), GovernanceApprovalTask)
