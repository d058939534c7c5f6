"""Fixtures of the visitor-facing tests: the sections in the menu, a person and a topic.

Pages and documents are made with tests.factories (`ArticlePageFactory(parent=…)` …).
"""

import pytest
from wagtail.models import Page

from tests.factories import OrganisationFactory, PersonFactory, TopicFactory


@pytest.fixture
def site_tree(tree):
    """The conftest tree with its sections shown in the main menu, as the demo content does."""
    sections = [tree.knowledge, tree.networks, tree.national, tree.governance]
    Page.objects.filter(pk__in=[p.pk for p in sections]).update(show_in_menus=True)
    return tree


@pytest.fixture
def person(locale_nb):
    org = OrganisationFactory(
        name="KORUS Stavanger", short_name="KORUS Stavanger", locale=locale_nb
    )
    return PersonFactory(name="Kari Nordmann", role="rådgiver", organisation=org, locale=locale_nb)


@pytest.fixture
def topic(locale_nb):
    return TopicFactory(name="Sykefravær", slug="sykefravaer", locale=locale_nb)
