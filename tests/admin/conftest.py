"""Content the admin must not name to everyone: one item per case, each with its own word."""

import datetime
from functools import partial

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, PageViewRestriction

from kb import groups
from kb.models import AlorDocument
from tests.factories import ArticlePageFactory, MinutesPageFactory, NetworkPageFactory

HIDDEN_WORDS = ["Fjellrev", "Hvitveis", "Omdøpt", "Blåbær", "Multe", "Tyttebær"]


def make_document(title, collection_name):
    # Each file its own bytes: the database holds one document per file.
    return AlorDocument.objects.create(
        title=title,
        file=ContentFile(f"Tekst om {title}.".encode(), name="dokument.txt"),
        extracted_text="Tekst.",
        collection=Collection.objects.get(name=collection_name),
    )


@pytest.fixture
def content(tree, django_user_model):
    """Public pages, and one page or document per kind of thing a user may not know of."""

    class Content:
        pass

    c = Content()
    article = partial(ArticlePageFactory, parent=tree.knowledge)
    c.public = article(title="Offentlig Kvitstein", slug="kvitstein")
    c.renamed = article(title="Levende Kornblomst", slug="kornblomst")
    c.renamed.title = "Omdøpt Kornblomst"
    c.renamed.save_revision()  # a draft title of a live page, not published
    c.draft = article(title="Kladd Fjellrev", slug="kladd", live=False)
    c.rag = MinutesPageFactory(
        parent=tree.meetings,
        title="Ragreferat Hvitveis",
        slug="hvitveis",
        meeting_date=datetime.date(2026, 1, 27),
    )
    c.leaders_only = article(title="Ledernotat Blåbær", slug="blabaer")
    restriction = PageViewRestriction.objects.create(
        page=c.leaders_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=groups.LEADERS))
    c.password = article(title="Passordside Multe", slug="multe")
    PageViewRestriction.objects.create(
        page=c.password, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    # The Stavanger network: its host group edits it (kb.signal_handlers), and its host's own draft.
    c.network = NetworkPageFactory(
        parent=tree.networks, title="alor Rogaland", slug="rogaland", city="Stavanger"
    )
    c.host_draft = ArticlePageFactory(
        parent=c.network, title="Vertens kladd Rogn", slug="rogn", live=False
    )
    c.public_document = make_document("Felles Løvetann", groups.SHARED_COLLECTION)
    c.rag_document = make_document("Tyttebær-avtalen", groups.RAG_COLLECTION)
    return c


@pytest.fixture
def stavanger_host(network_host, content):
    """`vert`: a network host who hosts the Stavanger network (edits its pages)."""
    network_host.groups.add(Group.objects.get(name=groups.network_host_group_name("Stavanger")))
    return network_host


def assert_hidden(html, *, allowed=(), words=HIDDEN_WORDS):
    """None of the hidden items' words in `html`, except those in `allowed`."""
    shown = [w for w in words if w not in allowed and w in html]
    assert shown == [], f"the admin names {shown}"
