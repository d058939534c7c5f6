"""Wagtail's stock «Moderators approval» workflow is off the site: its one step belonged to a
group the roles replace, so nobody could approve what was sent to it."""

import datetime

from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from kb.governance.workflow import STOCK_WORKFLOW_NAME, WORKFLOW_NAME, retire_stock_workflow
from kb.models import ArticlePage


def _article(tree):
    article = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Om rus i arbeidslivet", slug="om-rus", date=datetime.date(2026, 1, 5)
        )
    )
    article.save_revision().publish()
    return article


def test_an_editor_is_not_offered_a_step_nobody_approves(tree, client, editor):
    article = _article(tree)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert STOCK_WORKFLOW_NAME not in html
    assert "Send inn til" not in html
    assert "Publiser" in html


def test_the_governance_workflow_stays(tree):
    assert not Workflow.objects.filter(name=STOCK_WORKFLOW_NAME).exists()
    assert Workflow.objects.get(name=WORKFLOW_NAME).active


def test_a_stock_workflow_with_submissions_is_switched_off_and_they_are_cancelled(tree, editor):
    article = _article(tree)
    task = GroupApprovalTask.objects.create(name=STOCK_WORKFLOW_NAME)
    task.groups.set([Group.objects.create(name="Moderators")])
    stock = Workflow.objects.create(name=STOCK_WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=stock, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=stock, page=Page.get_first_root_node())
    state = stock.start(article, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    retire_stock_workflow(apps)
    retire_stock_workflow(apps)  # safe to run again

    stock.refresh_from_db()
    state.refresh_from_db()
    assert not stock.active
    assert not stock.workflow_pages.exists()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert article.get_workflow() is None
