"""The approval workflow: who may act at each step, who may not publish, and the versions."""

import datetime

import pytest
from django.core import mail
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import ModelLogEntry, PageLogEntry

from kb import groups
from kb.governance import workflow as gov_workflow
from kb.models import GovernanceStatus, GovernanceVersion, MandatePage

from .conftest import approve, reject, run_approval, submit

pytestmark = pytest.mark.django_db


def _can_approve(page, user):
    task_state = page.current_workflow_state.current_task_state
    actions = task_state.task.specific.get_actions(page, user)
    return "approve" in [name for name, *_rest in actions]


def test_the_section_has_the_two_step_workflow(mandate):
    workflow = mandate.get_workflow()
    assert workflow.name == gov_workflow.WORKFLOW_NAME
    steps = [
        (task.name, [g.name for g in task.specific.groups.all()])
        for task in workflow.tasks.order_by("workflow_tasks__sort_order")
    ]
    assert steps == [
        ("Innspill fra partner", [groups.PARTNERS]),
        ("Godkjenning i ledermøtet", [groups.LEADERS]),
    ]


def test_only_partners_act_on_step_one_and_only_leaders_on_step_two(
    mandate, rag_user, partner, leader, editor
):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    assert mandate.effective_status == GovernanceStatus.FEEDBACK
    assert _can_approve(mandate, partner)
    assert not _can_approve(mandate, leader)
    assert not _can_approve(mandate, rag_user)
    assert not _can_approve(mandate, editor)

    approve(mandate, partner)
    mandate.refresh_from_db()
    assert mandate.effective_status == GovernanceStatus.APPROVAL
    # The stored status (lists, search facets, the API) follows the step too.
    assert mandate.status == GovernanceStatus.APPROVAL
    assert _can_approve(mandate, leader)
    assert not _can_approve(mandate, partner)
    assert not _can_approve(mandate, rag_user)


def test_editors_and_rag_cannot_publish_past_the_workflow(
    client, mandate, editor, rag_user, superuser
):
    revision = mandate.save_revision(user=editor)
    for user in (editor, rag_user):
        assert not mandate.permissions_for_user(user).can_publish()
        with pytest.raises(PublishPagePermissionError):
            revision.publish(user=user)
    mandate.refresh_from_db()
    assert not mandate.live

    client.force_login(editor)
    response = client.get(f"/admin/pages/{mandate.pk}/edit/")
    assert response.status_code == 200
    assert b'name="action-publish"' not in response.content
    assert b'name="action-submit"' in response.content
    # The superuser keeps the keys.
    assert mandate.permissions_for_user(superuser).can_publish()


def test_versions_are_numbered_only_on_approval(mandate, rag_user, partner, leader):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    mandate.refresh_from_db()
    reject(mandate, leader, "Mer om økonomien")
    mandate.refresh_from_db()
    assert not GovernanceVersion.objects.filter(page=mandate).exists()
    assert mandate.effective_status == GovernanceStatus.DRAFT
    assert not mandate.live

    run_approval(mandate, rag_user, partner, leader)
    mandate = MandatePage.objects.get(pk=mandate.pk)
    assert mandate.live
    assert mandate.version_number == 1
    assert mandate.effective_status == GovernanceStatus.APPROVED
    first = mandate.current_version
    assert (first.number, first.correction) == (1, 0)
    assert first.approved_by == leader
    # The version is approved on the meeting's date, by the body the leaders named.
    assert first.approved_on == datetime.date(2026, 2, 10)
    assert first.line == "Versjon 1 · godkjent 10.02.2026 i ledermøtet K7"

    # A minor correction goes through the same approval and keeps the number.
    draft = mandate.get_latest_revision_as_object()
    draft.minor_correction = True
    draft.summary = "Mandat og rollebeskrivelse for RAG."
    draft.save_revision(user=rag_user)
    run_approval(mandate, rag_user, partner, leader, decision_date=datetime.date(2026, 3, 1))
    labels = [(v.number, v.correction) for v in MandatePage.objects.get(pk=mandate.pk).versions()]
    assert labels == [(1, 0), (1, 1)]

    run_approval(mandate, rag_user, partner, leader, decision_date=datetime.date(2026, 6, 1))
    mandate = MandatePage.objects.get(pk=mandate.pk)
    assert [(v.number, v.correction) for v in mandate.versions()] == [(1, 0), (1, 1), (2, 0)]
    assert mandate.version_number == 2
    assert not mandate.get_latest_revision_as_object().minor_correction


def test_reviewers_are_emailed_once_when_a_version_enters_their_step(
    mandate, rag_user, partner, leader
):
    mail.outbox.clear()
    submit(mandate, rag_user)
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients.count(partner.email) == 1
    assert leader.email not in recipients
    assert rag_user.email not in recipients

    mail.outbox.clear()
    mandate.refresh_from_db()
    approve(mandate, partner)
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients.count(leader.email) == 1
    assert partner.email not in recipients


def test_every_transition_is_in_the_audit_log(
    mandate, agreement, rag_user, partner, leader, django_user_model
):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner, "Fint")
    mandate.refresh_from_db()
    reject(mandate, leader, "Ikke ennå")
    run_approval(mandate, rag_user, partner, leader)
    actions = list(
        PageLogEntry.objects.filter(page=mandate).values_list("action", "user__username")
    )
    for expected in [
        ("wagtail.workflow.start", "rag"),
        ("wagtail.workflow.approve", "akan"),
        ("wagtail.workflow.reject", "leder"),
        ("wagtail.workflow.approve", "leder"),
        ("wagtail.publish", "leder"),
        ("kb.governance.version", "leder"),
    ]:
        assert expected in actions

    run_approval(agreement, rag_user, partner, leader)
    version = agreement.current_version
    from kb.models import AlorDocument

    gov_workflow.sign_version(version, AlorDocument.objects.none().first(), version.approved_on,
                              rag_user)  # fmt: skip
    gov_workflow.terminate(agreement, version.approved_on, rag_user)
    agreement_actions = set(
        PageLogEntry.objects.filter(page=agreement).values_list("action", flat=True)
    )
    assert {"kb.governance.signed", "kb.governance.terminated"} <= agreement_actions
    assert not ModelLogEntry.objects.filter(action__startswith="kb.governance").exists()
