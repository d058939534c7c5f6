"""A topic's page (the knowledge index filtered by `?tema=`): its articles, and the gatherings
and documents the archive holds on it, never «ingen» when there is something."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection

from kb import groups
from kb.models import DocumentKind
from tests.factories import (
    AlorDocumentFactory,
    ArticlePageFactory,
    GatheringPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NOTHING = "Ingen artikler om dette temaet."


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def spill(locale_nb):
    return TopicFactory(name="spill", slug="spill", locale=locale_nb)


def test_a_topic_without_articles_lists_its_gatherings_and_documents(client, site_tree, spill):
    GatheringPageFactory(
        parent=site_tree.national,
        title="Samling om spill",
        topics=[spill],
        start_date=datetime.date(2025, 6, 1),
    )
    AlorDocumentFactory(
        title="Spillpolicy i praksis", kind=DocumentKind.PRESENTATION, topics=[spill]
    )
    AlorDocumentFactory(title="Om noe annet")

    page = html(client.get(site_tree.knowledge.url, {"tema": "spill"}))

    assert NOTHING not in page
    assert "Samling om spill" in page
    assert "Spillpolicy i praksis" in page and "Om noe annet" not in page
    assert "/search/?type=gathering&amp;topic=spill" in page
    assert "Se 1 samling om spill i søket" in page
    assert "/search/?type=document&amp;topic=spill" in page
    assert "Se 1 dokument om spill i søket" in page


def test_articles_come_first_then_the_archive(client, site_tree, spill):
    ArticlePageFactory(parent=site_tree.knowledge, title="Artikkel om spill", topics=[spill])
    AlorDocumentFactory(title="Presentasjon om spill", topics=[spill])

    page = html(client.get(site_tree.knowledge.url, {"tema": "spill"}))

    assert page.index("Artikkel om spill") < page.index("Presentasjon om spill")
    assert "1 artikkel" in page


def test_a_topic_with_nothing_says_so(client, site_tree, spill):
    page = html(client.get(site_tree.knowledge.url, {"tema": "spill"}))

    assert NOTHING in page
    assert "topic=spill" not in page


def test_drafts_and_private_documents_are_not_listed_or_counted(client, site_tree, spill, rag_user):
    GatheringPageFactory(
        parent=site_tree.national, title="Utkast om spill", topics=[spill], live=False
    )
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    AlorDocumentFactory(title="Lukket om spill", topics=[spill], collection=rag)

    page = html(client.get(site_tree.knowledge.url, {"tema": "spill"}))

    assert "Utkast om spill" not in page and "Lukket om spill" not in page
    assert NOTHING in page
    client.force_login(rag_user)
    member_page = html(client.get(site_tree.knowledge.url, {"tema": "spill"}))
    assert "Lukket om spill" in member_page and NOTHING not in member_page


def test_the_archive_lists_the_newest_six_and_counts_all(client, site_tree, spill):
    for n in range(8):
        AlorDocumentFactory(title=f"Spill {n}", topics=[spill], year=2010 + n)

    page = html(client.get(site_tree.knowledge.url, {"tema": "spill"}))

    assert page.count('class="document-link"') == 6
    assert "Spill 7" in page and "Spill 1" not in page
    assert "Se alle 8 dokumenter om spill i søket" in page


def count_queries(client, url, data):
    client.get(url, data)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries)


def test_the_topic_page_runs_as_many_queries_for_50_items_as_for_5(client, site_tree, spill):
    def grow_to(count):
        for _ in range(count - site_tree.knowledge.get_children().count()):
            ArticlePageFactory(parent=site_tree.knowledge, topics=[spill])
            GatheringPageFactory(parent=site_tree.national, topics=[spill])
            AlorDocumentFactory(topics=[spill], year=2025)

    grow_to(5)
    five = count_queries(client, site_tree.knowledge.url, {"tema": "spill"})
    grow_to(50)
    fifty = count_queries(client, site_tree.knowledge.url, {"tema": "spill"})

    assert five == fifty
