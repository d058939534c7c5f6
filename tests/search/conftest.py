"""A small Norwegian corpus: articles, a network with a gathering, documents, private items."""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection, Locale
from wagtail.search.index import insert_or_update_object

from kb import groups
from kb.documents.ingest import Stored, ingest
from kb.models import (
    ArticlePage,
    DocumentKind,
    GatheringPage,
    MinutesPage,
    NetworkPage,
    Topic,
)

_file_number = itertools.count(1)


def make_document(title, text, *, collection=None, **extra):
    """A document whose extracted text is `text` (also the file's content).

    Each file gets its own bytes (a trailing run of blank lines) because the database holds one
    document per file; the words stay those of `text`. Stored as an upload is (processed: its
    text read, its thumbnail made)."""
    result = ingest(
        ContentFile((text + "\n" * next(_file_number)).encode(), name="dokument.txt"),
        collection=collection or Collection.get_first_root_node(),
        metadata={"title": title, **extra},
        user=None,
    )
    assert isinstance(result, Stored), result
    return result.document


def reindex(*objects):
    """Index again after many-to-many changes (topics), in every configured backend."""
    for obj in objects:
        obj.refresh_from_db()
        insert_or_update_object(obj.specific if hasattr(obj, "specific") else obj)


@pytest.fixture
def corpus(tree):
    """Pages and documents the relevance tests search."""

    class Corpus:
        pass

    c = Corpus()
    c.topic = Topic.objects.create(
        name="Sykefravær", slug="sykefravaer", locale=Locale.get_default()
    )
    add = tree.knowledge.add_child
    c.alcohol = add(
        instance=ArticlePage(
            title="Sykefravær og alkohol i arbeidslivet",
            slug="sykefravaer-og-alkohol",
            intro="Hvordan alkoholbruk henger sammen med fravær på arbeidsplassen.",
            date=datetime.date(2025, 3, 1),
        )
    )
    c.alcohol.topics.add(c.topic)
    c.alcohol.save_revision().publish()
    c.relatives = add(
        instance=ArticlePage(
            title="Pårørende på jobben",
            slug="parorende-pa-jobben",
            intro="Når en kollega er pårørende til noen med rusproblemer.",
            date=datetime.date(2024, 5, 2),
        )
    )
    c.gambling = add(
        instance=ArticlePage(
            title="Spilleavhengighet blant ansatte",
            slug="spilleavhengighet",
            intro="Pengespill og dataspill på arbeidsplassen.",
            date=datetime.date(2023, 1, 5),
        )
    )
    c.network = tree.networks.add_child(
        instance=NetworkPage(
            title="alor Møre og Romsdal", slug="more-og-romsdal", city="Ålesund", region="vest"
        )
    )
    c.gathering = c.network.add_child(
        instance=GatheringPage(
            title="Nettverkssamling våren 2025",
            slug="samling-2025",
            start_date=datetime.date(2025, 4, 10),
            venue="Scandic Parken, Ålesund",
            intro="<p>Programmet for samlingen: arbeidsgivere og ledere møtes.</p>",
        )
    )
    c.slides = make_document(
        "Presentasjon: rusmiddelbruk og fravær",
        "Lysark om rusmiddelbruken blant unge arbeidstakere og sykefraværet deres.",
        kind=DocumentKind.PRESENTATION,
        network=c.network,
        gathering=c.gathering,
        year=2025,
    )
    c.slides.topics.add(c.topic)
    c.gambling_talk = make_document(
        "Foredrag fra samlingen",
        "Gambling og andre spillproblemer blant arbeidstakere.",
        kind=DocumentKind.PRESENTATION,
        year=2024,
    )
    c.scan = make_document(
        "Skannet program",
        "Program for Alor Norge. Møtet handler om pårørendes situasjon.",
        kind=DocumentKind.PROGRAMME,
        year=2026,
    )
    reindex(c.alcohol, c.slides)
    return c


@pytest.fixture
def private_items(tree):
    """One item per privacy case, each with its own word so a search finds just it."""

    class Items:
        pass

    items = Items()
    items.public_page = tree.knowledge.add_child(
        instance=ArticlePage(title="Kvitsteinrapporten", slug="kvitstein", intro="Kvitstein.")
    )
    items.draft_page = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Utkastordet i en kladd", slug="kladd", intro="Utkastordet.", live=False
        )
    )
    items.rag_page = tree.meetings.add_child(
        instance=MinutesPage(
            title="Ragmøtereferat om Fjellrev",
            slug="fjellrev",
            meeting_date=datetime.date(2026, 1, 27),
        )
    )
    items.public_document = make_document("Offentlig Kornblomst", "Kornblomst i teksten.")
    items.rag_document = make_document(
        "Signert Hvitveis",
        "Hvitveis står i avtalen.",
        collection=Collection.objects.get(name=groups.RAG_COLLECTION),
    )
    return items
