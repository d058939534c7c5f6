"""Listing pages run the same number of queries for 5 children as for 50.

One test builds every listing at 5 children, measures each page, grows them to 50 and measures
again: building 200 pages once keeps the suite fast.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory, GatheringPageFactory, NetworkPageFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths …)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_pages_query_counts_do_not_grow(client, site_tree, person, topic):
    future = datetime.date.today() + datetime.timedelta(days=60)
    molde = NetworkPageFactory(parent=site_tree.networks, city="Molde", main_host=person)
    pages = {
        "home": "/",
        "knowledge index": site_tree.knowledge.url,
        "network index": site_tree.networks.url,
        "network page": molde.url,
        "national gatherings": site_tree.national.url,
    }

    def grow_to(count):
        for _ in range(count - site_tree.knowledge.get_children().count()):
            ArticlePageFactory(
                parent=site_tree.knowledge,
                author=person,
                organisation=person.organisation,
                topics=[topic],
            )
            GatheringPageFactory(
                parent=site_tree.national, host_network=molde, start_date=future, venue="Hotell"
            )
            GatheringPageFactory(parent=molde, venue="Molde")
        for _ in range(count - site_tree.networks.get_children().count()):
            NetworkPageFactory(
                parent=site_tree.networks, main_host=person, host_centre=person.organisation
            )

    grow_to(5)
    with_five = {name: count_queries(client, url) for name, url in pages.items()}
    grow_to(50)
    with_fifty = {name: count_queries(client, url) for name, url in pages.items()}

    assert site_tree.knowledge.get_children().live().count() == 50
    assert site_tree.networks.get_children().live().count() == 50
    assert with_five == with_fifty
