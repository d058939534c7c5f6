"""One rule for every listing: what a user may see, as `request.visibility` decides it.

A listing shows a member what the rules let them see (an article restricted to RAG, to RAG),
and a visitor who is not signed in exactly what Wagtail's `.public()` left them; the rules are
read on first use only, so a request that never asks reads nothing.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from kb import groups
from kb.models import ArticlePage, GatheringPage
from kb.privacy import Visibility

pytestmark = pytest.mark.django_db

RULE_TABLES = (
    "wagtailcore_pageviewrestriction",
    "wagtailcore_collectionviewrestriction",
    "auth_user_groups",
)


def _article(index, title, slug, *, date=None, live=True):
    page = ArticlePage(title=title, slug=slug, date=date or datetime.date(2026, 1, 1), live=live)
    return index.add_child(instance=page)


def _restrict(page, kind, *group_names):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.set(Group.objects.filter(name__in=group_names))


@pytest.fixture
def articles(tree):
    """A public article, one for RAG only, one for anyone signed in, one with a password and a
    draft, in the knowledge index."""
    knowledge = tree.knowledge
    _article(knowledge, "Åpen artikkel", "apen")
    rag = _article(knowledge, "RAG-artikkel", "rag-artikkel", date=datetime.date(2026, 2, 1))
    _restrict(rag, PageViewRestriction.GROUPS, groups.RAG)
    signed_in = _article(knowledge, "Innlogget artikkel", "innlogget")
    _restrict(signed_in, PageViewRestriction.LOGIN)
    password = _article(knowledge, "Passordartikkel", "passord")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    _article(knowledge, "Kladdeartikkel", "kladd", live=False)
    return tree


def _shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    titles = ["Åpen", "RAG-artikkel", "Innlogget artikkel", "Passordartikkel", "Kladdeartikkel"]
    return {title for title in titles if title in html}


def test_a_rag_member_sees_the_rag_article_in_the_knowledge_index(articles, client, rag_user):
    client.force_login(rag_user)
    shown = _shown(client, articles.knowledge.url)
    assert shown == {"Åpen", "RAG-artikkel", "Innlogget artikkel"}


def test_a_rag_member_sees_the_rag_article_among_the_home_pages_latest(articles, client, rag_user):
    client.force_login(rag_user)
    assert "RAG-artikkel" in _shown(client, "/")


def test_a_member_without_the_group_sees_the_signed_in_article_only(articles, client, member):
    client.force_login(member)
    assert _shown(client, articles.knowledge.url) == {"Åpen", "Innlogget artikkel"}
    assert "RAG-artikkel" not in _shown(client, "/")


def test_an_anonymous_visitor_sees_what_public_showed(articles, client):
    public = ArticlePage.objects.child_of(articles.knowledge).live().public()
    assert {p.title for p in public} == {"Åpen artikkel"}
    assert _shown(client, articles.knowledge.url) == {"Åpen"}
    assert _shown(client, "/") == {"Åpen"}


def test_the_listings_follow_the_same_rule_as_the_pages(articles, rag_user, member):
    """A listing holds exactly the pages the user may open (Visibility.can_view_page)."""
    every = list(ArticlePage.objects.child_of(articles.knowledge))
    for user in (None, member, rag_user):
        visibility = Visibility(user)
        listed = set(visibility.pages(ArticlePage.objects.child_of(articles.knowledge)))
        assert listed == {p for p in every if visibility.can_view_page(p)}


def test_a_restricted_gathering_is_listed_for_those_who_may_see_it(tree, client, rag_user):
    gathering = tree.national.add_child(
        instance=GatheringPage(
            title="Lukket samling", slug="lukket", start_date=datetime.date.today()
        )
    )
    _restrict(gathering, PageViewRestriction.GROUPS, groups.RAG)
    assert "Lukket samling" not in client.get(tree.national.url).content.decode()
    client.force_login(rag_user)
    assert "Lukket samling" in client.get(tree.national.url).content.decode()


def test_a_request_that_never_asks_reads_nothing(tree, client, rag_user, django_assert_num_queries):
    """Changing the language asks nothing of the rules, nor of the user: no query at all."""
    client.force_login(rag_user)
    with django_assert_num_queries(0):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_the_rules_are_read_only_when_something_is_checked(tree, client, rag_user):
    """An autocomplete with nothing to complete knows the user, but reads no rule; one with a
    word reads them once."""
    client.force_login(rag_user)
    for q, reads in (("", 0), ("fell", 1)):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/search/autocomplete/", {"q": q})
        assert response.status_code == 200
        for table in RULE_TABLES:
            assert sum(f'"{table}"' in query["sql"] for query in ctx) == reads, (q, table)


def test_the_page_check_the_listing_and_the_menu_share_one_read(articles, client, rag_user):
    """The knowledge index checks its own restrictions, lists its articles and shows the menu:
    the site's rules read the page restrictions once (Wagtail's own check reads them too)."""
    client.force_login(rag_user)
    client.get(articles.knowledge.url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(articles.knowledge.url).status_code == 200
    reads = [q["sql"] for q in ctx if 'FROM "wagtailcore_pageviewrestriction"' in q["sql"]]
    ours = [sql for sql in reads if "page_path" in sql]
    assert len(ours) == 1
