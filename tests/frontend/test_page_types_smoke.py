"""Every page type renders, opens and saves in the editor, and is allowed only where it belongs.

The page types are read from the models (every concrete Page of the project's own apps), so a
new page type fails here until it has a factory in tests/factories and its parents in PARENTS.
Each page is built with its factory's `full=True`: every kind of block its StreamFields take,
so a broken page or block template fails here. RAG's pages render for a RAG member, never for
an anonymous visitor or a member without the role.
"""

import html
from pathlib import Path

import pytest
from django.apps import apps
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page, get_page_models
from wagtail.test.utils.page_tests import WagtailPageTestCase

from home.models import HomePage
from kb.models import (
    ArticlePage,
    GovernanceIndexPage,
    MinutesPage,
)
from tests.admin_forms import edit_form_data
from tests.factories import PAGE_FACTORIES, PARENTS, make_site_root

pytestmark = pytest.mark.django_db


def project_page_models():
    """The concrete page types of the project's own apps (not of Wagtail or a library)."""
    own_apps = {
        config.label
        for config in apps.get_app_configs()
        if "site-packages" not in Path(config.path).parts
    }
    return sorted(
        (m for m in get_page_models() if m._meta.app_label in own_apps and m is not Page),
        key=lambda m: m._meta.label,
    )


PAGE_MODELS = project_page_models()


# What a save changes by itself: timestamps, revision bookkeeping, the tree's counters.
VOLATILE = {
    "latest_revision",
    "latest_revision_created_at",
    "last_published_at",
    "live_revision",
    "has_unpublished_changes",
    "draft_title",
    "url_path",
    "numchild",
    "first_published_at",
}


class PageAssertions(WagtailPageTestCase):
    """Wagtail's page assertions, used from pytest tests through the `wagtail` fixture."""

    __test__ = False

    def runTest(self):  # the unittest machinery wants a test method; pytest runs none
        pass


@pytest.fixture
def wagtail(client):
    assertions = PageAssertions()
    assertions.client = client
    assertions.dummy_request = get_dummy_request()
    return assertions


def factory_for(model):
    factory = PAGE_FACTORIES.get(model)
    assert factory is not None, (
        f"{model._meta.label} has no factory: add one to tests/factories/pages.py and to "
        "PAGE_FACTORIES"
    )
    return factory


def build(model):
    """A published page of type `model` with every kind of content, reachable on the site."""
    page = factory_for(model)(full=True, publish=True)
    page.refresh_from_db()
    if page.get_parent().is_root():  # a site's root page: make it the default site's
        make_site_root(page)
    return page


def is_rag(page):
    return GovernanceIndexPage.objects.ancestor_of(page, inclusive=True).exists()


def label(model):
    return model.__name__


def test_the_project_has_page_types():
    assert HomePage in PAGE_MODELS and ArticlePage in PAGE_MODELS and MinutesPage in PAGE_MODELS


@pytest.mark.parametrize("model", PAGE_MODELS, ids=label)
def test_page_type_renders(model, wagtail, client, member, rag_user):
    page = build(model)

    if is_rag(page):
        for visitor in (None, member):
            if visitor is not None:
                client.force_login(visitor)
            response = client.get(page.url)
            assert response.status_code != 200, (visitor, response.status_code)
            assert html.escape(page.title) not in response.content.decode()
            client.logout()
        wagtail.assertPageIsRenderable(page, user=rag_user)
        client.force_login(rag_user)
    else:
        wagtail.assertPageIsRenderable(page)
    assert html.escape(page.title) in client.get(page.url).content.decode()


@pytest.mark.parametrize("model", PAGE_MODELS, ids=label)
def test_page_type_is_editable(model, wagtail, client, superuser):
    page = build(model)
    revisions = page.revisions.count()
    before = page.get_latest_revision().content

    wagtail.assertPageIsEditable(
        page, post_data=edit_form_data(page, client, superuser), user=superuser
    )

    # The edit form, posted back unchanged, was valid and kept every field and block.
    assert page.revisions.count() == revisions + 1
    after = page.get_latest_revision().content
    changed = {k for k in before if before[k] != after.get(k)} - VOLATILE
    assert not changed, {k: (before[k], after.get(k)) for k in changed}


@pytest.mark.parametrize("model", PAGE_MODELS, ids=label)
def test_page_type_is_allowed_only_under_its_parents(model, wagtail):
    assert model in PARENTS, f"{model._meta.label}: say in PARENTS where it may be created"
    wagtail.assertAllowedParentPageTypes(model, PARENTS[model])
    default_parent = factory_for(model)().get_parent().specific_class
    wagtail.assertCanCreateAt(default_parent, model)
