"""A network's page: its gatherings (coming first, then past), the national gatherings it hosts,
and the presentations filed under it, as a visitor sees them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection

from kb import groups
from kb.models import DocumentKind
from tests.factories import AlorDocumentFactory, GatheringPageFactory, NetworkPageFactory

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def stavanger(site_tree):
    return NetworkPageFactory(parent=site_tree.networks, city="Stavanger", slug="stavanger")


def test_coming_gatherings_first_nearest_first_then_past_newest_first(client, stavanger):
    GatheringPageFactory(parent=stavanger, title="Vår i fjor", start_date=days(-300))
    GatheringPageFactory(parent=stavanger, title="Neste høst", start_date=days(200))
    GatheringPageFactory(parent=stavanger, title="Nylig", start_date=days(-20))
    GatheringPageFactory(parent=stavanger, title="Snart", start_date=days(30))
    # Started yesterday, ends tomorrow: still coming (under way).
    GatheringPageFactory(parent=stavanger, title="Pågår", start_date=days(-1), end_date=days(1))

    page = html(client.get(stavanger.url))

    titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', page)
    assert titles == ["Pågår", "Snart", "Neste høst", "Nylig", "Vår i fjor"]
    assert page.index("Kommende samlinger") < page.index("Pågår")
    assert page.index("Snart") < page.index("Tidligere samlinger") < page.index("Nylig")


def test_a_national_gathering_shows_under_its_host_network(client, site_tree, stavanger):
    national = GatheringPageFactory(
        parent=site_tree.national,
        title="Alor Norge 2026",
        host_network=stavanger,
        start_date=days(-170),
    )
    other = NetworkPageFactory(parent=site_tree.networks, city="Bergen")

    page = html(client.get(stavanger.url))

    assert "Nettverket har ingen publiserte samlinger ennå" not in page
    assert f'<a href="{national.url}">Vertskap for Alor Norge 2026</a>' in page
    assert "Alor Norge 2026" not in html(client.get(other.url))


def test_drafts_and_private_gatherings_are_not_listed(client, stavanger):
    GatheringPageFactory(parent=stavanger, title="Kladd", live=False)

    page = html(client.get(stavanger.url))

    assert "Kladd" not in page
    assert "Nettverket har ingen publiserte samlinger ennå." in page


def test_the_gatherings_are_paginated(client, stavanger):
    for n in range(14):
        GatheringPageFactory(
            parent=stavanger, title=f"Samling nr {n:02d}", start_date=days(-10 - n)
        )

    first = html(client.get(stavanger.url))
    second = html(client.get(stavanger.url, {"page": "2"}))

    assert first.count('class="card gathering-card"') == 12
    assert "Samling nr 00" in first and "Samling nr 13" not in first
    assert "Samling nr 13" in second and 'rel="prev"' in second


def test_presentations_filed_under_the_network_newest_first(client, site_tree, stavanger):
    gathering = GatheringPageFactory(parent=stavanger, title="Høstsamling")
    AlorDocumentFactory(
        title="Eldre presentasjon", kind=DocumentKind.PRESENTATION, network=stavanger, year=2019
    )
    AlorDocumentFactory(
        title="Ny presentasjon",
        kind=DocumentKind.PRESENTATION,
        network=stavanger,
        gathering=gathering,
        year=2025,
    )
    bergen = NetworkPageFactory(parent=site_tree.networks, city="Bergen")
    AlorDocumentFactory(title="Bergens presentasjon", network=bergen, year=2025)
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    AlorDocumentFactory(title="Lukket referat", network=stavanger, collection=rag, year=2026)

    page = html(client.get(stavanger.url))

    assert page.index("Ny presentasjon") < page.index("Eldre presentasjon")
    assert "Bergens presentasjon" not in page
    assert "Lukket referat" not in page
    # The link to every document of the network in the search, with the count of visible ones.
    assert "/search/?type=document&amp;network=stavanger" in page
    assert "Se alle 2 dokumenter fra nettverket i søket" in page


def test_a_network_without_documents_says_so(client, stavanger):
    page = html(client.get(stavanger.url))

    assert "Nettverket har ingen publiserte presentasjoner ennå." in page
    assert "network=stavanger" not in page


def test_the_documents_are_capped_and_counted(client, stavanger):
    for n in range(12):
        AlorDocumentFactory(title=f"Innlegg {n:02d}", network=stavanger, year=2000 + n)

    page = html(client.get(stavanger.url))

    assert page.count('class="document-link"') == 10
    assert "Innlegg 11" in page and "Innlegg 01" not in page
    assert "Se alle 12 dokumenter fra nettverket i søket" in page


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_network_page_runs_as_many_queries_for_50_items_as_for_5(client, site_tree, stavanger):
    def grow_to(count):
        for n in range(count - stavanger.get_children().count()):
            gathering = GatheringPageFactory(parent=stavanger, start_date=days(-n - 1))
            GatheringPageFactory(
                parent=site_tree.national, host_network=stavanger, start_date=days(n + 1)
            )
            AlorDocumentFactory(network=stavanger, gathering=gathering, year=2025)

    grow_to(5)
    five = count_queries(client, stavanger.url)
    grow_to(50)
    fifty = count_queries(client, stavanger.url)

    assert five == fifty


def test_a_translated_national_gathering_shows_once_in_each_language(client, site_tree, stavanger):
    from wagtail.models import Locale

    national = GatheringPageFactory(
        parent=site_tree.national,
        title="Alor Norge 2026",
        host_network=stavanger,
        start_date=days(-170),
    )
    english = Locale.objects.get_or_create(language_code="en")[0]
    for page in (site_tree.home, site_tree.networks, site_tree.national, stavanger):
        page.copy_for_translation(english).save_revision().publish()
    # The copy keeps its host as it was: the bokmål Stavanger.
    national_en = national.copy_for_translation(english)
    national_en.title = "Alor Norge 2026 (English)"
    national_en.save_revision().publish()
    stavanger_en = stavanger.get_translation(english)

    norwegian_page = html(client.get(stavanger.url))
    english_page = html(client.get(stavanger_en.url))

    assert norwegian_page.count("Vertskap for Alor") == 1
    assert "(English)" not in norwegian_page
    assert english_page.count("Alor Norge 2026") == 1
    assert "Alor Norge 2026 (English)" in english_page
