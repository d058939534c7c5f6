"""Agreements: signing and termination only from the states where they make sense."""

import datetime
import io
import itertools
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import Collection, PageLogEntry

from alor import formats
from kb.governance import agreements
from kb.governance import workflow as gov_workflow
from kb.governance.agreements import Action, State, send_renewal_reminders
from kb.models import AgreementPage, AlorDocument, GovernanceVersion

from .conftest import run_approval

pytestmark = pytest.mark.django_db

# What an agreement's owner expects, written apart from the table it checks:
# (state, action) → the state it leads to, or None where it must be refused.
EXPECTED = {
    (State.NEVER_APPROVED, Action.SIGN): None,
    (State.NEVER_APPROVED, Action.TERMINATE): None,
    (State.APPROVED, Action.SIGN): State.SIGNED,
    (State.APPROVED, Action.TERMINATE): State.TERMINATED,
    (State.SIGNED, Action.SIGN): None,
    (State.SIGNED, Action.TERMINATE): State.TERMINATED,
    (State.EXPIRED, Action.SIGN): None,
    (State.EXPIRED, Action.TERMINATE): None,
    (State.TERMINATED, Action.SIGN): None,
    (State.TERMINATED, Action.TERMINATE): None,
}
PAIRS = list(itertools.product(State, Action))


def test_the_table_says_what_is_expected():
    assert set(EXPECTED) == set(PAIRS)
    for (state, action), expected in EXPECTED.items():
        assert agreements.TRANSITIONS[state].get(action) == expected, (state, action)
        assert (action in agreements.allowed_actions(state)) == (expected is not None)


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_check_follows_the_table(state, action):
    target = agreements.TRANSITIONS[state].get(action)
    if target is None:
        with pytest.raises(agreements.RefusedTransition) as refused:
            agreements.check(state, action)
        assert str(refused.value.message)
    else:
        assert agreements.check(state, action) == target


def _signed_copy():
    document = AlorDocument(
        title="Signert avtale", collection=Collection.objects.get(name="RAG", depth=2)
    )
    document.file.save("signert.txt", ContentFile(uuid.uuid4().bytes), save=False)
    document.save()
    return document


def _agreement_in(state, agreement, rag_user, partner, leader):
    if state != State.NEVER_APPROVED:
        run_approval(agreement, rag_user, partner, leader)
    page = AgreementPage.objects.get(pk=agreement.pk)
    today = timezone.localdate()
    if state == State.SIGNED:
        gov_workflow.sign_version(page.current_version, _signed_copy(), today, rag_user)
    elif state == State.EXPIRED:
        AgreementPage.objects.filter(pk=page.pk).update(
            effective_to=today - datetime.timedelta(days=1)
        )
    elif state == State.TERMINATED:
        gov_workflow.terminate(page, today, rag_user)
    page = AgreementPage.objects.get(pk=agreement.pk)
    assert agreements.state_of(page) == state
    return page


def _recorded(page):
    page = AgreementPage.objects.get(pk=page.pk)
    versions = list(
        GovernanceVersion.objects.filter(page=page).values_list("signed_on", "signed_copy")
    )
    logs = PageLogEntry.objects.filter(page=page, action__startswith="kb.governance.").count()
    return (page.status, page.terminated_on, page.signed_copy_id, versions, logs)


def _post(client, page, action):
    if action == Action.SIGN:
        version = GovernanceVersion.objects.filter(page=page).order_by("-number").first()
        if version is None:  # a never approved agreement has no version to sign: not found
            return client.post("/admin/styring/versjon/999999/signer/", {})
        return client.post(
            f"/admin/styring/versjon/{version.pk}/signer/",
            {"document": _signed_copy().pk, "signed_on": timezone.localdate().isoformat()},
        )
    return client.post(
        f"/admin/styring/{page.pk}/si-opp/", {"terminated_on": timezone.localdate().isoformat()}
    )


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_each_transition_is_done_or_refused_as_the_table_says(
    client, agreement, rag_user, partner, leader, state, action
):
    page = _agreement_in(state, agreement, rag_user, partner, leader)
    client.force_login(rag_user)
    history = client.get(f"/admin/styring/{page.pk}/versjoner/").content.decode()
    offered = {
        Action.SIGN: "Registrer signert eksemplar" in history,
        Action.TERMINATE: "Si opp avtalen" in history,
    }
    expected = EXPECTED[(state, action)]
    assert offered[action] == (expected is not None)

    before = _recorded(page)
    response = _post(client, page, action)
    assert response.status_code in (302, 404)  # never a 500
    after = AgreementPage.objects.get(pk=page.pk)
    if expected is None:
        assert _recorded(page) == before
        if response.status_code == 302:
            errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
            assert errors, "a refusal says why"
    else:
        assert response.status_code == 302
        assert agreements.state_of(after) == expected


def test_a_never_approved_agreement_offers_neither_signing_nor_termination(
    client, agreement, rag_user
):
    client.force_login(rag_user)
    content = client.get(f"/admin/styring/{agreement.pk}/versjoner/").content.decode()
    assert "Si opp avtalen" not in content
    assert "Registrer oppsigelse" not in content
    response = client.post(
        f"/admin/styring/{agreement.pk}/si-opp/", {"terminated_on": "2026-03-01"}, follow=True
    )
    assert response.status_code == 200
    assert "Avtalen er ikke godkjent ennå" in response.content.decode()
    page = AgreementPage.objects.get(pk=agreement.pk)
    assert page.terminated_on is None
    assert page.status != "terminated"


def test_only_the_version_in_force_is_signed(client, agreement, rag_user, partner, leader):
    run_approval(agreement, rag_user, partner, leader)
    draft = AgreementPage.objects.get(pk=agreement.pk).get_latest_revision_as_object()
    draft.summary = "Ny versjon."
    draft.save_revision(user=rag_user)
    run_approval(agreement, rag_user, partner, leader)
    first, second = GovernanceVersion.objects.filter(page=agreement).order_by("number")
    client.force_login(rag_user)
    response = client.post(
        f"/admin/styring/versjon/{first.pk}/signer/",
        {"document": _signed_copy().pk, "signed_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Bare gjeldende versjon av avtalen kan signeres." in response.content.decode()
    first.refresh_from_db()
    assert first.signed_on is None


def test_the_governance_screens_name_the_document(client, agreement, rag_user, partner, leader):
    run_approval(agreement, rag_user, partner, leader)
    version = GovernanceVersion.objects.get(page=agreement)
    client.force_login(rag_user)
    for url in (
        f"/admin/styring/{agreement.pk}/versjoner/",
        f"/admin/styring/{agreement.pk}/sammenlign/?a={version.pk}&b={version.pk}",
    ):
        content = client.get(url).content.decode()
        heading = content[content.index('<h1 class="w-header__title"') :]
        heading = heading[: heading.index("</h1>")]
        assert "Avtale om webdrift" in heading, url


# -- renewal reminders ----------------------------------------------------------------------------


def _ending_in(agreement, days):
    AgreementPage.objects.filter(pk=agreement.pk).update(
        effective_to=timezone.localdate() + datetime.timedelta(days=days)
    )


def _renewal_mails():
    return [m for m in mail.outbox if m.subject.startswith("Avtalen «")]


@pytest.fixture
def approved_agreement(agreement, rag_user, partner, leader):
    run_approval(agreement, rag_user, partner, leader)
    return AgreementPage.objects.get(pk=agreement.pk)


def test_renewal_reminders_go_once_per_threshold(approved_agreement, rag_user, settings):
    settings.AGREEMENT_REMINDER_DAYS = [60, 14]
    today = timezone.localdate()
    _ending_in(approved_agreement, 100)
    mail.outbox.clear()
    assert send_renewal_reminders() == (0, 0)  # not yet

    _ending_in(approved_agreement, 45)
    assert send_renewal_reminders() == (1, 0)
    (message,) = _renewal_mails()
    assert message.subject == "Avtalen «Avtale om webdrift» utløper om 45 dager"
    assert message.to == [rag_user.email]
    end = today + datetime.timedelta(days=45)
    # An e-mail writes the day in full, as the pages do (alor.formats).
    with translation.override("nb"):
        assert f"gjelder til {formats.day(end)}" in message.body
    assert f"/admin/styring/{approved_agreement.pk}/versjoner/" in message.body
    assert send_renewal_reminders() == (0, 1)  # the same reminder never twice
    assert send_renewal_reminders(today + datetime.timedelta(days=10)) == (0, 1)

    # The 14 days' reminder, once.
    assert send_renewal_reminders(today + datetime.timedelta(days=35)) == (1, 0)
    assert _renewal_mails()[-1].subject == "Avtalen «Avtale om webdrift» utløper om 10 dager"
    assert send_renewal_reminders(today + datetime.timedelta(days=40)) == (0, 1)
    assert len(_renewal_mails()) == 2
    # Past the end date: nothing more.
    assert send_renewal_reminders(today + datetime.timedelta(days=46)) == (0, 0)


def test_a_missed_run_sends_only_the_nearest_reminder(approved_agreement, settings):
    settings.AGREEMENT_REMINDER_DAYS = [60, 14]
    _ending_in(approved_agreement, 1)
    mail.outbox.clear()
    assert send_renewal_reminders() == (1, 0)
    assert _renewal_mails()[0].subject == "Avtalen «Avtale om webdrift» utløper om 1 dag"
    assert send_renewal_reminders() == (0, 1)


def test_a_new_end_date_starts_the_reminders_over(approved_agreement, settings):
    settings.AGREEMENT_REMINDER_DAYS = [60, 14]
    _ending_in(approved_agreement, 50)
    mail.outbox.clear()
    send_renewal_reminders()
    _ending_in(approved_agreement, 55)  # renewed, a later end date
    assert send_renewal_reminders() == (1, 0)
    assert len(_renewal_mails()) == 2


@pytest.mark.parametrize("state", [State.NEVER_APPROVED, State.TERMINATED])
def test_agreements_not_in_force_are_not_reminded(
    agreement, rag_user, partner, leader, settings, state
):
    settings.AGREEMENT_REMINDER_DAYS = [60, 14]
    page = _agreement_in(state, agreement, rag_user, partner, leader)
    _ending_in(page, 10)
    AgreementPage.objects.filter(pk=page.pk).update(live=True)
    mail.outbox.clear()
    assert send_renewal_reminders() == (0, 0)
    assert _renewal_mails() == []


def test_the_command_sends_renewal_reminders(approved_agreement, settings):
    settings.AGREEMENT_REMINDER_DAYS = [60, 14]
    _ending_in(approved_agreement, 14)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert len(_renewal_mails()) == 1
    assert "sendt 1" in out.getvalue()
    call_command("send_reminders", stdout=io.StringIO())
    assert len(_renewal_mails()) == 1
