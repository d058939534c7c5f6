"""What crawlers and browsers ask for at the site's root: the sitemap with its language
alternates, robots.txt and the favicon."""

import io

import pytest
from defusedxml import ElementTree as ET
from django.contrib.staticfiles.views import serve as serve_static
from django.test import RequestFactory
from PIL import Image
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from kb.models import ArticlePage

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


@pytest.fixture
def translated(tree, django_capture_on_commit_callbacks):
    """A public article in bokmål with its English translation, and one without."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    article = tree.knowledge.add_child(
        instance=ArticlePage(title="Rus og arbeid", slug="rus-og-arbeid", intro="Ingress.")
    )
    article.save_revision().publish()
    lonely = tree.knowledge.add_child(
        instance=ArticlePage(title="Bare norsk", slug="bare-norsk", intro="Ingress.")
    )
    lonely.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(article)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation, _ = source.create_or_update_translation(
            english, copy_parent_pages=True, fallback=True
        )
    for page in translation.get_ancestors().filter(depth__gt=1).specific():
        if not page.live:
            page.save_revision().publish()
    translation.refresh_from_db()
    article.refresh_from_db()
    return article, translation, lonely


@pytest.mark.django_db
def test_the_sitemap_lists_both_languages_with_each_other_as_alternates(client, translated):
    article, translation, lonely = translated
    urls = _sitemap(client)
    nb_url, en_url = article.get_full_url(), translation.get_full_url()
    assert "/en/" in en_url
    assert urls[nb_url] == {"nb": nb_url, "en": en_url, "x-default": nb_url}
    assert urls[en_url] == {"nb": nb_url, "en": en_url, "x-default": nb_url}
    # A page with no translation has no alternates to name.
    assert urls[lonely.get_full_url()] == {}
    # The English home page and section, which wagtail-localize made as aliases of the bokmål
    # ones (they show the bokmål pages until translated), are left out; the originals are in.
    for english_parent in translation.get_ancestors().filter(depth__gt=1):
        assert english_parent.alias_of_id is not None
        assert english_parent.get_full_url() not in urls
        assert english_parent.alias_of.get_full_url() in urls


@pytest.mark.django_db
def test_an_alias_is_left_out_its_original_is_listed(client, translated, tree):
    article, _translation, _lonely = translated
    alias = article.create_alias(parent=tree.networks, update_slug="rus-og-arbeid-kopi")
    urls = _sitemap(client)
    assert article.get_full_url() in urls
    assert alias.get_full_url() not in urls


@pytest.mark.django_db
def test_an_unpublished_translation_is_not_an_alternate(client, translated):
    article, translation, _lonely = translated
    translation.unpublish()
    urls = _sitemap(client)
    assert translation.get_full_url() not in urls
    assert urls[article.get_full_url()] == {}


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_search_admin_and_api_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/search/", "/en/search/", "/admin/", "/django-admin/", "/api/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    secure = client.get("/robots.txt", secure=True).content.decode()
    assert "Sitemap: https://testserver/sitemap.xml" in secure.splitlines()


@pytest.mark.django_db
def test_favicon_ico_answers_with_the_icon(client, tree):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/static/") and location.endswith(".ico")
    icon = serve_static(RequestFactory().get(location), location.removeprefix("/static/"), True)
    assert icon.status_code == 200
    image = Image.open(io.BytesIO(b"".join(icon.streaming_content)))
    assert image.format == "ICO"
    assert (32, 32) in image.info["sizes"]
    page = client.get(tree.home.url).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
