"""RAG's pages: the private governance section, mandates, agreements, minutes and plans."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from kb.blocks import RICH_FEATURES, AgendaBlock, BodyBlock, GovernanceBodyBlock, MinutesBlock
from kb.enums import GovernanceStatus
from kb.models.pages import IntroPage, paginate
from kb.models.versions import GovernanceVersion
from kb.models.workflow import feedback_on, load_steps, step_status


def current_task(page):
    """The workflow step (a task, specific) the page waits in, or None."""
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        return None
    if state.current_task_state is None:
        return None
    return state.current_task_state.task.specific


def current_step(page):
    """The name of the workflow step the page waits in, or None (for display: what a step
    means is in its fields, kb.models.workflow)."""
    task = current_task(page)
    return None if task is None else task.name


def workflow_status(page):
    """The status the workflow gives the page: Til innspill / Til godkjenning / None."""
    task = current_task(page)
    return None if task is None else step_status(task)


class GovernanceIndexPage(IntroPage):
    """«RAG»: the national working group's own section, visible only to the RAG group."""

    parent_page_types = ["home.HomePage"]
    show_in_menus_default = True
    subpage_types = [
        "kb.MandatePage",
        "kb.AgreementPage",
        "kb.MeetingIndexPage",
        "kb.ActivityPlanPage",
    ]
    max_count_per_parent = 1
    template = "kb/governance_index_page.html"

    class Meta:
        verbose_name = _("RAG-område")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The workflow states in one query: a document's status depends on its workflow step.
        children = (
            request.visibility.pages(self.get_children())
            .specific()
            .defer_streamfields()
            .prefetch_workflow_states()
        )
        documents = [p for p in children if isinstance(p, MandatePage | AgreementPage)]
        context["documents"] = load_steps(documents)
        context["meetings"] = [p for p in children if isinstance(p, MeetingIndexPage)]
        context["plans"] = [p for p in children if isinstance(p, ActivityPlanPage)]
        return context


class GovernancePermissionTester(PagePermissionTester):
    """Mandates and agreements are published only by approval at the end of the workflow.

    Nobody but a superuser may publish one directly (editors hold publish on the whole site);
    the workflow's finish action publishes without this check.
    """

    def can_publish(self):
        return self.user.is_active and self.user.is_superuser and not self.page_is_root


class GovernanceDocumentPage(Page):
    """Abstract base of mandates and agreements: a text that is approved in versions."""

    summary = models.TextField(_("sammendrag"), blank=True)
    body = StreamField(GovernanceBodyBlock(), blank=True, verbose_name=_("tekst"))
    parties = ParentalManyToManyField(
        "kb.Organisation", blank=True, verbose_name=_("parter"), related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GovernanceStatus.choices,
        default=GovernanceStatus.DRAFT,
    )
    effective_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    effective_to = models.DateField(_("gjelder til"), null=True, blank=True)
    version_label = models.CharField(_("versjon"), max_length=50, blank=True)
    version_number = models.PositiveIntegerField(_("versjonsnummer"), default=0, editable=False)
    approved_on = models.DateField(_("godkjent dato"), null=True, blank=True)
    approved_by_body = models.CharField(_("godkjent av (organ)"), max_length=200, blank=True)
    decision_reference = models.CharField(_("vedtaksreferanse"), max_length=255, blank=True)
    approval_line = models.CharField(
        _("godkjenningslinje"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Vedtatt i ledermøtet K7 10.02.2026»."),
    )
    minor_correction = models.BooleanField(
        _("mindre rettelse"),
        default=False,
        help_text=_(
            "Kryss av for en rettelse uten nytt versjonsnummer. Den må likevel godkjennes."
        ),
    )

    subpage_types = []

    # Status, version number and approval are set by the approval workflow, never by hand.
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("parties"),
        MultiFieldPanel(
            [
                FieldPanel("effective_from"),
                FieldPanel("effective_to"),
                FieldPanel("version_label"),
                FieldPanel("minor_correction"),
            ],
            heading=_("Gyldighet og versjon"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("status"),
    ]

    class Meta:
        abstract = True

    @property
    def effective_status(self):
        """The status a reader should see.

        A draft in the approval workflow is «Til innspill» or «Til godkjenning» by its step;
        an approved or signed text past its end date has expired («Utløpt»).
        """
        if self.status == GovernanceStatus.TERMINATED:
            return GovernanceStatus.TERMINATED
        in_workflow = workflow_status(self) if self.pk else None
        if in_workflow is not None:
            return in_workflow
        if (
            self.status in (GovernanceStatus.APPROVED, GovernanceStatus.SIGNED)
            and self.effective_to
            and self.effective_to < timezone.localdate()
        ):
            return GovernanceStatus.EXPIRED
        return GovernanceStatus(self.status)

    @property
    def effective_status_label(self):
        return self.effective_status.label

    def permissions_for_user(self, user):
        return GovernancePermissionTester(user, self)

    def versions(self):
        """The approved versions, oldest first."""
        return GovernanceVersion.objects.filter(page=self).select_related(
            "approved_by", "signed_copy"
        )

    @property
    def current_version(self):
        return self.versions().order_by("-number", "-correction").first()

    @property
    def version_line(self):
        """«Versjon 2 · godkjent 10.02.2026 i ledermøtet K7», or "" before the first approval
        (kb.models.versions.version_line: the one way a version reads)."""
        version = self.current_version
        return version.line if version is not None else ""

    def feedback(self):
        """The reviewers' comments on this text, oldest first (kb.models.workflow)."""
        return feedback_on(self, list(self.versions()))

    def feedback_in_work(self):
        """The comments on the text in work: given since the last approved version."""
        return [entry for entry in self.feedback() if entry.concerns is None]


class MandatePage(GovernanceDocumentPage):
    """A mandate, such as RAG's «Mandat og rollebeskrivelse»."""

    parent_page_types = ["kb.GovernanceIndexPage"]
    template = "kb/mandate_page.html"

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandater")


class AgreementPage(GovernanceDocumentPage):
    """A cooperation or service agreement between organisations."""

    renewal_terms = RichTextField(_("fornyelse"), blank=True, features=RICH_FEATURES)
    termination_terms = RichTextField(_("oppsigelse"), blank=True, features=RICH_FEATURES)
    terminated_on = models.DateField(_("oppsagt dato"), null=True, blank=True)
    signed_copy = models.ForeignKey(
        "kb.AlorDocument",
        verbose_name=_("signert eksemplar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["kb.GovernanceIndexPage"]
    template = "kb/agreement_page.html"

    content_panels = GovernanceDocumentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("renewal_terms"),
                FieldPanel("termination_terms"),
            ],
            heading=_("Vilkår"),
        ),
    ]

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")

    @property
    def effective_status(self):
        if self.terminated_on and self.terminated_on <= timezone.localdate():
            return GovernanceStatus.TERMINATED
        if self.status == GovernanceStatus.TERMINATED:
            return GovernanceStatus.TERMINATED
        return super().effective_status


class MeetingIndexPage(IntroPage):
    """RAG's meetings: the coming ones and the minutes of past ones."""

    parent_page_types = ["kb.GovernanceIndexPage"]
    subpage_types = ["kb.MinutesPage"]
    template = "kb/meeting_index_page.html"

    class Meta:
        verbose_name = _("møteoversikt")

    def meetings(self, visibility):
        return (
            visibility.pages(MinutesPage.objects.child_of(self))
            .defer_streamfields()
            .order_by("-meeting_date", "-start_time")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        meetings = self.meetings(request.visibility)
        context["upcoming"] = meetings.filter(meeting_date__gte=today).order_by(
            "meeting_date", "start_time"
        )
        context["past"] = paginate(request, meetings.filter(meeting_date__lt=today))
        return context


class MinutesPage(Page):
    """A meeting of RAG: when and where, who came, the agenda, and the minutes' items."""

    meeting_date = models.DateField(_("dato"))
    start_time = models.TimeField(_("fra"), null=True, blank=True)
    end_time = models.TimeField(_("til"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=255, blank=True)
    is_online = models.BooleanField(_("på Teams"), default=False)
    present = models.TextField(_("til stede"), blank=True)
    absent = models.TextField(_("forfall"), blank=True)
    minute_taker = models.CharField(_("referent"), max_length=200, blank=True)
    # The minute-taker as a person: reminders of actions whose responsible has no user go to
    # this person's user. When empty, the person named by `minute_taker`, if there is one.
    minute_taker_person = models.ForeignKey(
        "kb.Person",
        verbose_name=_("referent (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = StreamField(AgendaBlock(), blank=True, verbose_name=_("dagsorden"))
    items = StreamField(MinutesBlock(), blank=True, verbose_name=_("saker"))

    parent_page_types = ["kb.MeetingIndexPage"]
    subpage_types = []
    template = "kb/minutes_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("meeting_date"),
                FieldPanel("start_time"),
                FieldPanel("end_time"),
                FieldPanel("place"),
                FieldPanel("is_online"),
            ],
            heading=_("Møtet"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("present"),
                FieldPanel("absent"),
                FieldPanel("minute_taker"),
                FieldPanel("minute_taker_person"),
            ],
            heading=_("Deltakere"),
        ),
        FieldPanel("agenda"),
        FieldPanel("items"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("items"),
        index.SearchField("agenda"),
        index.FilterField("meeting_date"),
    ]

    class Meta:
        verbose_name = _("møte og referat")
        verbose_name_plural = _("møter og referater")

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": _("Sluttid kan ikke være før starttid.")})

    @property
    def place_label(self):
        if self.is_online and self.place:
            return _("Teams og %(place)s") % {"place": self.place}
        if self.is_online:
            return _("Teams")
        return self.place


class ActivityPlanPage(Page):
    """RAG's activity plan for one year."""

    year = models.PositiveSmallIntegerField(_("år"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("plan"))

    parent_page_types = ["kb.GovernanceIndexPage"]
    subpage_types = []
    template = "kb/activity_plan_page.html"

    content_panels = Page.content_panels + [FieldPanel("year"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body"), index.FilterField("year")]

    class Meta:
        verbose_name = _("aktivitetsplan")
        verbose_name_plural = _("aktivitetsplaner")


class CalendarFeedKey(models.Model):
    """The secret in a RAG member's calendar feed address (kb.governance.ics).

    The address also depends on the user's password hash, so changing the password ends it;
    the secret is replaced when the member asks for a new address or leaves RAG, so an old
    address never works again, not even if the member is added back.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_key",
        verbose_name=_("bruker"),
    )
    secret = models.CharField(_("hemmelighet"), max_length=64)
    created = models.DateTimeField(_("laget"), default=timezone.now)

    class Meta:
        verbose_name = _("nøkkel til møtekalenderen")
        verbose_name_plural = _("nøkler til møtekalenderen")
        permissions = [("subscribe_meetings_feed", _("Kan abonnere på RAGs møtekalender"))]

    def __str__(self):
        return str(self.user)
