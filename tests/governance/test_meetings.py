"""The meetings page and the iCalendar feed of meeting dates."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from kb.governance.ics import feed_token
from tests.factories import MinutesPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(tree):
    return MinutesPageFactory(
        parent=tree.meetings,
        title="RAG-møte i mars",
        slug="mars",
        meeting_date=timezone.localdate() + datetime.timedelta(days=20),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
        place="Oslo, Akan",
        is_online=True,
        publish=True,
    )


def test_the_feed_validates_and_lists_the_meetings(client, minutes, upcoming, rag_user):
    client.force_login(rag_user)
    response = client.get("/rag/moter.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {minutes.title, upcoming.title}
    event = events[upcoming.title]
    assert event["UID"] and event["DTSTAMP"]
    start = event.decoded("DTSTART")
    assert start.astimezone(datetime.UTC).hour in (7, 8)  # 09:00 in Oslo
    assert "Teams" in str(event["LOCATION"])


def test_the_feed_is_visible_only_to_rag(client, upcoming, rag_user, member, editor):
    assert client.get("/rag/moter.ics").status_code == 404
    for user in (member, editor):
        client.force_login(user)
        assert client.get("/rag/moter.ics").status_code == 404
    client.logout()
    assert client.get("/rag/moter.ics", {"token": feed_token(member)}).status_code == 404
    assert client.get("/rag/moter.ics", {"token": "forged"}).status_code == 404
    response = client.get("/rag/moter.ics", {"token": feed_token(rag_user)})
    assert response.status_code == 200
    assert b"RAG-m" in response.content


def test_the_meetings_page_shows_upcoming_meetings_and_past_minutes(
    client, tree, minutes, upcoming, rag_user
):
    client.force_login(rag_user)
    response = client.get(tree.meetings.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert upcoming.title in content and minutes.title in content
    assert "09:00" in content and "Teams og Oslo, Akan" in content
    assert "moter.ics?token=" in content
