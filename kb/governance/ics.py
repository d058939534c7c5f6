"""The iCalendar feed of RAG's meetings (RFC 5545, written with the icalendar library)."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kb.models import CalendarFeedKey

SALT = "kb.governance.ics"


def _digest(user, secret: str) -> str:
    # The password hash is part of it: a new password ends every address made before.
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{secret}", algorithm="sha256").hexdigest()


def feed_token(user) -> str:
    """The token that lets the user's calendar fetch the feed without a session.

    It holds no data to trust, only the user's id and a digest of their feed secret and
    password hash; it ends when either changes (`new_feed_key`, a password change, leaving RAG).
    """
    key, _created = CalendarFeedKey.objects.get_or_create(
        user=user, defaults={"secret": secrets.token_urlsafe(32)}
    )
    return f"{user.pk}-{_digest(user, key.secret)}"


def new_feed_key(user) -> None:
    """Replace the user's feed secret: every address given out before stops working."""
    CalendarFeedKey.objects.update_or_create(
        user=user, defaults={"secret": secrets.token_urlsafe(32), "created": timezone.now()}
    )


def forget_feed_keys(user_ids) -> None:
    """Members who leave RAG lose their feed addresses for good (a new one is made if needed)."""
    CalendarFeedKey.objects.filter(user_id__in=list(user_ids)).delete()


def user_for_token(token: str):
    user_id, _sep, digest = (token or "").partition("-")
    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 18 or not digest:
        return None
    key = (
        CalendarFeedKey.objects.select_related("user")
        .filter(user_id=int(user_id), user__is_active=True)
        .first()
    )
    if key is None or not constant_time_compare(digest, _digest(key.user, key.secret)):
        return None
    return key.user


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
