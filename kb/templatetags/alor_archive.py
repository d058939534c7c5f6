"""Template tags of the presentation archive: a gathering's zip, the feeds of a page."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from kb.documents.gathering_zip import gathering_zip as make_gathering_zip
from kb.models import KnowledgeIndexPage, NationalGatheringIndexPage, NetworkPage
from kb.privacy import visibility_of

register = template.Library()


@register.simple_tag(takes_context=True)
def gathering_zip(context, gathering):
    """The visitor's presentations of `gathering` as one download: `.count`, `.url`,
    `.total_bytes`, `.too_big`, `.limit`.

    Usage: ``{% gathering_zip page as bundle %}{% if bundle.count %}…``
    """
    return make_gathering_zip(visibility_of(context.get("request")), gathering)


def _feed(title, name, *args):
    return {
        "title": title,
        "rss": reverse(name, args=args),
        "atom": reverse(f"{name}_atom", args=args),
    }


@register.simple_tag(takes_context=True)
def page_feeds(context):
    """The feeds of what the current page lists, for its <link rel="alternate"> and its
    visible link: the articles on the knowledge index (and a topic's presentations when it is
    filtered by one), a network's presentations on its page, all presentations on the
    national gatherings' index. None for a page a visitor who is not signed in may not see:
    its feed would be empty or not found."""
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return []
    if not visibility_of(context.get("request")).public().can_view_page(page):
        return []
    feeds = []
    if isinstance(page, KnowledgeIndexPage):
        feeds.append(_feed(_("Nye artikler"), "kb_feed_articles"))
        topic = context.get("topic")
        if topic is not None:
            title = _("Nye presentasjoner om %(topic)s") % {"topic": topic.name}
            feeds.append(_feed(title, "kb_feed_topic", topic.slug))
    elif isinstance(page, NetworkPage):
        title = _("Nye presentasjoner fra %(network)s") % {"network": page.title}
        feeds.append(_feed(title, "kb_feed_network", page.slug))
    elif isinstance(page, NationalGatheringIndexPage):
        feeds.append(_feed(_("Nye presentasjoner"), "kb_feed_presentations"))
    return feeds
