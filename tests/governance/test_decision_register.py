"""The decision register: every decision of every minutes item, for RAG only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import MinutesPage
from tests.factories import MinutesPageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/vedtak/"


def _item(number, title, decision):
    return {
        "type": "item",
        "value": {"number": number, "title": title, "decision": decision, "actions": []},
    }


@pytest.fixture
def meetings(tree):
    december = MinutesPageFactory(
        parent=tree.meetings,
        title="Referat fra møte i RAG 15. desember 2025",
        meeting_date=datetime.date(2025, 12, 15),
        items=[
            _item("1", "Tema for møtet", "Godkjent."),
            _item("2", "Mandat RAG", ""),  # no decision: not in the register
            _item("4", "Domene alor.no", "Einar følger opp og kontakter Helse Øst IKT."),
        ],
        publish=True,
    )
    march = MinutesPageFactory(
        parent=tree.meetings,
        title="Referat fra møte i RAG 9. mars 2026",
        meeting_date=datetime.date(2026, 3, 9),
        items=[_item("3", "Alor Norge 2026", "Programmet sendes ut primo mars.")],
        publish=True,
    )
    draft = MinutesPageFactory(
        parent=tree.meetings,
        title="Referat fra møte i RAG 20. mai 2026",
        meeting_date=datetime.date(2026, 5, 20),
        items=[_item("1", "Hemmelig sak", "Et utkast ingen utenfor skal se.")],
        live=False,
    )
    return december, march, draft


def _listed(response):
    return [(d.minutes.meeting_date.year, d.number, d.text) for d in response.context["decisions"]]


def test_the_register_lists_every_decision_newest_meeting_first(client, rag_user, meetings):
    december, march, _draft = meetings
    client.force_login(rag_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert _listed(response) == [
        (2026, "3", "Programmet sendes ut primo mars."),
        (2025, "1", "Godkjent."),
        (2025, "4", "Einar følger opp og kontakter Helse Øst IKT."),
    ]
    content = response.content.decode()
    assert f'href="{december.url}#sak-4"' in content
    assert "Et utkast ingen utenfor skal se" not in content  # the draft minutes


def test_the_register_is_searchable_and_filtered_by_meeting_and_year(client, rag_user, meetings):
    december, march, _draft = meetings
    client.force_login(rag_user)
    assert [n for _y, n, _t in _listed(client.get(URL, {"q": "helse øst"}))] == ["4"]
    assert [n for _y, n, _t in _listed(client.get(URL, {"q": "alor norge"}))] == ["3"]
    assert len(_listed(client.get(URL, {"meeting": december.pk}))) == 2
    assert _listed(client.get(URL, {"year": "2026"})) == [
        (2026, "3", "Programmet sendes ut primo mars.")
    ]
    assert _listed(client.get(URL, {"year": "2026", "meeting": december.pk})) == []
    assert _listed(client.get(URL, {"q": "finnes ikke"})) == []


def test_bad_filters_are_ignored_with_a_message(client, rag_user, meetings):
    _december, _march, draft = meetings
    client.force_login(rag_user)
    for params in (
        {"meeting": "x'; drop"},
        {"meeting": str(draft.pk)},  # the draft's meeting is no choice
        {"year": "tjue"},
        {"year": "99999999999999999999"},
        {"p": "999"},
        {"p": "-1"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 200, params
        assert len(_listed(response)) == 3, params
    response = client.get(URL, {"year": "tjue"})
    assert "Ugyldig år" in response.content.decode()


def test_the_register_is_for_rag_only(client, meetings, editor, partner, leader, member):
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for user in (editor, partner, leader, member):
        client.force_login(user)
        response = client.get(URL, follow=True)
        content = response.content.decode()
        assert "Einar følger opp" not in content, user
        assert "Programmet sendes ut" not in content, user
        assert "decisions" not in (response.context or {}), user


def test_the_menu_offers_the_register_and_my_actions_to_rag_only(client, rag_user, editor):
    client.force_login(rag_user)
    # The sidebar's menu is JSON: its items are found by their addresses.
    content = client.get("/admin/").content.decode()
    assert '"url": "/admin/vedtak/"' in content
    assert '"url": "/admin/mine-oppfolgingspunkter/"' in content
    client.force_login(editor)
    content = client.get("/admin/").content.decode()
    assert "/admin/vedtak/" not in content and "/admin/mine-oppfolgingspunkter/" not in content


def test_the_register_runs_the_same_queries_for_5_and_50_meetings(client, tree, rag_user):
    def add(count):
        for _ in range(count):
            MinutesPageFactory(
                parent=tree.meetings,
                items=[_item("1", "Sak", "Godkjent."), _item("2", "Sak", "Utsatt.")],
                publish=True,
            )

    def queries():
        client.get(URL)  # warm up the admin's menus
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        return response.context["count"], len(captured)

    client.force_login(rag_user)
    add(5)
    count, five = queries()
    assert count == 10
    add(45)
    count, fifty = queries()
    assert count == 100
    assert fifty == five
    assert MinutesPage.objects.count() == 50
