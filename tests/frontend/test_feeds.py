"""RSS and Atom feeds of new articles and new presentations (all, per network, per topic):
valid feeds (read by feedparser), linked from the pages they list, public items only."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, PageViewRestriction

from kb import groups
from kb.enums import DocumentKind
from tests.factories import (
    AlorDocumentFactory,
    ArticlePageFactory,
    NetworkPageFactory,
    PersonFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def read(client, url, kind="rss"):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    expected = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    return feed


def titles(feed):
    return {entry.title for entry in feed.entries}


@pytest.fixture
def archive(site_tree, locale_nb, rag_user):
    class Archive:
        pass

    a = Archive()
    a.tree = site_tree
    a.topic = TopicFactory(name="Sykefravær", slug="sykefravaer", locale=locale_nb)
    a.other_topic = TopicFactory(name="Spill", slug="spill", locale=locale_nb)
    a.person = PersonFactory(name="Kari Nordmann", locale=locale_nb)
    knowledge = site_tree.knowledge
    a.article = ArticlePageFactory(
        parent=knowledge, title="Rus og fravær", intro="Om fravær.", topics=[a.topic]
    )
    a.draft = ArticlePageFactory(
        parent=knowledge, title="Kladd om fravær", live=False, publish=False, revision=True
    )
    a.private_article = ArticlePageFactory(parent=knowledge, title="Bare for innloggede")
    PageViewRestriction.objects.create(
        page=a.private_article, restriction_type=PageViewRestriction.LOGIN
    )
    a.bergen = NetworkPageFactory(parent=site_tree.networks, city="Bergen", slug="bergen")
    a.molde = NetworkPageFactory(parent=site_tree.networks, city="Molde", slug="molde")
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    a.bergen_talk = AlorDocumentFactory(
        title="Fravær i Bergen",
        kind=DocumentKind.PRESENTATION,
        network=a.bergen,
        topics=[a.topic],
        description="Lysark fra vårsamlingen.",
    )
    a.bergen_talk.speakers.set([a.person])
    a.molde_talk = AlorDocumentFactory(
        title="Spill i Molde", kind=DocumentKind.PRESENTATION, network=a.molde,
        topics=[a.other_topic],
    )  # fmt: skip
    a.private_talk = AlorDocumentFactory(
        title="Intern presentasjon", kind=DocumentKind.PRESENTATION, network=a.bergen,
        topics=[a.topic], collection=rag,
    )  # fmt: skip
    a.minutes = AlorDocumentFactory(title="Referat fra RAG", kind=DocumentKind.MINUTES)
    return a


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_article_feed_lists_only_live_public_articles(client, archive, kind, rag_user):
    url = "/feed/artikler/" + ("atom/" if kind == "atom" else "")
    feed = read(client, url, kind)
    assert "Rus og fravær" in titles(feed)
    assert not titles(feed) & {"Kladd om fravær", "Bare for innloggede"}
    entry = next(e for e in feed.entries if e.title == "Rus og fravær")
    assert entry.link.endswith(archive.article.url)
    assert "Om fravær." in entry.summary
    assert "Sykefravær" in {tag.term for tag in entry.tags}
    client.force_login(rag_user)  # signed in or not: a feed is passed on, so public only
    assert "Bare for innloggede" not in titles(read(client, url, kind))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_presentation_feeds_list_only_public_presentations(client, archive, kind, rag_user):
    suffix = "atom/" if kind == "atom" else ""
    client.force_login(rag_user)
    every = read(client, f"/feed/presentasjoner/{suffix}", kind)
    assert titles(every) == {"Fravær i Bergen", "Spill i Molde"}
    bergen = read(client, f"/feed/presentasjoner/nettverk/bergen/{suffix}", kind)
    assert titles(bergen) == {"Fravær i Bergen"}
    on_topic = read(client, f"/feed/presentasjoner/tema/sykefravaer/{suffix}", kind)
    assert titles(on_topic) == {"Fravær i Bergen"}
    entry = bergen.entries[0]
    assert entry.link.endswith(f"/dokumenter/{archive.bergen_talk.pk}/")
    assert "Kari Nordmann" in entry.summary
    assert "Lysark fra vårsamlingen." in entry.summary


def test_rss_items_carry_the_file_as_enclosure(client, archive):
    entry = read(client, "/feed/presentasjoner/nettverk/bergen/").entries[0]
    enclosure = entry.enclosures[0]
    assert enclosure.href.endswith(f"/dokumenter/{archive.bergen_talk.pk}/last-ned/")
    assert enclosure.type == "application/pdf"


def test_unknown_or_hidden_networks_and_topics_are_not_found(client, archive):
    assert client.get("/feed/presentasjoner/nettverk/finnes-ikke/").status_code == 404
    assert client.get("/feed/presentasjoner/tema/finnes-ikke/").status_code == 404
    PageViewRestriction.objects.create(
        page=archive.molde, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/feed/presentasjoner/nettverk/molde/").status_code == 404
    archive.bergen.unpublish()
    assert client.get("/feed/presentasjoner/nettverk/bergen/").status_code == 404


def _alternates(html):
    return [
        line.strip() for line in html.splitlines() if 'rel="alternate" type="application/' in line
    ]


def test_pages_link_the_feeds_of_what_they_list(client, archive):
    pages = {
        archive.tree.knowledge.url: "/feed/artikler/",
        archive.tree.knowledge.url + "?tema=sykefravaer": "/feed/presentasjoner/tema/sykefravaer/",
        archive.bergen.url: "/feed/presentasjoner/nettverk/bergen/",
        archive.tree.national.url: "/feed/presentasjoner/",
    }
    for url, feed in pages.items():
        html = client.get(url).content.decode()
        links = _alternates(html)
        assert any(f'href="{feed}"' in link for link in links), (url, links)
        assert any(f'href="{feed}atom/"' in link for link in links), (url, links)
        assert f'<a href="{feed}" type="application/rss+xml">RSS</a>' in html, url
        read(client, feed)
        read(client, f"{feed}atom/", "atom")
    assert not _alternates(client.get(archive.article.url).content.decode())


def test_a_feed_runs_the_same_queries_for_5_and_50_items(client, archive):
    def grow_to(count):
        while archive.bergen.documents.count() < count:
            doc = AlorDocumentFactory(
                kind=DocumentKind.PRESENTATION, network=archive.bergen, topics=[archive.topic]
            )
            doc.speakers.set([archive.person])
        for _ in range(count - archive.tree.knowledge.get_children().count()):
            ArticlePageFactory(
                parent=archive.tree.knowledge,
                topics=[archive.topic],
                author=archive.person,
                date=datetime.date(2025, 1, 1),
            )

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/feed/artikler/", "/feed/presentasjoner/nettverk/bergen/"]
    grow_to(5)
    five = [count(url) for url in urls]
    grow_to(50)
    fifty = [count(url) for url in urls]
    assert five == fifty
