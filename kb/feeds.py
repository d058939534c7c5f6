"""RSS and Atom feeds: new articles, and new presentations (all, per network, per topic).

A feed is read by programs that keep and pass on what they fetched, so it lists only what a
visitor who is not signed in may see (`Visibility().public()`), whoever asks: live pages under
no restriction, documents outside the private collections. Each feed is one query for its
items, with their topics and speakers prefetched.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from kb.enums import DocumentKind
from kb.models import AlorDocument, ArticlePage, KnowledgeIndexPage, NetworkPage, Topic
from kb.privacy import Visibility

# How many items a feed holds: the newest.
FEED_LENGTH = 30


def _public() -> Visibility:
    return Visibility(None)


def _as_datetime(day) -> datetime.datetime | None:
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        return day
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class _Context:
    """What one request's feed is about (a Feed object serves every request)."""

    def __init__(self, request, *, network=None, topic=None):
        self.request = request
        self.network = network
        self.topic = topic


class ArticlesFeed(Feed):
    """The newest articles of the knowledge base, in the language of the request."""

    def get_object(self, request, *args, **kwargs):
        return _Context(request)

    def title(self, obj):
        return _("Nye artikler – alor kunnskapsbase")

    def description(self, obj):
        return _("De nyeste artiklene i alor kunnskapsbase.")

    def link(self, obj):
        index = (
            _public().pages(KnowledgeIndexPage.objects.filter(locale=Locale.get_active())).first()
        )
        return (index.get_url(obj.request) if index else None) or "/"

    def items(self, obj):
        articles = _public().pages(ArticlePage.objects.filter(locale=Locale.get_active()))
        return (
            articles.select_related("author")
            .prefetch_related("topics")
            .order_by("-date", "-first_published_at")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or item.search_description

    def item_link(self, item):
        return item.get_url() or "/"

    def item_pubdate(self, item):
        return _as_datetime(item.date)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class PresentationsFeed(Feed):
    """The newest public presentations: all, or one network's (`network` slug), or one
    topic's (`topic` slug)."""

    def get_object(self, request, network=None, topic=None):
        context = _Context(request)
        if network is not None:
            networks = _public().pages(NetworkPage.objects.filter(slug=network))
            found = (
                networks.filter(locale=Locale.get_active()).first()
                or networks.order_by("pk").first()
            )
            if found is None:
                raise Http404
            context.network = found
        if topic is not None:
            context.topic = (
                Topic.objects.filter(slug=topic, locale=Locale.get_active()).first()
                or Topic.objects.filter(slug=topic).first()
            )
            if context.topic is None:
                raise Http404
        return context

    def title(self, obj):
        if obj.network is not None:
            return _("Nye presentasjoner fra %(network)s") % {"network": obj.network.title}
        if obj.topic is not None:
            return _("Nye presentasjoner om %(topic)s") % {"topic": obj.topic.name}
        return _("Nye presentasjoner – alor kunnskapsbase")

    def description(self, obj):
        return _("De nyeste presentasjonene fra nettverkenes samlinger.")

    def link(self, obj):
        if obj.network is not None:
            return obj.network.get_url(obj.request) or "/"
        return "/"

    def items(self, obj):
        documents = AlorDocument.objects.filter(kind=DocumentKind.PRESENTATION)
        if obj.network is not None:
            documents = documents.filter(network=obj.network)
        if obj.topic is not None:
            documents = documents.filter(topics=obj.topic)
        return (
            _public()
            .documents(documents)
            .prefetch_related("topics", "speakers")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        speakers = ", ".join(person.name for person in item.speakers.all())
        parts = [item.description] if item.description else []
        if speakers:
            parts.append(_("Innledere: %(names)s") % {"names": speakers})
        return "\n".join(parts)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_enclosure_url(self, item):
        return item.download_url

    def item_enclosure_length(self, item):
        return item.file_size or 0

    def item_enclosure_mime_type(self, item):
        return item.mime_type or item.content_type


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class PresentationsAtomFeed(PresentationsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


urlpatterns = [
    path("feed/artikler/", ArticlesFeed(), name="kb_feed_articles"),
    path("feed/artikler/atom/", ArticlesAtomFeed(), name="kb_feed_articles_atom"),
    path("feed/presentasjoner/", PresentationsFeed(), name="kb_feed_presentations"),
    path("feed/presentasjoner/atom/", PresentationsAtomFeed(), name="kb_feed_presentations_atom"),
    path(
        "feed/presentasjoner/nettverk/<str:network>/",
        PresentationsFeed(),
        name="kb_feed_network",
    ),
    path(
        "feed/presentasjoner/nettverk/<str:network>/atom/",
        PresentationsAtomFeed(),
        name="kb_feed_network_atom",
    ),
    path("feed/presentasjoner/tema/<str:topic>/", PresentationsFeed(), name="kb_feed_topic"),
    path(
        "feed/presentasjoner/tema/<str:topic>/atom/",
        PresentationsAtomFeed(),
        name="kb_feed_topic_atom",
    ),
]
