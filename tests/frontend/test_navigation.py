"""The header: main navigation, breadcrumbs, search box and language switcher."""

import re

import pytest
from wagtail.models import Locale

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def nav(page_html):
    return re.search(r'<nav id="main-nav".*?</nav>', page_html, re.S).group(0)


def test_main_navigation_shows_the_public_sections(client, site_tree):
    menu = nav(html(client.get("/")))

    assert f'href="{site_tree.knowledge.url}"' in menu
    assert ">Kunnskap<" in menu and ">Nettverk<" in menu and ">Alor Norge<" in menu
    assert ">RAG<" not in menu


def test_main_navigation_hides_rag_from_other_signed_in_users(client, site_tree, member):
    client.force_login(member)

    assert ">RAG<" not in nav(html(client.get("/")))


def test_main_navigation_shows_rag_to_its_members(client, site_tree, rag_user):
    client.force_login(rag_user)

    assert ">RAG<" in nav(html(client.get("/")))


def test_main_navigation_leaves_out_drafts_and_pages_not_in_the_menu(client, site_tree):
    site_tree.networks.unpublish()
    site_tree.national.show_in_menus = False
    site_tree.national.save()

    menu = nav(html(client.get("/")))

    assert ">Kunnskap<" in menu
    assert ">Nettverk<" not in menu and ">Alor Norge<" not in menu


def test_main_navigation_marks_the_current_section(client, site_tree):
    article = ArticlePageFactory(parent=site_tree.knowledge, title="Om spill")

    menu = nav(html(client.get(article.url)))

    assert f'<a href="{site_tree.knowledge.url}" aria-current="true" class="is-active">' in menu


def test_breadcrumbs_lead_from_the_home_page_to_the_current_page(client, site_tree):
    article = ArticlePageFactory(parent=site_tree.knowledge, title="Om spill")

    page = html(client.get(article.url))
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', page, re.S).group(0)

    assert re.search(
        r'<a href="/">Forside</a>.*<a href="/kunnskap/">Kunnskap</a>.*'
        r'<span aria-current="page">Om spill</span>',
        crumbs,
        re.S,
    )


def test_home_page_has_no_breadcrumbs(client, site_tree):
    assert 'class="breadcrumbs' not in html(client.get("/"))


def test_search_box_sends_q_to_the_search_page(client, site_tree):
    page = html(client.get("/"))

    assert '<form class="search-form" role="search" method="get" action="/search/">' in page
    assert 'id="search-q" name="q"' in page
    assert 'autocomplete="off"' in page
    assert 'data-autocomplete-url="/api/search/autocomplete/"' in page


def test_page_declares_its_language_and_skip_link(client, site_tree):
    page = html(client.get("/"))

    assert '<html lang="nb">' in page
    assert '<a class="skip-link" href="#main">' in page and 'id="main"' in page
    assert 'name="robots"' not in page


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def translated_article(site_tree, english):
    article = ArticlePageFactory(parent=site_tree.knowledge, title="Om spill")
    translation = article.copy_for_translation(english, copy_parents=True)
    translation.title = "About gambling"
    translation.save_revision().publish()
    translation.refresh_from_db()
    return article, translation


def switcher(page_html):
    return re.search(r'<div class="language-switcher">.*?</div>', page_html, re.S).group(0)


def test_language_switcher_links_to_the_english_translation(client, translated_article):
    article, translation = translated_article
    assert translation.url.startswith("/en/")

    links = switcher(html(client.get(article.url)))

    assert f'<a href="{translation.url}" hreflang="en"' in links
    assert 'aria-current="true" lang="nb">NB<' in links


def test_translated_page_declares_its_alternates(client, translated_article):
    article, translation = translated_article

    page = html(client.get(article.url))

    assert f'<link rel="alternate" hreflang="en" href="http://testserver{translation.url}">' in page
    assert f'<link rel="alternate" hreflang="nb" href="http://testserver{article.url}">' in page


def test_language_switcher_links_back_from_english(client, translated_article):
    article, translation = translated_article

    page = html(client.get(translation.url))

    assert '<html lang="en">' in page
    assert f'<a href="{article.url}" hreflang="nb"' in switcher(page)


def test_language_switcher_falls_back_to_the_english_home_page(client, site_tree, english):
    article = ArticlePageFactory(parent=site_tree.knowledge, title="Bare på norsk")

    links = switcher(html(client.get(article.url)))

    assert '<a href="/en/" hreflang="en"' in links


def test_language_switcher_on_a_page_that_is_not_in_the_tree(client, site_tree):
    """Pages outside Wagtail (search, errors) switch language through Django's set_language."""
    page = client.get("/en/finnes-ikke/").content.decode()
    form = re.search(r'<form class="language-switcher__form".*?</form>', page, re.S).group(0)

    assert 'action="/i18n/setlang/"' in form
    assert '<input type="hidden" name="next" value="/finnes-ikke/">' in form
    assert 'name="language" value="nb"' in form and 'name="language" value="en"' in form

    to_english = client.post("/i18n/setlang/", {"language": "en", "next": "/search/?q=rus"})
    assert to_english.status_code == 302
    assert to_english["Location"] == "/en/search/?q=rus"
    to_bokmal = client.post("/i18n/setlang/", {"language": "nb", "next": "/search/?q=rus"})
    assert to_bokmal["Location"] == "/search/?q=rus"


def test_language_switcher_on_the_search_page(client, site_tree):
    page = client.get("/en/search/", {"q": "rus"}).content.decode()
    form = re.search(r'<form class="language-switcher__form".*?</form>', page, re.S).group(0)

    assert '<html lang="en">' in page
    assert '<input type="hidden" name="next" value="/search/?q=rus">' in form
    assert re.search(r'value="en" lang="en"\s+title="English" aria-current="true"', form)
