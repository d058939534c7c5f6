"""Where an agreement stands, and what may be done with it from there: one transition table.

The history screen offers only the actions the table allows, and the views refuse the others
(with a message, writing nothing): «Si opp avtalen» is never offered for an agreement that was
never approved, and a signed agreement is not signed again.

The state is read from what is recorded, not from the workflow: an agreement whose version 1 is
in force stays «godkjent» (or «signert») while a version 2 waits for approval.
"""

import datetime
import enum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.enums import GovernanceStatus


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
