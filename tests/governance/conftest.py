"""Helpers of the governance tests: a mandate, an agreement and minutes in the RAG section."""

import datetime
import uuid

import pytest
from django.utils import timezone

from tests.factories import AgreementPageFactory, MandatePageFactory, MinutesPageFactory


def sections(*pairs):
    return [
        {"type": "section", "value": {"heading": heading, "body": f"<p>{body}</p>"}}
        for heading, body in pairs
    ]


@pytest.fixture
def mandate(tree):
    """A draft mandate, never published, with its first revision."""
    return MandatePageFactory(
        parent=tree.governance,
        title="Mandat for RAG",
        slug="mandat",
        live=False,
        summary="Mandat og rollebeskrivelse.",
        body=sections(
            ("Bakgrunn", "RAG er en nasjonal arbeidsgruppe. Gruppen møtes fire ganger i året."),
            ("Økonomi", "Hver KORUS dekker egne kostnader."),
        ),
        revision=True,
    )


@pytest.fixture
def agreement(tree):
    """A draft agreement, never published, with its first revision."""
    return AgreementPageFactory(
        parent=tree.governance,
        title="Avtale om webdrift",
        slug="webdrift",
        live=False,
        body=sections(("Drift", "Digital sør drifter nettsiden.")),
        effective_from=datetime.date(2026, 1, 1),
        revision=True,
    )


# The leaders' decision the tests record when a step asks for one.
DECISION = {
    "decision_body": "ledermøtet",
    "decision_date": datetime.date(2026, 2, 10),
    "decision_reference": "K7",
}


def approve(page, user, comment="", **decision):
    """Approve the step the page waits in; a step that asks for the decision gets `decision`
    (by default the leaders' meeting K7 of 10.02.2026)."""
    state = page.current_workflow_state
    task_state = state.current_task_state
    task = task_state.task.specific
    if getattr(task, "asks_for_decision", False):
        decision = {**DECISION, **decision}
    task.on_action(task_state, user, "approve", comment=comment, **decision)


def reject(page, user, comment=""):
    state = page.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)


def submit(page, user):
    page.refresh_from_db()
    page.get_latest_revision_as_object().save_revision(user=user)
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        return state.resume(user)  # «Send inn på nytt» after the leaders sent it back
    return page.get_workflow().start(page, user)


def run_approval(page, rag_user, partner, leader, comment="", **decision):
    """Submit and take the page through each remaining step, by the step's own reviewers: the
    partners give input, the leaders approve with the decision (`decision`, else DECISION)."""
    from kb.models.governance import current_task

    submit(page, rag_user)
    page.refresh_from_db()
    while (task := current_task(page)) is not None:
        if task.asks_for_decision:
            approve(page, leader, comment, **decision)
        else:
            approve(page, partner)
        page.refresh_from_db()
    return page


@pytest.fixture
def minutes(tree):
    today = timezone.localdate()
    items = [
        {
            "type": "item",
            "value": {
                "number": "3",
                "title": "Samarbeidsavtale",
                "decision": "",
                "actions": [
                    {"type": "item", "id": str(uuid.uuid4()), "value": {
                        "what": "Stavanger følger opp og oppdaterer RAG",
                        "responsible": "Silje (KORUS Stavanger)",
                        "due_date": (today - datetime.timedelta(days=2)).isoformat(),
                        "status": "open",
                    }},
                    {"type": "item", "id": str(uuid.uuid4()), "value": {
                        "what": "Sende avtalen til Akan",
                        "responsible": "Einar",
                        "due_date": (today + datetime.timedelta(days=3)).isoformat(),
                        "status": "in_progress",
                    }},
                    {"type": "item", "id": str(uuid.uuid4()), "value": {
                        "what": "Avklare domenet",
                        "responsible": "Einar",
                        "due_date": (today + datetime.timedelta(days=40)).isoformat(),
                        "status": "open",
                    }},
                    {"type": "item", "id": str(uuid.uuid4()), "value": {
                        "what": "Godkjenne referatet",
                        "responsible": "Silje (KORUS Stavanger)",
                        "due_date": None,
                        "status": "done",
                    }},
                ],
            },
        }
    ]  # fmt: skip
    return MinutesPageFactory(
        parent=tree.meetings,
        title="RAG-møte 15. desember 2025",
        slug="2025-12-15",
        meeting_date=datetime.date(2025, 12, 15),
        items=items,
        publish=True,
    )
