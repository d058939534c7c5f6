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

    def coming_gatherings(self, visibility, limit=3):
        """Gatherings from today on; the latest one when none is planned. `visibility`
        (kb.privacy.Visibility) decides which the user may see, as in every listing below."""
        gatherings = (
            visibility.pages(GatheringPage.objects.descendant_of(self))
            .defer_streamfields()
            .select_related("host_network")
        )
        today = timezone.localdate()
        coming = list(gatherings.filter(start_date__gte=today).order_by("start_date")[:limit])
        if coming:
            return coming, False
        return list(gatherings.order_by("-start_date")[:1]), True

    def latest_articles(self, visibility, limit=4):
        return list(
            visibility.pages(ArticlePage.objects.descendant_of(self))
            .defer_streamfields()
            .order_by("-date", "-first_published_at")[:limit]
        )

    def networks(self, visibility):
        return list(visibility.pages(NetworkPage.objects.descendant_of(self)).order_by("title"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visibility = request.visibility
        gatherings, only_past = self.coming_gatherings(visibility)
        context["gatherings"] = gatherings
        context["gatherings_are_past"] = only_past
        context["articles"] = self.latest_articles(visibility)
        context["networks"] = self.networks(visibility)
        return context
