"""Pages of the knowledge base, the networks and the gatherings."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import BooleanField, Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kb.blocks import RICH_FEATURES, BodyBlock, ProgrammeBlock
from kb.enums import Region
from kb.models.snippets import Topic

PAGE_SIZE = 12
# How many of a network's (or a topic's) documents its page lists; the search lists them all.
NETWORK_DOCUMENTS = 10
TOPIC_ITEMS = 6


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of a lazy queryset by the request's `?page=`; a missing or malformed number
    («abc», «²») gives the first page, one past the end the last (Paginator.get_page)."""
    number = request.GET.get("page") if request is not None else None
    return Paginator(queryset, per_page).get_page(number)


class IntroPage(Page):
    """Abstract base for index pages: a lead paragraph under the title."""

    intro = RichTextField(_("ingress"), blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro", boost=2)]

    class Meta:
        abstract = True


class KnowledgeIndexPage(IntroPage):
    """«Kunnskap»: articles by topic."""

    parent_page_types = ["home.HomePage"]
    show_in_menus_default = True
    subpage_types = ["kb.ArticlePage"]
    max_count_per_parent = 1
    template = "kb/knowledge_index_page.html"

    class Meta:
        verbose_name = _("kunnskapsoversikt")

    def articles(self, visibility):
        """The articles `visibility` (kb.privacy.Visibility) lets its user see, newest first."""
        return (
            visibility.pages(ArticlePage.objects.child_of(self))
            .select_related("author", "organisation")
            .prefetch_related("topics")
            .defer_streamfields()
            .order_by("-date", "-first_published_at")
        )

    def topic_archive(self, visibility, topic):
        """What the archive holds on `topic` besides the articles, as `visibility` lets its
        user see it: the newest gatherings and documents (at most TOPIC_ITEMS of each) and
        how many there are of each (the search lists them all)."""
        # The topic in every language: a page in this page's language may list the topic's
        # translation, and a document (one file for both sites) the bokmål topic.
        same_topic = Topic.objects.filter(translation_key=topic.translation_key)
        gatherings = (
            visibility.pages(
                GatheringPage.objects.filter(locale_id=self.locale_id, topics__in=same_topic)
            )
            .distinct()
            .defer_streamfields()
            .order_by("-start_date", "path")
        )
        documents = (
            visibility.documents()
            .filter(topics__in=same_topic)
            .distinct()
            .order_by(F("year").desc(nulls_last=True), "-created_at", "-pk")
        )
        return {
            "gatherings": gatherings[:TOPIC_ITEMS],
            "gathering_count": gatherings.count(),
            "documents": documents[:TOPIC_ITEMS],
            "document_count": documents.count(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles(request.visibility)
        topic = None
        slug = request.GET.get("tema")
        if slug:
            topic = Topic.objects.filter(slug=slug, locale=self.locale).first()
            articles = articles.filter(topics=topic) if topic else articles.none()
        context["topic"] = topic
        context["topics"] = Topic.objects.filter(locale=self.locale)
        context["articles"] = paginate(request, articles)
        if topic is not None:
            context.update(self.topic_archive(request.visibility, topic))
        return context


class ArticlePage(Page):
    """A knowledge-base article in bokmål, translatable to English."""

    date = models.DateField(_("dato"), default=timezone.localdate)
    intro = models.TextField(_("ingress"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("brødtekst"))
    topics = ParentalManyToManyField("kb.Topic", blank=True, verbose_name=_("temaer"))
    author = models.ForeignKey(
        "kb.Person",
        verbose_name=_("forfatter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "kb.Organisation",
        verbose_name=_("organisasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["kb.KnowledgeIndexPage"]
    subpage_types = []
    template = "kb/article_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("organisation")],
            heading=_("Om artikkelen"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("topics"),
        InlinePanel("related_documents", label=_("Relaterte dokumenter")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("artikkel")
        verbose_name_plural = _("artikler")


class ArticleDocument(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_documents")
    document = models.ForeignKey(
        "kb.AlorDocument", on_delete=models.CASCADE, related_name="+", verbose_name=_("dokument")
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("relatert dokument")
        verbose_name_plural = _("relaterte dokumenter")


class NetworkIndexPage(IntroPage):
    """«Nettverk»: the regional alor networks."""

    parent_page_types = ["home.HomePage"]
    show_in_menus_default = True
    subpage_types = ["kb.NetworkPage"]
    max_count_per_parent = 1
    template = "kb/network_index_page.html"

    class Meta:
        verbose_name = _("nettverksoversikt")

    def networks(self, visibility):
        return (
            visibility.pages(NetworkPage.objects.child_of(self))
            .select_related("host_centre")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["networks"] = paginate(request, self.networks(request.visibility), per_page=24)
        return context


class NetworkPage(IntroPage):
    """One regional alor network, run by a KORUS centre and its main host."""

    city = models.CharField(_("by"), max_length=100)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    host_centre = models.ForeignKey(
        "kb.Organisation",
        verbose_name=_("vertssenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
    )
    main_host = models.ForeignKey(
        "kb.Person",
        verbose_name=_("hoveddrifter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    meeting_rhythm = models.CharField(_("møterytme"), max_length=200, blank=True)

    parent_page_types = ["kb.NetworkIndexPage"]
    subpage_types = ["kb.GatheringPage"]
    template = "kb/network_page.html"

    content_panels = IntroPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("region"),
                FieldPanel("host_centre"),
                FieldPanel("main_host"),
                FieldPanel("meeting_rhythm"),
            ],
            heading=_("Nettverket"),
        ),
    ]
    search_fields = IntroPage.search_fields + [
        index.SearchField("city", boost=3),
        index.FilterField("region"),
    ]

    class Meta:
        verbose_name = _("nettverk")
        verbose_name_plural = _("nettverk")

    def gatherings(self, visibility, today=None):
        """The network's gatherings `visibility` lets its user see: its own, and the national
        gatherings it hosts. Coming ones first, nearest first; then past ones, newest first.
        Each row carries `is_coming`."""
        today = today or timezone.localdate()
        # A translated gathering may still point at the network's page in the source language:
        # the host is matched by translation, the gathering kept to this page's language.
        own_or_hosted = GatheringPage.objects.child_of(self) | GatheringPage.objects.filter(
            host_network__translation_key=self.translation_key, locale_id=self.locale_id
        )
        coming = Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
        return (
            visibility.pages(own_or_hosted)
            .defer_streamfields()
            .annotate(
                is_coming=Case(When(coming, then=True), default=False, output_field=BooleanField())
            )
            .annotate(
                coming_date=Case(When(is_coming=True, then=F("start_date"))),
                past_date=Case(When(is_coming=False, then=F("start_date"))),
            )
            .order_by(
                "-is_coming",
                F("coming_date").asc(nulls_last=True),
                F("past_date").desc(nulls_last=True),
                "path",
            )
        )

    def visible_documents(self, visibility):
        """The documents filed under the network that `visibility` lets its user see, newest
        first. A national gathering's presentations are filed under the speaker's own network
        (or none), not under the host's."""
        return (
            visibility.documents()
            .filter(network=self)
            .order_by(F("year").desc(nulls_last=True), "-created_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visibility = request.visibility
        gatherings = paginate(request, self.gatherings(visibility))
        for gathering in gatherings:
            # A gathering outside the network's own subtree is a national one it hosts.
            gathering.hosted = not gathering.path.startswith(self.path)
        context["gatherings"] = gatherings
        documents = self.visible_documents(visibility)
        context["documents"] = documents[:NETWORK_DOCUMENTS]
        context["document_count"] = documents.count()
        return context


class NationalGatheringIndexPage(IntroPage):
    """«Alor Norge»: the yearly national gatherings."""

    parent_page_types = ["home.HomePage"]
    show_in_menus_default = True
    subpage_types = ["kb.GatheringPage"]
    max_count_per_parent = 1
    template = "kb/national_gathering_index_page.html"

    class Meta:
        verbose_name = _("oversikt over Alor Norge-samlinger")

    def gatherings(self, visibility):
        return (
            visibility.pages(GatheringPage.objects.child_of(self))
            .select_related("host_network", "host_organisation")
            .defer_streamfields()
            .order_by("-start_date")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["gatherings"] = paginate(request, self.gatherings(request.visibility))
        return context


class GatheringPage(Page):
    """A gathering (samling): a regional network meeting or the national Alor Norge."""

    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    venue = models.CharField(_("sted"), max_length=255, blank=True)
    host_organisation = models.ForeignKey(
        "kb.Organisation",
        verbose_name=_("vertskap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    host_network = models.ForeignKey(
        "kb.NetworkPage",
        verbose_name=_("vertsnettverk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_gatherings",
    )
    registration_deadline = models.DateField(_("påmeldingsfrist"), null=True, blank=True)
    intro = RichTextField(_("ingress"), blank=True, features=RICH_FEATURES)
    programme = StreamField(ProgrammeBlock(), blank=True, verbose_name=_("program"))
    evaluation_notes = RichTextField(
        _("evaluering og innspill"), blank=True, features=RICH_FEATURES
    )
    topics = ParentalManyToManyField("kb.Topic", blank=True, verbose_name=_("temaer"))

    parent_page_types = ["kb.NetworkPage", "kb.NationalGatheringIndexPage"]
    subpage_types = []
    template = "kb/gathering_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("venue"),
                FieldPanel("host_organisation"),
                FieldPanel("host_network"),
                FieldPanel("registration_deadline"),
            ],
            heading=_("Praktisk"),
        ),
        FieldPanel("intro"),
        FieldPanel("programme"),
        FieldPanel("evaluation_notes"),
        FieldPanel("topics"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("venue", boost=2),
        index.SearchField("programme"),
        index.SearchField("evaluation_notes"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("start_date"),
    ]

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Sluttdato kan ikke være før startdato.")})

    @property
    def is_national(self):
        parent = self.get_parent()
        return parent is not None and parent.specific_class is NationalGatheringIndexPage

    @property
    def network(self):
        """The network the gathering belongs to: its parent, or the hosting network."""
        parent = self.get_parent().specific
        if isinstance(parent, NetworkPage):
            return parent
        return self.host_network
