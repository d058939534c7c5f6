"""The home page: coming gatherings, the latest articles and the networks."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kb.blocks import RICH_FEATURES
from kb.models import ArticlePage, GatheringPage, NetworkPage


class HomePage(Page):
    intro = RichTextField(_("ingress"), blank=True, features=RICH_FEATURES)

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "kb.KnowledgeIndexPage",
        "kb.NetworkIndexPage",
        "kb.NationalGatheringIndexPage",
        "kb.GovernanceIndexPage",
    ]
    template = "home/home_page.html"

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("forside")

    def coming_gatherings(self, limit=3):
        """Gatherings from today on; the latest one when none is planned."""
        gatherings = (
            GatheringPage.objects.live()
            .public()
            .descendant_of(self)
            .defer_streamfields()
            .select_related("host_network")
        )
        today = timezone.localdate()
        coming = list(gatherings.filter(start_date__gte=today).order_by("start_date")[:limit])
        if coming:
            return coming, False
        return list(gatherings.order_by("-start_date")[:1]), True

    def latest_articles(self, limit=4):
        return list(
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .defer_streamfields()
            .order_by("-date", "-first_published_at")[:limit]
        )

    def networks(self):
        return list(NetworkPage.objects.live().public().descendant_of(self).order_by("title"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        gatherings, only_past = self.coming_gatherings()
        context["gatherings"] = gatherings
        context["gatherings_are_past"] = only_past
        context["articles"] = self.latest_articles()
        context["networks"] = self.networks()
        return context
