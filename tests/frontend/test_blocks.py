"""Body blocks render as a reader expects; private documents stay hidden; noindex works."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.rich_text import RichText

from kb.models import AlorImage
from tests.factories import AlorDocumentFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_article_body_blocks(client, site_tree):
    image = AlorImage.objects.create(title="Deltakere", file=get_test_image_file())
    public = AlorDocumentFactory(title="Årsrapport 2025", kind="report")
    private = AlorDocumentFactory(
        title="Signert avtale", collection=Collection.objects.get(name="RAG")
    )
    article = ArticlePageFactory(
        parent=site_tree.knowledge,
        title="Blokker",
        body=[
            ("heading", {"text": "Et underpunkt", "level": "h3"}),
            ("paragraph", RichText("<p>Vanlig <b>tekst</b>.</p>")),
            (
                "figure",
                {
                    "image": {"image": image, "alt_text": "Folk i en sal", "decorative": False},
                    "caption": "Alor Norge 2025",
                },
            ),
            ("document", {"document": public, "label": "Les årsrapporten"}),
            ("document", {"document": private, "label": "Les avtalen"}),
        ],
    )

    page = client.get(article.url).content.decode()

    assert '<h3 id="et-underpunkt">Et underpunkt</h3>' in page
    assert '<nav class="toc"' not in page  # one heading needs no table of contents
    assert "Vanlig <b>tekst</b>." in page
    assert 'alt="Folk i en sal"' in page and "<figcaption>Alor Norge 2025</figcaption>" in page
    assert "Les årsrapporten" in page and public.get_absolute_url() in page
    assert "Les avtalen" not in page and private.get_absolute_url() not in page


def test_article_with_several_headings_gets_a_table_of_contents(client, site_tree):
    article = ArticlePageFactory(
        parent=site_tree.knowledge,
        body=[
            ("heading", {"text": "Bakgrunn", "level": "h2"}),
            ("paragraph", RichText("<p>Tekst.</p>")),
            ("heading", {"text": "Funn og anbefalinger", "level": "h2"}),
        ],
    )

    page = client.get(article.url).content.decode()

    assert '<a href="#bakgrunn">Bakgrunn</a>' in page
    assert '<a href="#funn-og-anbefalinger">Funn og anbefalinger</a>' in page
    assert '<h2 id="funn-og-anbefalinger">' in page


def test_private_document_block_shows_to_rag(client, site_tree, rag_user):
    private = AlorDocumentFactory(
        title="Signert avtale", collection=Collection.objects.get(name="RAG")
    )
    article = ArticlePageFactory(
        parent=site_tree.knowledge,
        body=[("document", {"document": private, "label": "Les avtalen"})],
    )
    client.force_login(rag_user)

    assert "Les avtalen" in client.get(article.url).content.decode()


def _render_base(**context):
    request = RequestFactory().get("/search/")
    request.user = AnonymousUser()
    return render_to_string("base.html", context, request=request)


def test_noindex_only_when_asked(site_tree):
    assert '<meta name="robots" content="noindex">' in _render_base(noindex=True)
    assert 'name="robots"' not in _render_base()
