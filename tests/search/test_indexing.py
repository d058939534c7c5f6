"""Indexing on the database backends: a full rebuild writes what item-by-item indexing writes,
without a query per page for its topics or a title-norm scan after every chunk."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from kb.models import ArticlePage, Topic
from search import service
from search.models import SearchFacet
from tests.search.conftest import reindex

IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")


@pytest.fixture
def articles(tree):
    """Six articles, each with two of three topics (page topics are ParentalManyToMany)."""
    locale = Locale.get_default()
    topics = [
        Topic.objects.create(name=name, slug=name.lower(), locale=locale)
        for name in ("Rusmidler", "Kvitveis", "Blåbærlyng")
    ]
    pages = []
    for n in range(6):
        page = tree.knowledge.add_child(
            instance=ArticlePage(
                title=f"Artikkel nummer {n} om arbeidslivet" + " og fravær" * n,
                slug=f"artikkel-{n}",
                intro=f"Innledning {n} om pårørende på arbeidsplassen.",
                date=datetime.date(2020 + n, 1, 1),
            )
        )
        page.topics.add(topics[n % 3], topics[(n + 1) % 3])
        page.save_revision().publish()
        pages.append(page)
    reindex(*pages)
    return pages


def _entries():
    return sorted(
        (e.content_type_id, e.object_id, str(e.title), str(e.body), str(e.autocomplete))
        for e in IndexEntry.objects.all()
    )


def _facets():
    return sorted(
        SearchFacet.objects.values_list("content_type_id", "object_id", "year", "day", "network_id")
    )


def _topic_reads(queries):
    return [q["sql"] for q in queries if "kb_articlepage_topics" in q["sql"]]


def test_full_rebuild_writes_what_item_by_item_indexing_writes(articles):
    before, facets_before = _entries(), _facets()
    assert any("kvitvei" in body for *_key, _title, body, _auto in before)  # the topics
    call_command("update_index", verbosity=0, chunk_size=4)
    # The rebuild also indexes what the fixtures never indexed (the root page, the topics).
    after = _entries()
    assert [entry for entry in after if entry[:2] in {e[:2] for e in before}] == before
    assert set(facets_before) <= set(_facets())
    data = service.search(service.SearchParams(q="kvitveis"))
    assert data.count == 4


def test_full_rebuild_reads_page_topics_once_per_chunk(articles):
    """It used to read an article's topics once per index column: five (PostgreSQL) or
    three (SQLite) queries per article."""
    with CaptureQueriesContext(connection) as ctx:
        call_command("update_index", verbosity=0, chunk_size=4)
    # Two chunks of articles; the other page types and the documents have none to read.
    assert len(_topic_reads(ctx.captured_queries)) <= 2


def test_item_by_item_indexing_reads_topics_once(articles):
    page = ArticlePage.objects.get(pk=articles[0].pk)
    with CaptureQueriesContext(connection) as ctx:
        get_search_backend().add(page)
    assert len(_topic_reads(ctx.captured_queries)) == 1


def test_topics_held_in_memory_are_indexed_as_before(articles):
    """A page carrying unsaved topics (as a revision being published does) is indexed with
    those, also when it is indexed together with others."""
    first, second = (ArticlePage.objects.get(pk=p.pk) for p in articles[:2])
    first.topics = [Topic.objects.get(name="Blåbærlyng")]
    backend = get_search_backend()
    backend.get_index_for_model(ArticlePage).add_items(ArticlePage, [first, second])
    body = str(IndexEntry.objects.get(object_id=str(first.pk)).body)
    assert "blabarlyng" in body and "rusmidl" not in body and "kvitvei" not in body
    body = str(IndexEntry.objects.get(object_id=str(second.pk)).body)
    assert "kvitvei" in body and "blabarlyng" in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="title norms are PostgreSQL's")
def test_full_rebuild_refreshes_title_norms_once(articles):
    """The stock index refreshed the title norms (a scan of the whole index table) after
    every chunk of a full rebuild; the rebuild refreshes them all once at its end."""
    table = IndexEntry._meta.db_table
    with CaptureQueriesContext(connection) as ctx:
        call_command("update_index", verbosity=0, chunk_size=2)
    refreshes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(refreshes) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE length(title) > 0 AND abs(title_norm - "  # noqa: S608
            f"(SELECT avg(length(title)) FROM {table} WHERE length(title) > 0) "
            "/ length(title)) > 1e-9"
        )
        assert cursor.fetchone()[0] == 0
    # Indexing one item afterwards refreshes the norms again (a new entry starts at 1.0).
    page = articles[0].add_sibling(
        instance=ArticlePage(title="Ny artikkel etter gjenoppbyggingen", slug="ny-artikkel")
    )
    page.save_revision().publish()
    assert IndexEntry.objects.get(object_id=str(page.pk)).title_norm != 1.0
