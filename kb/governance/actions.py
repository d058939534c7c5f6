"""Follow-up actions of the minutes: kept in step with the published minutes, and reminded."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from alor import formats
from kb.enums import ActionStatus
from kb.governance.permissions import VIEW_ACTIONS
from kb.models import Action, MinutesPage, SentReminder


@transaction.atomic
def sync_actions(minutes: MinutesPage) -> int:
    """Mirror the actions of the minutes' published items; returns how many there are.

    What, who and when come from the minutes. The status is ours once tracked, unless the
    minutes themselves change it.
    """
    existing = {a.block_id: a for a in Action.objects.filter(minutes=minutes)}
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


def _rag_members():
    """Who reminders go to: the active users with an e-mail address who follow up actions
    (hold the permission through a group, RAG's, or of their own)."""
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


def reminder_recipients(action: Action, members=None) -> list[str]:
    """The members an action's responsible names (by name or username), else all of them.

    `members`: those who follow up actions, when the caller has read them already.
    """
    members = _rag_members() if members is None else members
    text = action.responsible.lower()
    matched = [
        user
        for user in members
        if any(
            name and name.lower() in text
            for name in (user.get_full_name(), user.first_name, user.get_username())
            if len(name or "") >= 3
        )
    ]
    return sorted({user.email for user in matched or members})


def due_actions(today=None):
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            status__in=Action.OPEN_STATUSES,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=7),
            minutes__live=True,
        )
        .select_related("minutes")
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
    members = _rag_members()
    for action, kind, key in due:
        if key in already:
            skipped += 1
            continue
        recipients = reminder_recipients(action, members)
        if not recipients:
            skipped += 1
            continue
        if kind == "overdue":
            subject = _("Forfalt oppfølging: %(what)s") % {"what": action.what[:60]}
        else:
            subject = _("Frist nærmer seg: %(what)s") % {"what": action.what[:60]}
        body = _(
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
        with transaction.atomic():
            reminder, created = SentReminder.objects.get_or_create(
                key=key, defaults={"recipients": ", ".join(recipients)}
            )
            if not created:
                skipped += 1
                continue
            send_mail(subject, body, None, recipients)
        sent += 1
    return sent, skipped
