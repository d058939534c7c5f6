"""Governance records: approved versions of mandates and agreements, and minutes' actions.

A `GovernanceVersion` is made only when the leaders approve a mandate or an agreement at the
end of the approval workflow (kb/governance/workflow.py). An `Action` mirrors a follow-up action
of published minutes: the minutes' StreamField stays the source of what, who and when; the
model holds the status history (who marked it done, and when).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alor import formats
from kb.enums import OPEN_ACTION_STATUSES, ActionStatus


class GovernanceVersion(models.Model):
    """One approved version (1, 2, 3 …) of a mandate or an agreement, or a correction of one."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("side"),
        on_delete=models.CASCADE,
        related_name="governance_versions",
    )
    number = models.PositiveIntegerField(_("versjonsnummer"))
    correction = models.PositiveIntegerField(
        _("rettelse"), default=0, help_text=_("0 for en ny versjon, 1, 2 … for rettelser.")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revisjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tittel"), max_length=255)
    content = models.JSONField(_("innhold"), default=list)
    approved_on = models.DateField(_("godkjent dato"))
    approved_at = models.DateTimeField(_("godkjent tidspunkt"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver_name = models.CharField(_("godkjent av (navn)"), max_length=200, blank=True)
    approved_by_body = models.CharField(_("godkjent av (organ)"), max_length=200, blank=True)
    decision_reference = models.CharField(_("vedtaksreferanse"), max_length=255, blank=True)
    signed_on = models.DateField(_("signert dato"), null=True, blank=True)
    signed_copy = models.ForeignKey(
        "kb.AlorDocument",
        verbose_name=_("signert eksemplar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signering registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("godkjent versjon")
        verbose_name_plural = _("godkjente versjoner")
        permissions = [
            ("sign_governanceversion", _("Kan registrere signering og oppsigelse av avtaler")),
        ]
        ordering = ["page", "number", "correction"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number", "correction"], name="kb_governance_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.title} – {self.label}"

    @property
    def label(self):
        """«versjon 2», «versjon 1, rettelse 1»."""
        return version_label(self.number, self.correction)

    @property
    def approval_line(self):
        """«godkjent 10.02.2026 i ledermøtet K7»: the decision as recorded."""
        return approval_line(self.approved_on, self.approved_by_body, self.decision_reference)

    @property
    def line(self):
        """«Versjon 2 · godkjent 10.02.2026 i ledermøtet K7»: how a version is shown, on the
        page, in the history, in the PDF and in exports."""
        return version_line(self)


def version_label(number, correction=0):
    if correction:
        return _("versjon %(number)s, rettelse %(correction)s") % {
            "number": number,
            "correction": correction,
        }
    return _("versjon %(number)s") % {"number": number}


def approval_line(approved_on, body="", reference=""):
    date = formats.day(approved_on, short=True)
    where = " ".join(part for part in (body.strip(), reference.strip()) if part)
    if where:
        return _("godkjent %(date)s i %(where)s") % {"date": date, "where": where}
    return _("godkjent %(date)s") % {"date": date}


def version_line(version):
    """The one way a version reads: «Versjon 2 · godkjent 10.02.2026 i ledermøtet K7»."""
    return _("%(label)s · %(approval)s") % {
        "label": capfirst(version.label),
        "approval": version.approval_line,
    }


class Action(models.Model):
    """A follow-up action from published minutes, tracked until it is done."""

    OPEN_STATUSES = OPEN_ACTION_STATUSES

    minutes = models.ForeignKey(
        "kb.MinutesPage",
        verbose_name=_("møte"),
        on_delete=models.CASCADE,
        related_name="tracked_actions",
    )
    block_id = models.CharField(_("blokk-id"), max_length=64)
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    item_number = models.CharField(_("saksnummer"), max_length=20, blank=True)
    item_title = models.CharField(_("sak"), max_length=255, blank=True)
    what = models.TextField(_("hva"))
    responsible = models.CharField(_("ansvarlig"), max_length=255)
    # Who is responsible, as a person: chosen in the minutes, or the person whose name the
    # minutes' text is (kb.governance.actions.person_named); empty when it names nobody.
    person = models.ForeignKey(
        "kb.Person",
        verbose_name=_("ansvarlig person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    # The status the minutes gave it when last published: a change there wins over ours.
    source_status = models.CharField(max_length=20, blank=True, editable=False)
    done_at = models.DateTimeField(_("utført tidspunkt"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("markert utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        ordering = ["due_date", "minutes_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "block_id"], name="kb_action_unique")
        ]

    def __str__(self):
        return self.what[:80]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class SentReminder(models.Model):
    """A reminder that went out, so that the same reminder never goes twice."""

    key = models.CharField(_("nøkkel"), max_length=200, unique=True)
    recipients = models.TextField(_("mottakere"), blank=True)
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("sendt påminnelse")
        verbose_name_plural = _("sendte påminnelser")

    def __str__(self):
        return self.key
