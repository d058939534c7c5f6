"""Feedback and decisions on the record: the reviewers' comments are kept with the version they
concern and read in Norwegian; the leaders' approval asks for the decision, and the version is
approved on the meeting's date."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kb.models import MandatePage, StepDecision
from kb.models.governance import current_task
from tests.admin_forms import edit_form_data

from .conftest import approve, reject, run_approval, submit

pytestmark = pytest.mark.django_db


def _at_leaders(mandate, rag_user, partner):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    mandate.refresh_from_db()
    assert current_task(mandate).asks_for_decision
    return mandate


def _action_url(mandate, action):
    task_state = mandate.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[mandate.pk, action, task_state.pk])


def _today():
    return date_format(timezone.localdate(), "SHORT_DATE_FORMAT")


def test_the_leaders_are_offered_approval_only_with_the_decision(
    mandate, rag_user, partner, leader
):
    mandate = _at_leaders(mandate, rag_user, partner)
    with translation.override("nb"):
        actions = current_task(mandate).get_actions(mandate, leader)
        labels = [(name, str(label), modal) for name, label, modal in actions]
    assert labels == [
        ("reject", "Be om endringer", True),
        ("approve", "Godkjenn med vedtak", True),
    ]


def test_the_decision_form_asks_for_body_meeting_date_and_reference(
    client, mandate, rag_user, partner, leader
):
    mandate = _at_leaders(mandate, rag_user, partner)
    client.force_login(leader)
    response = client.get(_action_url(mandate, "approve"))
    assert response.status_code == 200
    html = response.json()["html"]
    for label in ("Vedtatt av", "Møtedato", "Referanse", "Kommentar"):
        assert label in html


def test_approved_on_the_dashboard_the_version_takes_the_meetings_date(
    client, mandate, rag_user, partner, leader
):
    mandate = _at_leaders(mandate, rag_user, partner)
    client.force_login(leader)
    response = client.post(
        _action_url(mandate, "approve"),
        {
            "decision_body": "ledermøtet",
            "decision_date": "10.02.2026",
            "decision_reference": "K7",
            "comment": "Enstemmig.",
        },
    )
    assert response.status_code == 302
    mandate = MandatePage.objects.get(pk=mandate.pk)
    version = mandate.current_version
    assert version.approved_on == datetime.date(2026, 2, 10) != timezone.localdate()
    assert version.line == "Versjon 1 · godkjent 10.02.2026 i ledermøtet K7"
    assert mandate.approved_on == datetime.date(2026, 2, 10)
    assert StepDecision.objects.get().reference == "K7"


@pytest.mark.parametrize(
    "data",
    [
        {"comment": "Godkjent"},
        {"decision_body": "ledermøtet", "decision_date": "31.02.2026"},
        {"decision_body": "", "decision_date": "10.02.2026"},
    ],
)
def test_without_a_valid_decision_nothing_is_approved_on_the_dashboard(
    client, mandate, rag_user, partner, leader, data
):
    mandate = _at_leaders(mandate, rag_user, partner)
    client.force_login(leader)
    response = client.post(_action_url(mandate, "approve"), data)
    assert response.status_code in (200, 302)
    mandate = MandatePage.objects.get(pk=mandate.pk)
    assert not mandate.live and mandate.current_version is None
    assert current_task(mandate).asks_for_decision


@pytest.mark.parametrize(
    "extra", ['{"comment": "Godkjent"}', "ikke json", '["liste"]', '{"decision_date": "i går"}']
)
def test_without_a_valid_decision_nothing_is_approved_from_the_editor(
    client, mandate, rag_user, partner, leader, extra
):
    mandate = _at_leaders(mandate, rag_user, partner)
    data = edit_form_data(mandate, client, leader)
    data.pop("action-publish", None)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = extra
    client.force_login(leader)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[mandate.pk]), data)
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("møtedatoen" in m for m in messages)
    mandate = MandatePage.objects.get(pk=mandate.pk)
    assert not mandate.live and mandate.current_version is None


def test_sent_back_the_feedback_is_on_the_record_in_norwegian(
    client, mandate, rag_user, partner, leader
):
    partner.first_name = "Akan"
    partner.save()
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    reject(mandate, partner, "Si mer om hvordan Akan deltar.")
    expected = f"Sendt tilbake av Akan {_today()}: Si mer om hvordan Akan deltar."

    client.force_login(rag_user)
    history = client.get(reverse("kb_governance_history", args=[mandate.pk])).content.decode()
    assert expected in history
    assert "Teksten som er under arbeid" in history
    assert "Request changes" not in history and "Rejected" not in history

    # On the page, for RAG (here its preview: the mandate has never been published).
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[mandate.pk]))
    assert expected in preview.content.decode()


def test_feedback_stays_with_the_version_it_concerns(client, mandate, rag_user, partner, leader):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner, "Fint, men sjekk økonomien.")
    mandate.refresh_from_db()
    reject(mandate, leader, "Mer om økonomien.")
    run_approval(mandate, rag_user, partner, leader)
    mandate = MandatePage.objects.get(pk=mandate.pk)

    feedback = mandate.feedback()
    assert [entry.line for entry in feedback] == [
        f"Godkjent av akan {_today()}: Fint, men sjekk økonomien.",
        f"Sendt tilbake av leder {_today()}: Mer om økonomien.",
    ]
    assert all(entry.concerns == mandate.current_version for entry in feedback)
    # On the page: only what concerns the text in work, none now that it is approved.
    assert mandate.feedback_in_work() == []
    client.force_login(rag_user)
    history = client.get(reverse("kb_governance_history", args=[mandate.pk])).content.decode()
    assert "Mer om økonomien." in history
