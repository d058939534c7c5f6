"""Builders for the visitor-facing tests: sections in the menu, articles, networks, gatherings."""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page
from wagtail.rich_text import RichText

from kb.models import (
    AlorDocument,
    ArticlePage,
    GatheringPage,
    NetworkPage,
    Organisation,
    Person,
    Topic,
)

_counter = itertools.count(1)


@pytest.fixture
def site_tree(tree):
    """The conftest tree with its sections shown in the main menu, as the demo content does."""
    sections = [tree.knowledge, tree.networks, tree.national, tree.governance]
    Page.objects.filter(pk__in=[p.pk for p in sections]).update(show_in_menus=True)
    return tree


def add_article(index, title=None, **fields):
    n = next(_counter)
    fields.setdefault("date", datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    fields.setdefault("body", [("paragraph", RichText(f"<p>Brødtekst {n}</p>"))])
    page = ArticlePage(title=title or f"Artikkel {n}", slug=f"artikkel-{n}", **fields)
    return index.add_child(instance=page)


def add_network(index, city=None, **fields):
    n = next(_counter)
    city = city or f"By{n}"
    fields.setdefault("region", "vest")
    page = NetworkPage(title=f"Alor {city}", slug=f"alor-{city.lower()}-{n}", city=city, **fields)
    return index.add_child(instance=page)


def add_gathering(parent, title=None, start=None, **fields):
    n = next(_counter)
    page = GatheringPage(
        title=title or f"Samling {n}",
        slug=f"samling-{n}",
        start_date=start or datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 300),
        **fields,
    )
    return parent.add_child(instance=page)


def add_document(title, collection=None, **fields):
    document = AlorDocument(
        title=title,
        # The title in the bytes: the database holds one document per file.
        file=ContentFile(
            f"%PDF-1.4\n% alor test: {title}\n".encode(),
            name=f"{title.lower().replace(' ', '-')}.pdf",
        ),
        **fields,
    )
    if collection is not None:
        document.collection = collection
    document._set_document_file_metadata()  # as the upload form does: size and hash
    document.save()
    return document


@pytest.fixture
def person(locale_nb):
    org = Organisation.objects.create(
        name="KORUS Stavanger", short_name="KORUS Stavanger", locale=locale_nb
    )
    return Person.objects.create(
        name="Kari Nordmann", role="rådgiver", organisation=org, locale=locale_nb
    )


@pytest.fixture
def topic(locale_nb):
    return Topic.objects.create(name="Sykefravær", slug="sykefravaer", locale=locale_nb)
