"""The approval workflow's steps as data: each step says what status it gives a text and
whether its reviewers record a decision.

A `GovernanceApprovalTask` is a group-approval step (Wagtail's own: its groups review) that
carries its meaning in fields, so the admin can rename, add or reorder steps («Arbeidsflyter»
▸ «Oppgaver») without code. The step that asks for a decision shows a form for the body, the
meeting's date and the reference when its reviewers approve; the decision is kept as a
`StepDecision` of the step's task state, and the approved version takes its date and line from it
(kb.governance.workflow.publish_approved).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, GroupApprovalTask, TaskState

from kb.enums import GovernanceStatus
from kb.models.versions import GovernanceVersion

# The statuses a text can have while it waits in a step.
STEP_STATUSES = [
    (GovernanceStatus.FEEDBACK.value, GovernanceStatus.FEEDBACK.label),
    (GovernanceStatus.APPROVAL.value, GovernanceStatus.APPROVAL.label),
]


class DecisionForm(TaskStateCommentForm):
    """What the leaders decided, asked when they approve: body, meeting date, reference."""

    decision_body = forms.CharField(
        label=_("Vedtatt av"),
        max_length=200,
        initial=_("ledermøtet"),
        help_text=_("Organet som vedtok, for eksempel «ledermøtet»."),
    )
    decision_date = forms.DateField(
        label=_("Møtedato"),
        widget=AdminDateInput(),
        help_text=_("Datoen for møtet der vedtaket ble gjort. Den blir versjonens godkjent dato."),
    )
    decision_reference = forms.CharField(
        label=_("Referanse"),
        max_length=100,
        required=False,
        help_text=_("Møtets eller sakens referanse, for eksempel «K7»."),
    )

    field_order = ["decision_body", "decision_date", "decision_reference", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = _("Kommentar")


class StepDecision(models.Model):
    """The decision recorded when a step that asks for one approved a revision: who decided,
    at which meeting, under which reference (kept with the step's task state, which Wagtail
    keeps with the revision it concerns)."""

    task_state = models.OneToOneField(
        "wagtailcore.TaskState",
        verbose_name=_("stegets behandling"),
        on_delete=models.CASCADE,
        related_name="governance_decision",
    )
    body = models.CharField(_("vedtatt av"), max_length=200)
    decided_on = models.DateField(_("møtedato"))
    reference = models.CharField(_("referanse"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("vedtak i et godkjenningssteg")
        verbose_name_plural = _("vedtak i godkjenningssteg")

    def __str__(self):
        return f"{self.body} {self.reference} {self.decided_on}".strip()


class GovernanceApprovalTask(GroupApprovalTask):
    """A step of the approval of mandates and agreements (its groups review)."""

    gives_status = models.CharField(
        _("status i steget"),
        max_length=20,
        choices=STEP_STATUSES,
        default=GovernanceStatus.APPROVAL,
        help_text=_("Statusen en tekst har mens den venter i dette steget."),
    )
    asks_for_decision = models.BooleanField(
        _("ber om vedtak"),
        default=False,
        help_text=_(
            "Godkjenning i dette steget krever vedtaket: hvem som vedtok, møtedato og "
            "referanse. Versjonen får møtedatoen som godkjent dato."
        ),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + [
        "gives_status",
        "asks_for_decision",
    ]
    # A step may be renamed: its meaning is in its fields, not its name.
    admin_form_readonly_on_edit_fields = []

    class Meta:
        verbose_name = _("godkjenningssteg for mandat og avtaler")
        verbose_name_plural = _("godkjenningssteg for mandat og avtaler")

    @classmethod
    def get_description(cls):
        return _(
            "Medlemmer av de valgte gruppene gir innspill til eller godkjenner mandater og "
            "avtaler. Steget bestemmer statusen teksten har mens den venter, og om "
            "godkjenningen krever et vedtak."
        )

    def get_actions(self, obj, user):
        """Wagtail's group-approval actions, labelled in bokmål; in a step that asks for the
        decision one approval, always with the decision's form."""
        if not super().get_actions(obj, user):
            return []
        actions = [("reject", _("Be om endringer"), True)]
        if self.asks_for_decision:
            actions.append(("approve", _("Godkjenn med vedtak"), True))
        else:
            actions.append(("approve", _("Godkjenn"), False))
            actions.append(("approve", _("Godkjenn med kommentar"), True))
        return actions

    def get_form_for_action(self, action):
        if action == "approve" and self.asks_for_decision:
            return DecisionForm
        return super().get_form_for_action(action)

    def decision_form(self, data):
        """The decision as posted (the editor posts it as JSON, dates as text), validated."""
        fields = ("decision_body", "decision_date", "decision_reference", "comment")
        return DecisionForm(data={name: data.get(name) or "" for name in fields})

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and self.asks_for_decision:
            form = self.decision_form(kwargs)
            if not form.is_valid():
                raise MissingDecision(form.errors)
            StepDecision.objects.update_or_create(
                task_state_id=task_state.pk,
                defaults={
                    "body": form.cleaned_data["decision_body"].strip(),
                    "decided_on": form.cleaned_data["decision_date"],
                    "reference": form.cleaned_data["decision_reference"].strip(),
                },
            )
            kwargs = {"comment": form.cleaned_data["comment"]}
        return super().on_action(task_state, user, action_name, **kwargs)


class MissingDecision(ValueError):
    """An approval that needs the decision came without it (or with a malformed one)."""

    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


def step_status(task):
    """The status of a text waiting in workflow step `task` (any step not of ours: «Til
    godkjenning»)."""
    specific = getattr(task, "specific", task)
    return GovernanceStatus(getattr(specific, "gives_status", GovernanceStatus.APPROVAL))


def load_steps(pages):
    """The step each page waits in, as our task, in one query for a whole listing (the pages'
    workflow states prefetched): `step_status` then reads it without a query per page."""
    tasks = []
    for page in pages:
        state = page.current_workflow_state
        if state is not None and state.current_task_state is not None:
            tasks.append(state.current_task_state.task)
    ours = GovernanceApprovalTask.objects.in_bulk({task.pk for task in tasks})
    for task in tasks:
        # The `specific` of a Wagtail task is a cached property: give it ours.
        task.__dict__["specific"] = ours.get(task.pk, task)
    return pages


@dataclass
class Feedback:
    """A reviewer's word on a text, as the record keeps it: who, when, in which step, what,
    and the version it concerns (None: the text still in work)."""

    rejected: bool
    who: str
    on: datetime.date
    step: str
    comment: str
    concerns: object = None

    @property
    def line(self):
        """«Sendt tilbake av Akan 12.01.2026: …», «Godkjent av Akan 12.01.2026: …»."""
        values = {"who": self.who, "date": date_format(self.on, "SHORT_DATE_FORMAT")}
        if self.rejected:
            head = _("Sendt tilbake av %(who)s %(date)s") % values
        else:
            head = _("Godkjent av %(who)s %(date)s") % values
        return f"{head}: {self.comment}" if self.comment else head


def feedback_on(page, versions=None):
    """Every comment a step's reviewers gave on `page` (approved with a comment, or sent back),
    oldest first, each with the approved version it concerns: the first approved after it
    (`versions`: the page's approved versions, oldest first, if the caller has them)."""
    if versions is None:
        versions = list(GovernanceVersion.objects.filter(page_id=page.pk))
    states = (
        TaskState.objects.filter(
            workflow_state__base_content_type_id=page.get_base_content_type().pk,
            workflow_state__object_id=str(page.pk),
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
        )
        .exclude(Q(comment="") & ~Q(status=TaskState.STATUS_REJECTED))
        .select_related("finished_by", "task")
        .order_by("finished_at", "pk")
    )
    found = []
    for state in states:
        finished = state.finished_at or state.started_at
        concerns = next((v for v in versions if v.approved_at >= finished), None)
        found.append(
            Feedback(
                rejected=state.status == TaskState.STATUS_REJECTED,
                who=full_name(state.finished_by) or _("ukjent"),
                on=timezone.localdate(finished),
                step=state.task.name,
                comment=state.comment.strip(),
                concerns=concerns,
            )
        )
    return found


def full_name(user):
    """The name a record shows for `user`: the full name, the username if there is none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
