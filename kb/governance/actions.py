"""Follow-up actions of the minutes: kept in step with the published minutes, and reminded."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from alor import formats
from kb.enums import ActionStatus
from kb.governance.permissions import VIEW_ACTIONS
from kb.models import Action, MinutesPage, Person, SentReminder


def _normalised(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def people_by_name(people=None) -> dict[str, int | None]:
    """{normalised name: the person's id}, or None for a name more than one person has
    (translations of one person count once). `people`: a queryset of Person, the migration's
    or ours."""
    people = Person.objects.all() if people is None else people
    found: dict[str, dict] = {}
    for pk, name, key in people.order_by("pk").values_list("pk", "name", "translation_key"):
        found.setdefault(_normalised(name), {}).setdefault(key, pk)
    return {
        name: next(iter(keys.values())) if len(keys) == 1 else None for name, keys in found.items()
    }


def person_named(text: str, names: dict[str, int | None]) -> int | None:
    """The id of the one person whose name the text is («Einar», « einar »), else None.

    Only a whole, unambiguous name links: «RAG», «KORUS Stavanger (vertskap)», «Einar og
    Silje» or «Nina» (two people are called Nina) stay free text, and no person is made up.
    """
    return names.get(_normalised(text))


@transaction.atomic
def sync_actions(minutes: MinutesPage) -> int:
    """Mirror the actions of the minutes' published items; returns how many there are.

    What, who and when come from the minutes. The status is ours once tracked, unless the
    minutes themselves change it.
    """
    existing = {a.block_id: a for a in Action.objects.filter(minutes=minutes)}
    names = people_by_name()
    seen = set()
    position = 0
    for item in minutes.items:
        if item.block_type != "item":
            continue
        actions = item.value.get("actions") or []
        children = getattr(actions, "bound_blocks", None)
        if children is None:  # a plain list (no ids): key the actions by their place
            children = [(None, value) for value in actions]
        else:
            children = [(child.id, child.value) for child in children]
        for index, (child_id, value) in enumerate(children):
            block_id = child_id or f"{item.id}:{index}"
            position += 1
            seen.add(block_id)
            source_status = value.get("status") or ActionStatus.OPEN
            fields = {
                "position": position,
                "item_number": str(item.value.get("number") or "")[:20],
                "item_title": str(item.value.get("title") or "")[:255],
                "what": value.get("what") or "",
                "responsible": (value.get("responsible") or "")[:255],
                "person_id": _chosen_person_id(value.get("person"))
                or person_named(value.get("responsible") or "", names),
                "due_date": value.get("due_date"),
            }
            action = existing.get(block_id)
            if action is None:
                action = Action(minutes=minutes, block_id=block_id, status=source_status)
                if source_status == ActionStatus.DONE:
                    action.done_at = minutes.last_published_at or timezone.now()
            elif action.source_status != source_status:
                action.status = source_status
            action.source_status = source_status
            for name, field_value in fields.items():
                setattr(action, name, field_value)
            action.save()
    Action.objects.filter(minutes=minutes).exclude(block_id__in=seen).delete()
    return len(seen)


def _chosen_person_id(value) -> int | None:
    """The person chosen in the action's block: a Person, or its id in raw data."""
    if isinstance(value, Person):
        return value.pk
    try:
        pk = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    # Raw data only (a StreamField gives a Person or None): a person since deleted is no one.
    return pk if pk is not None and Person.objects.filter(pk=pk).exists() else None


def set_status(action: Action, status: str, user) -> None:
    """Change an action's status; marking it done records who and when (and the audit log)."""
    action.status = status
    if status == ActionStatus.DONE:
        action.done_at = timezone.now()
        action.done_by = user
    else:
        action.done_at = None
        action.done_by = None
    action.save(update_fields=["status", "done_at", "done_by", "updated_at"])
    log(
        instance=action,
        action="kb.action.done" if status == ActionStatus.DONE else "kb.action.status",
        user=user,
        data={"status": status},
    )


def rag_members():
    """Who RAG's own reminders (an agreement's renewal) go to: the active users with an
    e-mail address who follow up actions (hold the permission through a group, RAG's, or of
    their own). An action's reminder never goes to all of them: see reminder_recipient."""
    User = get_user_model()
    app_label, codename = VIEW_ACTIONS.split(".")
    holds = Q(permissions__content_type__app_label=app_label, permissions__codename=codename)
    groups = Group.objects.filter(holds)
    direct = Q(
        user_permissions__content_type__app_label=app_label, user_permissions__codename=codename
    )
    return list(
        User.objects.filter(Q(groups__in=groups) | direct, is_active=True)
        .exclude(email="")
        .distinct()
    )


@dataclass
class Recipient:
    """Whom an action's reminder goes to, and whether as the minute-taker standing in."""

    emails: list[str]
    as_minute_taker: bool = False
    minute_taker: str = ""


def _email_of(user) -> str:
    if user is None or not user.is_active or not user.email:
        return ""
    return user.email


class People:
    """The people reminders look up, read once for a run: by name, and by id with their user."""

    def __init__(self):
        self.names = people_by_name()
        self._by_pk: dict[int, Person] = {}

    def load(self, pks) -> None:
        missing = {pk for pk in pks if pk and pk not in self._by_pk}
        if missing:
            self._by_pk.update(Person.objects.select_related("user").in_bulk(missing))

    def named(self, text: str) -> Person | None:
        pk = person_named(text, self.names)
        if pk is None:
            return None
        self.load([pk])
        return self._by_pk.get(pk)


def minute_taker_of(minutes: MinutesPage, people: People | None = None) -> Person | None:
    """The meeting's minute-taker as a person: the one chosen, else the one `minute_taker`
    names."""
    if minutes.minute_taker_person_id:
        return minutes.minute_taker_person
    return (people or People()).named(minutes.minute_taker)


def reminder_recipient(action: Action, people: People | None = None) -> Recipient:
    """The user of the action's responsible person; when there is none, the meeting's
    minute-taker (the mail says so); when neither has a user with an e-mail address, nobody.
    Never all of RAG."""
    email = _email_of(action.person.user) if action.person else ""
    if email:
        return Recipient([email])
    taker = minute_taker_of(action.minutes, people)
    email = _email_of(taker.user) if taker else ""
    if email:
        return Recipient([email], as_minute_taker=True, minute_taker=taker.name)
    return Recipient([])


def due_actions(today=None):
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            status__in=Action.OPEN_STATUSES,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=7),
            minutes__live=True,
        )
        .select_related("minutes__minute_taker_person__user", "person__user")
        .order_by("due_date", "pk")
    )


def send_action_reminders(today=None) -> tuple[int, int]:
    """One reminder per action when due within a week, one more when overdue.

    Returns (sent, skipped): skipped are those already reminded.
    """
    today = today or timezone.localdate()
    sent = skipped = 0
    due = []
    for action in due_actions(today):
        kind = "overdue" if action.due_date < today else "due"
        due.append((action, kind, f"action:{action.pk}:{kind}:{action.due_date.isoformat()}"))
    already = set(
        SentReminder.objects.filter(key__in=[key for *_rest, key in due]).values_list(
            "key", flat=True
        )
    )
    people = People()
    people.load(
        person_named(action.minutes.minute_taker, people.names)
        for action, *_rest in due
        if not action.minutes.minute_taker_person_id
    )
    for action, kind, key in due:
        if key in already:
            skipped += 1
            continue
        recipient = reminder_recipient(action, people)
        if not recipient.emails:
            skipped += 1
            continue
        recipients = recipient.emails
        subject, body = _action_mail(action, kind, recipient)
        if send_once(key, subject, body, recipients):
            sent += 1
        else:
            skipped += 1
    return sent, skipped


def send_once(key: str, subject: str, body: str, recipients: list[str]) -> bool:
    """Send a reminder unless one with this key has been sent; True when it went now. The
    key's row is written in the mail's transaction, so two runs at once send it once and a
    failed mail leaves no row (the next run tries again)."""
    with transaction.atomic():
        _reminder, created = SentReminder.objects.get_or_create(
            key=key, defaults={"recipients": ", ".join(recipients)}
        )
        if created:
            send_mail(subject, body, None, recipients)
    return created


def _action_mail(action: Action, kind: str, recipient: Recipient) -> tuple[str, str]:
    if kind == "overdue":
        subject = _("Forfalt oppfølging: %(what)s") % {"what": action.what[:60]}
    else:
        subject = _("Frist nærmer seg: %(what)s") % {"what": action.what[:60]}
    body = ""
    if recipient.as_minute_taker:
        body = _(
            "Du får denne påminnelsen som referent for møtet: den ansvarlige (%(responsible)s) "
            "har ingen bruker på nettstedet. Gi beskjed videre til den ansvarlige.\n\n"
        ) % {"responsible": action.responsible}
    body += _(
        "Oppfølgingspunkt fra %(meeting)s, sak %(number)s %(title)s:\n\n%(what)s\n\n"
        "Ansvarlig: %(responsible)s\nFrist: %(due)s\n\n"
        "Se alle oppfølgingspunkter: %(url)s\n"
    ) % {
        "meeting": action.minutes.title,
        "number": action.item_number,
        "title": action.item_title,
        "what": action.what,
        "responsible": action.responsible,
        "due": formats.day(action.due_date),
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/oppfolging/",
    }
    return subject, body


# -- «Mine oppfølgingspunkter» -------------------------------------------------------------------


def open_actions_of(user, visibility):
    """The open actions `user` answers for, in the minutes they may see: (theirs, and those of
    meetings they took the minutes of whose responsible has no user — they are reminded of
    those)."""
    mine = Person.objects.filter(user=user)
    visible = Action.objects.filter(
        status__in=Action.OPEN_STATUSES,
        minutes__in=visibility.pages(MinutesPage.objects.all()).values("pk"),
    ).select_related("minutes", "person")
    order = ("due_date", "minutes__meeting_date", "position")
    own = visible.filter(person__in=mine).order_by(*order)
    names = [name for name in mine.values_list("name", flat=True) if name.strip()]
    took = Q(minutes__minute_taker_person__in=mine)
    for name in names:
        took |= Q(minutes__minute_taker_person__isnull=True, minutes__minute_taker__iexact=name)
    as_minute_taker = (
        visible.filter(took)
        .filter(Q(person__isnull=True) | Q(person__user__isnull=True))
        .order_by(*order)
    )
    return own, as_minute_taker


# -- the decision register ----------------------------------------------------------------------


@dataclass
class Decision:
    minutes: MinutesPage
    number: str
    title: str
    text: str

    @property
    def anchor(self) -> str:
        return item_anchor(self.number)


def item_anchor(number) -> str:
    """The id of a minutes item on its page («sak-3»)."""
    return "sak-" + slugify(str(number))


def decisions_of(meetings, text: str = "") -> list[Decision]:
    """Every decision of the given minutes (newest meeting first, items in order), those whose
    number, title or decision hold `text` when it is given."""
    needle = _normalised(text)
    found = []
    for minutes in meetings:
        for item in minutes.items:
            if item.block_type != "item":
                continue
            value = item.value
            decision = (value.get("decision") or "").strip()
            if not decision:
                continue
            entry = Decision(
                minutes=minutes,
                number=str(value.get("number") or ""),
                title=str(value.get("title") or ""),
                text=decision,
            )
            haystack = _normalised(f"{entry.number} {entry.title} {entry.text} {minutes.title}")
            if needle and needle not in haystack:
                continue
            found.append(entry)
    return found
