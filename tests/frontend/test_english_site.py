"""The English site stays English: its menus, breadcrumbs and links lead to English pages, its
alternates name only translations that exist, its language switcher says when a page has
none, and a bokmål page is never served under /en/ as if it were English.

Most tests walk the demo site (loaded once for the module, rolled back at the end), whose
English pages are wagtail-localize translations (kb/demo/english.py).
"""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale

from kb.models import ArticlePage, GovernanceIndexPage, KnowledgeIndexPage
from tests.factories import ArticlePageFactory

# Addresses outside the pages, in no language: files, the admin, the assets.
NOT_PAGES = ("/admin/", "/documents/", "/static/", "/media/", "/api/", "/i18n/")
# The files behind a document's page, the same for both languages (kb/documents/urls.py).
FILES = re.compile(r"^/dokumenter/\d+/(last-ned/|miniatyr\.png|side-\d+\.png|versjoner/)|\.zip$")


class _Links(HTMLParser):
    """The <a href> of a page, those inside the language switcher apart, and apart those that
    say they lead to a page in another language (hreflang: a page with no English yet)."""

    def __init__(self):
        super().__init__()
        self.links, self.switcher_links, self._switcher_depth = [], [], 0
        self.announced = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = self._switcher_depth or attrs.get("class") == "language-switcher"
        if tag == "div" and inside:
            self._switcher_depth += 1
        if tag == "a" and attrs.get("href"):
            if self._switcher_depth:
                self.switcher_links.append(attrs["href"])
            elif attrs.get("hreflang", "en") != "en":
                self.announced.append(attrs["href"])
            else:
                self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div" and self._switcher_depth:
            self._switcher_depth -= 1


def _links(html):
    parser = _Links()
    parser.feed(html)
    return parser


def _alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def _switcher(html):
    return re.search(r'<div class="language-switcher">.*?</div>', html, re.S).group(0)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--no-progress", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def english(demo, db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def articles(english):
    """The 2017 article in both languages, and an article with no English translation."""
    nb = ArticlePage.objects.get(slug="virksomme-nettverk-innen-arbeidsliv-og-rus")
    en = nb.get_translation(english)
    untranslated = ArticlePage.objects.get(slug="tilskuddsbrevet-2025-rusmiddelbruk-i-arbeidslivet")
    assert not untranslated.has_translation(english)
    return nb, en, untranslated


def test_walking_the_english_site_never_leads_to_a_bokmal_page(client, english):
    seen, queue, outside = set(), deque(["/en/"]), []
    while queue and len(seen) < 80:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a feed: /en/feed/… lists the English site's items
        html = response.content.decode()
        assert '<html lang="en">' in html, path
        for href in _links(html).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # another site, or an anchor on this page
            if parts.path.startswith(NOT_PAGES) or FILES.search(parts.path):
                continue
            if not parts.path.startswith("/en/"):
                outside.append((path, href))
                continue
            queue.append(parts.path)
    assert outside == []
    # The walk went through the sections, the networks, the gathering and the articles.
    assert {"/en/knowledge/", "/en/networks/", "/en/alor-norge/"} <= seen
    assert "/en/alor-norge/alor-norge-2026/" in seen
    assert "/en/networks/stavanger/" in seen
    assert any(p.startswith("/en/knowledge/effective-networks") for p in seen)


def test_the_english_menu_and_breadcrumbs_name_the_english_pages(client, articles):
    _nb, en, _ = articles
    html = client.get(en.url).content.decode()
    menu = re.search(r'<nav id="main-nav".*?</nav>', html, re.S).group(0)
    assert ">Knowledge</a>" in menu and ">Networks</a>" in menu and ">Alor Norge</a>" in menu
    assert "Kunnskap" not in menu and "Nettverk" not in menu
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    assert '<a href="/en/knowledge/">Knowledge</a>' in crumbs


def test_a_section_with_no_translation_is_in_the_menu_marked_as_bokmal(
    client, articles, django_user_model
):
    """RAG's private section is not translated: its members find it in the English menu,
    marked as bokmål, leading to the bokmål page."""
    rag = GovernanceIndexPage.objects.get()
    user = django_user_model.objects.create_user("rag-en", password="pw")
    user.groups.add(*rag.view_restrictions.get().groups.all())
    client.force_login(user)
    _nb, en, _ = articles
    html = client.get(en.url).content.decode()
    assert f'<a href="{rag.url}" lang="nb" hreflang="nb">RAG</a>' in html


def test_a_translated_page_names_both_languages_and_the_default(client, articles):
    nb, en, _ = articles
    for page in (nb, en):
        alternates = _alternates(client.get(page.url).content.decode())
        assert alternates == {
            "nb": f"http://testserver{nb.url}",
            "en": f"http://testserver{en.url}",
            "x-default": f"http://testserver{nb.url}",
        }


def test_a_page_with_no_translation_names_no_english_alternate(client, articles):
    _nb, _en, untranslated = articles
    alternates = _alternates(client.get(untranslated.url).content.decode())
    url = f"http://testserver{untranslated.url}"
    assert alternates == {"nb": url, "x-default": url}


def test_the_switcher_leads_to_the_translation_of_the_page(client, articles):
    nb, en, _ = articles
    assert f'<a href="{en.url}" hreflang="en" lang="en"' in _switcher(
        client.get(nb.url).content.decode()
    )
    assert f'<a href="{nb.url}" hreflang="nb" lang="nb"' in _switcher(
        client.get(en.url).content.decode()
    )


def test_the_switcher_on_an_untranslated_page_says_so_and_offers_the_nearest(
    client, articles, english
):
    _nb, _en, untranslated = articles
    knowledge = KnowledgeIndexPage.objects.get(locale__language_code="nb")
    english_knowledge = knowledge.get_translation(english)
    switcher = _switcher(client.get(untranslated.url).content.decode())
    assert 'class="language-switcher__missing"' in switcher
    assert 'class="language-switcher__note" lang="en"' in switcher
    assert f'<a href="{english_knowledge.url}" hreflang="en">' in switcher
    assert "«Knowledge»" in switcher
    assert 'rel="alternate"' not in switcher


def test_an_untranslated_page_asked_for_under_en_goes_to_the_bokmal_page(client, articles):
    _nb, _en, untranslated = articles
    response = client.get("/en" + untranslated.url)
    assert response.status_code == 302
    assert response["Location"] == untranslated.url


def test_a_bokmal_address_under_en_goes_to_the_english_translation(client, articles):
    nb, en, _ = articles
    response = client.get("/en" + nb.url)
    assert response.status_code == 302
    assert response["Location"] == en.url


def test_a_private_page_under_en_stays_not_found(client, english):
    rag = GovernanceIndexPage.objects.get()
    assert client.get("/en" + rag.url).status_code == 404
    assert client.get("/en/finnes-ikke/").status_code == 404


@pytest.mark.django_db
def test_without_an_english_home_page_bokmal_pages_are_not_served_under_en(client, site_tree):
    Locale.objects.get_or_create(language_code="en")
    article = ArticlePageFactory(parent=site_tree.knowledge, title="Bare på norsk")
    response = client.get("/en" + article.url)
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert client.get("/en/").status_code == 302


@pytest.mark.django_db
def test_an_alias_standing_in_for_a_section_declares_its_bokmal_text(client, site_tree):
    english = Locale.objects.get_or_create(language_code="en")[0]
    article = ArticlePageFactory(parent=site_tree.knowledge, title="Om spill")
    translation = article.copy_for_translation(english, copy_parents=True)
    translation.title = "About gambling"
    translation.save_revision().publish()
    alias = site_tree.knowledge.get_translation(english)
    assert alias.alias_of_id == site_tree.knowledge.pk
    html = client.get(alias.url).content.decode()
    assert '<html lang="nb">' in html
    assert "en" not in _alternates(html)
    # The English article under it names the section by its bokmål page.
    crumbs = client.get(translation.url).content.decode()
    assert f'<a href="{site_tree.knowledge.url}" lang="nb" hreflang="nb">Kunnskap</a>' in crumbs
