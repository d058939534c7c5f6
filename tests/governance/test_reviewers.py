"""The reviewers of a workflow step (Partnere, Ledergruppen) read what they review — the page,
its versions, the comparison, the PDFs — while it waits in their step, and nothing else of
RAG's section; approving sends them somewhere they may be, without an access error."""

import datetime

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from kb.governance.permissions import reviews
from kb.governance.workflow import LEADER_STEP, PARTNER_STEP
from kb.models.governance import current_step
from tests.admin_forms import edit_form_data

from .conftest import approve, reject, run_approval, sections, submit

pytestmark = pytest.mark.django_db

REFUSED = "ikke tilgang"


def _history(page):
    return reverse("kb_governance_history", args=[page.pk])


def _diff(page, old, new):
    return reverse("kb_governance_diff", args=[page.pk]) + f"?a={old.pk}&b={new.pk}"


def _pdf(version):
    return reverse("kb_governance_pdf", args=[version.pk])


def _third_draft_waiting(page, rag_user, partner, leader, step):
    """Two approved versions, and a third draft waiting in `step`."""
    run_approval(page, rag_user, partner, leader)
    for text in ("seks", "åtte"):
        draft = page.get_latest_revision_as_object()
        draft.body = sections(("Bakgrunn", f"Gruppen møtes {text} ganger i året."))
        draft.save_revision(user=rag_user)
        if text == "seks":
            run_approval(page, rag_user, partner, leader, decision_date=datetime.date(2026, 6, 1))
    submit(page, rag_user)
    page.refresh_from_db()
    if step == LEADER_STEP:
        approve(page, partner)
        page.refresh_from_db()
    assert current_step(page) == step
    return list(page.versions())


def _reads(client, page, versions):
    """The page's history, the comparison of its two versions and a PDF, all answered."""
    first, second = versions
    history = client.get(_history(page))
    diff = client.get(_diff(page, first, second))
    pdf = client.get(_pdf(second))
    return (
        history.status_code == 200
        and page.title in history.content.decode()
        and diff.status_code == 200
        and pdf.status_code == 200
        and pdf.content.startswith(b"%PDF")
    )


def _refused(client, page, versions):
    first, second = versions
    responses = [
        client.get(_history(page)),
        client.get(_diff(page, first, second)),
        client.get(_pdf(first)),
    ]
    return all(
        r.status_code in (302, 403, 404)
        and not r.content.startswith(b"%PDF")
        and page.title not in r.content.decode()
        for r in responses
    )


@pytest.mark.parametrize("step", [PARTNER_STEP, LEADER_STEP])
def test_the_steps_reviewers_read_versions_diff_and_pdf_while_it_waits_in_their_step(
    client, mandate, rag_user, partner, leader, step
):
    versions = _third_draft_waiting(mandate, rag_user, partner, leader, step)
    reviewer, other = (partner, leader) if step == PARTNER_STEP else (leader, partner)
    assert reviews(reviewer, mandate) and not reviews(other, mandate)

    client.force_login(reviewer)
    assert _reads(client, mandate, versions)
    # The proposal itself, as Wagtail previews it for the step.
    task = mandate.current_workflow_state.current_task_state.task
    preview = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[mandate.pk, task.pk]))
    assert preview.status_code == 200
    assert "åtte ganger" in preview.content.decode()

    # The proposal against the version in force, from the history's link.
    history = client.get(_history(mandate)).content.decode()
    link = reverse("kb_governance_diff", args=[mandate.pk]) + f"?a={versions[-1].pk}&amp;b=forslag"
    assert link in history
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fra versjon 2 til forslaget som venter på godkjenning" in content
    assert "<del>seks</del>" in content and "<ins>åtte</ins>" in content

    client.force_login(other)
    assert _refused(client, mandate, versions)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code in (302, 403) and "åtte" not in response.content.decode()


def test_a_reviewer_loses_access_when_the_page_leaves_their_step(
    client, mandate, rag_user, partner, leader
):
    versions = _third_draft_waiting(mandate, rag_user, partner, leader, PARTNER_STEP)
    approve(mandate, partner)
    mandate.refresh_from_db()
    client.force_login(partner)
    assert _refused(client, mandate, versions)

    client.force_login(leader)
    assert _reads(client, mandate, versions)
    reject(mandate, leader, "Mer om økonomien")  # sent back: no longer waits in any step
    mandate.refresh_from_db()
    assert _refused(client, mandate, versions)

    submit(mandate, rag_user)  # sent in again: back in the step that sent it back
    mandate.refresh_from_db()
    assert current_step(mandate) == LEADER_STEP
    assert _reads(client, mandate, versions)
    client.force_login(partner)
    assert _refused(client, mandate, versions)
    client.force_login(leader)
    approve(mandate, leader, "Vedtatt i ledermøtet K7 01.09.2026")  # in force: no step
    mandate.refresh_from_db()
    assert current_step(mandate) is None
    assert _refused(client, mandate, list(mandate.versions())[-2:])
    # RAG: with no text waiting, there is no proposal to compare (back to the history).
    client.force_login(rag_user)
    response = client.get(
        reverse("kb_governance_diff", args=[mandate.pk]) + f"?a={versions[0].pk}&b=forslag"
    )
    assert response.status_code == 302
    assert response["Location"] == _history(mandate)


def test_a_reviewer_sees_nothing_else_of_the_section(
    client, mandate, agreement, minutes, rag_user, partner, leader
):
    versions = _third_draft_waiting(mandate, rag_user, partner, leader, LEADER_STEP)
    run_approval(agreement, rag_user, partner, leader)
    agreement_version = agreement.current_version
    client.force_login(leader)
    assert _reads(client, mandate, versions)

    # Another text of the section, not waiting in their step.
    for url in (_history(agreement), _pdf(agreement_version)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert agreement.title not in response.content.decode()
    # The minutes, on the site and in the admin.
    assert client.get(minutes.url).status_code != 200
    for name in ("wagtailadmin_pages:edit", "wagtailadmin_pages:history"):
        response = client.get(reverse(name, args=[minutes.pk]))
        assert response.status_code in (302, 403)
        assert minutes.title not in response.content.decode()
    # An id that is no text of the section answers as a refused one: it names nothing.
    assert client.get(reverse("kb_governance_history", args=[minutes.pk])).status_code in (
        302,
        403,
    )


def _errors(response):
    return [m for m in get_messages(response.wsgi_request) if m.level >= constants.ERROR]


def _assert_no_false_error(response):
    assert response.status_code == 200
    assert not _errors(response)
    assert REFUSED not in response.content.decode()


@pytest.mark.parametrize("step", [PARTNER_STEP, LEADER_STEP])
def test_approving_from_the_dashboard_ends_without_an_access_error(
    client, mandate, rag_user, partner, leader, step
):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    if step == LEADER_STEP:
        approve(mandate, partner)
        mandate.refresh_from_db()
    reviewer = partner if step == PARTNER_STEP else leader
    client.force_login(reviewer)
    task_state = mandate.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[mandate.pk, "approve", task_state.pk])

    decision = {"decision_body": "ledermøtet", "decision_date": "2026-02-10"}
    response = client.post(url, {"comment": "Fint", **decision}, follow=True)

    _assert_no_false_error(response)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    mandate.refresh_from_db()
    assert current_step(mandate) == (LEADER_STEP if step == PARTNER_STEP else None)


def test_approving_from_the_editor_ends_without_an_access_error(
    client, mandate, rag_user, partner, leader
):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    mandate.refresh_from_db()
    data = edit_form_data(mandate, client, leader)
    del data["action-publish"]
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = (
        '{"comment": "", "decision_body": "ledermøtet", "decision_date": "2026-02-10", '
        '"decision_reference": "K7"}'
    )
    client.force_login(leader)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[mandate.pk]), data, follow=True)

    _assert_no_false_error(response)
    mandate.refresh_from_db()
    assert mandate.live and current_step(mandate) is None
