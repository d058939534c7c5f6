"""Where an agreement stands, and what may be done with it from there: one transition table.

The history screen offers only the actions the table allows, and the views refuse the others
(with a message, writing nothing): «Si opp avtalen» is never offered for an agreement that was
never approved, and a signed agreement is not signed again.

The state is read from what is recorded, not from the workflow: an agreement whose version 1 is
in force stays «godkjent» (or «signert») while a version 2 waits for approval.
"""

import datetime
import enum

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alor import formats
from kb.enums import GovernanceStatus
from kb.governance.actions import rag_members, send_once
from kb.models import AgreementPage, GovernanceVersion, SentReminder


class State(enum.StrEnum):
    NEVER_APPROVED = "never_approved"  # no version approved yet (a draft, or in the workflow)
    APPROVED = "approved"  # a version in force, not signed
    SIGNED = "signed"  # the version in force is signed
    EXPIRED = "expired"  # past its end date
    TERMINATED = "terminated"  # ended by notice


class Action(enum.StrEnum):
    SIGN = "sign"  # register the signed copy of the version in force
    TERMINATE = "terminate"  # register the notice of termination


# state → {action: the state it leads to}. A pair not listed here is refused.
TRANSITIONS: dict[State, dict[Action, State]] = {
    State.NEVER_APPROVED: {},
    State.APPROVED: {Action.SIGN: State.SIGNED, Action.TERMINATE: State.TERMINATED},
    State.SIGNED: {Action.TERMINATE: State.TERMINATED},
    State.EXPIRED: {},
    State.TERMINATED: {},
}

# Why an action is refused, by the state it was asked in.
REFUSALS = {
    State.NEVER_APPROVED: _(
        "Avtalen er ikke godkjent ennå. Den kan signeres og sies opp først når ledergruppen "
        "har godkjent en versjon."
    ),
    State.SIGNED: _("Gjeldende versjon av avtalen er allerede signert."),
    State.EXPIRED: _("Avtalen er utløpt, og kan ikke lenger signeres eller sies opp."),
    State.TERMINATED: _("Avtalen er allerede sagt opp."),
}


class RefusedTransition(Exception):
    """The action is not allowed from the agreement's state; `message` says why, in bokmål."""

    def __init__(self, state: State, action: Action):
        self.state = state
        self.action = action
        self.message = REFUSALS.get(state, _("Dette kan ikke gjøres med avtalen nå."))
        super().__init__(str(self.message))


def state_of(page, latest_version=None, today: datetime.date | None = None) -> State:
    """The state of agreement `page`; `latest_version`: its newest approved version, when the
    caller has read it (else it is read here)."""
    today = today or timezone.localdate()
    if page.status == GovernanceStatus.TERMINATED or page.terminated_on:
        return State.TERMINATED
    if latest_version is None:
        latest_version = page.current_version
    if latest_version is None:
        return State.NEVER_APPROVED
    if page.effective_to and page.effective_to < today:
        return State.EXPIRED
    if latest_version.signed_on:
        return State.SIGNED
    return State.APPROVED


def allowed_actions(state: State) -> set[Action]:
    return set(TRANSITIONS[state])


def check(state: State, action: Action) -> State:
    """The state `action` leads to from `state`; RefusedTransition if it is not allowed."""
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise RefusedTransition(state, action) from None


# -- renewal reminders ----------------------------------------------------------------------------

# The states in which an agreement is in force, and so may need renewing.
IN_FORCE = (State.APPROVED, State.SIGNED)


def _threshold(days_left: int, thresholds) -> int | None:
    """The nearest threshold passed: with 60 and 14, 30 days left gives 60, 10 days gives 14
    (a run missed at 60 days does not send two reminders at once)."""
    passed = [days for days in thresholds if 0 <= days_left <= days]
    return min(passed) if passed else None


def agreements_to_renew(today=None, thresholds=None):
    """[(agreement, days left, threshold)] for the agreements in force whose end date is within
    the largest threshold (settings.AGREEMENT_REMINDER_DAYS)."""
    today = today or timezone.localdate()
    thresholds = settings.AGREEMENT_REMINDER_DAYS if thresholds is None else thresholds
    if not thresholds:
        return []
    pages = list(
        AgreementPage.objects.live()
        .filter(
            effective_to__gte=today,
            effective_to__lte=today + datetime.timedelta(days=max(thresholds)),
        )
        .defer_streamfields()
        .order_by("effective_to", "pk")
    )
    latest = {}
    for version in GovernanceVersion.objects.filter(page__in=[p.pk for p in pages]).order_by(
        "page", "-number", "-correction"
    ):
        latest.setdefault(version.page_id, version)
    due = []
    for page in pages:
        version = latest.get(page.pk)
        if version is None or state_of(page, version, today) not in IN_FORCE:
            continue
        days_left = (page.effective_to - today).days
        threshold = _threshold(days_left, thresholds)
        if threshold is not None:
            due.append((page, days_left, threshold))
    return due


def _renewal_mail(page, days_left):
    subject = ngettext(
        "Avtalen «%(title)s» utløper om %(days)s dag",
        "Avtalen «%(title)s» utløper om %(days)s dager",
        days_left,
    ) % {"title": page.title, "days": days_left}
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    body = gettext(
        "Avtalen «%(title)s» gjelder til %(end)s. Vurder om den skal fornyes, og start i så fall "
        "arbeidet med en ny versjon i god tid: den må gjennom innspill fra partner og "
        "godkjenning i ledermøtet.\n\nVersjonshistorikk: %(url)s\n"
    ) % {
        "title": page.title,
        "end": formats.day(page.effective_to),
        "url": base + reverse("kb_governance_history", args=[page.pk]),
    }
    return subject, body


def send_renewal_reminders(today=None) -> tuple[int, int]:
    """One reminder to RAG per agreement and threshold before its end date; never twice (a new
    end date starts over). Returns (sent, skipped)."""
    due = agreements_to_renew(today)
    keys = {
        page.pk: f"agreement:{page.pk}:{page.effective_to.isoformat()}:{threshold}"
        for page, _days, threshold in due
    }
    already = set(SentReminder.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    recipients = sorted({user.email for user in rag_members()}) if due else []
    sent = skipped = 0
    for page, days_left, _threshold_days in due:
        key = keys[page.pk]
        if key in already or not recipients:
            skipped += 1
            continue
        subject, body = _renewal_mail(page, days_left)
        if send_once(key, subject, body, recipients):
            sent += 1
        else:
            skipped += 1
    return sent, skipped
