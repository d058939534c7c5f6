"""Minutes' follow-up actions: the «Oppfølging» view, exports, marking done, reminders."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kb.models import Action

pytestmark = pytest.mark.django_db

URL = "/admin/oppfolging/"


def _listed(response):
    return [a.what for a in response.context["actions"]]


def _body(response) -> bytes:
    """The file of an export (Wagtail streams it)."""
    return b"".join(response.streaming_content)


def test_published_minutes_give_tracked_actions(minutes):
    assert Action.objects.filter(minutes=minutes).count() == 4
    assert Action.objects.get(what="Sende avtalen til Akan").status == "in_progress"


def test_the_view_lists_open_actions_by_default_and_filters(
    client, minutes, rag_user, django_assert_max_num_queries
):
    client.force_login(rag_user)
    client.get(URL)  # warm up admin menus and permissions
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert response.status_code == 200
    assert sorted(_listed(response)) == [
        "Avklare domenet",
        "Sende avtalen til Akan",
        "Stavanger følger opp og oppdaterer RAG",
    ]
    content = response.content.decode()
    assert content.count('class="overdue"') == 1
    assert "Forfalt" in content

    assert _listed(client.get(URL, {"status": "done"})) == ["Godkjenne referatet"]
    assert len(_listed(client.get(URL, {"status": "all"}))) == 4
    assert sorted(_listed(client.get(URL, {"person": "Einar"}))) == [
        "Avklare domenet",
        "Sende avtalen til Akan",
    ]
    assert len(_listed(client.get(URL, {"meeting": minutes.pk, "status": "all"}))) == 4
    assert _listed(client.get(URL, {"meeting": "999999"})) == []
    assert client.get(URL, {"meeting": "x'; drop", "status": "??"}).status_code == 200


def test_the_view_is_for_rag_only(client, minutes, editor, partner):
    for user in (editor, partner):
        client.force_login(user)
        # The admin answers a permission error with a redirect to its dashboard.
        assert client.get(URL).status_code in (302, 403)
        response = client.get(URL, {"export": "xlsx"})
        assert response.status_code in (302, 403)
        assert "spreadsheetml" not in response.get("Content-Type", "")


def test_export_xlsx_and_csv(client, minutes, rag_user):
    client.force_login(rag_user)
    response = client.get(URL, {"export": "xlsx", "person": "Einar"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Møte", "Møtedato", "Sak", "Hva", "Ansvarlig")
    assert sorted(row[3] for row in rows[1:]) == ["Avklare domenet", "Sende avtalen til Akan"]

    response = client.get(URL, {"export": "csv"})
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 4  # header and the three open actions
    assert any(row[7] == "ja" for row in rows[1:])


def test_marking_done_records_who_and_when(client, minutes, rag_user):
    action = Action.objects.get(what="Avklare domenet")
    client.force_login(rag_user)
    response = client.post(f"{URL}{action.pk}/status/", {"status": "done", "query": "status=all"})
    assert response.status_code == 302
    assert response["Location"].endswith("?status=all")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_by == rag_user
    assert (timezone.now() - action.done_at).total_seconds() < 60
    assert ModelLogEntry.objects.filter(action="kb.action.done", user=rag_user).count() == 1
    assert "Avklare domenet" not in _listed(client.get(URL))

    client.post(f"{URL}{action.pk}/status/", {"status": "bogus"})
    action.refresh_from_db()
    assert action.status == "done"

    # Republishing the minutes keeps the status, since the minutes did not change it.
    minutes.save_revision().publish()
    action.refresh_from_db()
    assert action.status == "done"


def test_reminders_go_to_the_right_people_once(minutes, rag_user, django_user_model):
    """To the responsible person's user, else to the minute-taker's, never to all of RAG
    (more cases: test_action_owners.py)."""
    from kb.models import MinutesPage
    from tests.factories import PersonFactory

    einar = django_user_model.objects.create_user(
        "einar", email="einar@example.org", first_name="Einar", password="x"
    )
    PersonFactory(name="Einar", user=einar)
    nina = django_user_model.objects.create_user("nina", email="nina@example.org", password="x")
    page = MinutesPage.objects.get(pk=minutes.pk)
    page.minute_taker = "Nina Ste"
    page.minute_taker_person = PersonFactory(name="Nina Ste", user=nina)
    page.save_revision().publish()
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    sent = {message.subject: message.to for message in mail.outbox}
    # Due in three days (Einar) and overdue (Silje, no user: the minute-taker); not in 40 days.
    assert len(mail.outbox) == 2
    assert sent["Frist nærmer seg: Sende avtalen til Akan"] == ["einar@example.org"]
    overdue = sent["Forfalt oppfølging: Stavanger følger opp og oppdaterer RAG"]
    assert overdue == ["nina@example.org"]

    call_command("send_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_reminders_read_the_sent_ones_and_the_members_once(minutes, rag_user):
    """A run where everything is reminded already costs the same queries, whatever the
    number of due actions: no look-up per action."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kb.governance.actions import due_actions, send_action_reminders
    from kb.models import Action

    def queries_of_a_repeated_run():
        send_action_reminders()
        with CaptureQueriesContext(connection) as queries:
            sent, skipped = send_action_reminders()
        assert sent == 0 and skipped == due_actions().count()
        return len(queries)

    before = queries_of_a_repeated_run()
    later = Action.objects.filter(minutes=minutes).exclude(pk__in=due_actions().values("pk"))
    assert later.exists()
    later.update(due_date=timezone.localdate() + datetime.timedelta(days=1))
    assert queries_of_a_repeated_run() == before
