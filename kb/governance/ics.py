"""The iCalendar feed of RAG's meetings (RFC 5545, written with the icalendar library)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

SALT = "kb.governance.ics"


def feed_token(user) -> str:
    """A token that lets the user's calendar fetch the feed without a session."""
    return signing.dumps({"u": user.pk}, salt=SALT, compress=True)


def user_for_token(token: str):
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


def meetings_calendar(meetings, url_for) -> bytes:
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//alor kunnskapsbase//RAG//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("RAG – møter"))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"rag-meeting-{meeting.pk}@alor")
        event.add("dtstamp", stamp)
        event.add("summary", meeting.title)
        if meeting.start_time:
            start = datetime.datetime.combine(meeting.meeting_date, meeting.start_time, tz)
            end_time = meeting.end_time or (start + datetime.timedelta(hours=1)).time()
            end = datetime.datetime.combine(meeting.meeting_date, end_time, tz)
            event.add("dtstart", start.astimezone(datetime.UTC))
            event.add("dtend", end.astimezone(datetime.UTC))
        else:
            event.add("dtstart", meeting.meeting_date)
            event.add("dtend", meeting.meeting_date + datetime.timedelta(days=1))
        if meeting.place_label:
            event.add("location", str(meeting.place_label))
        url = url_for(meeting)
        if url:
            event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()
