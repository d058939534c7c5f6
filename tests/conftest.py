"""Shared fixtures: a site tree like the real one, and users in each role."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from kb import groups
from kb.models import (
    GovernanceIndexPage,
    KnowledgeIndexPage,
    MeetingIndexPage,
    NationalGatheringIndexPage,
    NetworkIndexPage,
)
from tests import database


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database; built without migrations (--no-migrations), it gets what they add."""
    if request.config.getoption("nomigrations"):
        with django_db_blocker.unblock():
            database.build()


@pytest.fixture(autouse=True)
def _bokmal_after_each_test():
    """A request to /en/ leaves English active in the process: each test starts in bokmål."""
    translation.activate("nb")
    yield
    translation.activate("nb")


@pytest.fixture
def clean_media():
    """An empty media folder for the test, emptied again after it, so leftovers are visible."""
    root = Path(settings.MEDIA_ROOT)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def locale_nb(db):
    locale, _ = Locale.objects.get_or_create(language_code="nb")
    return locale


@pytest.fixture
def home(locale_nb):
    """A home page as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="alor", slug="alor-home", locale=locale_nb))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def tree(home):
    """The top sections of the site, as DESIGN.md describes them."""

    class Tree:
        pass

    t = Tree()
    t.home = home
    t.knowledge = home.add_child(instance=KnowledgeIndexPage(title="Kunnskap", slug="kunnskap"))
    t.networks = home.add_child(instance=NetworkIndexPage(title="Nettverk", slug="nettverk"))
    t.national = home.add_child(
        instance=NationalGatheringIndexPage(title="Alor Norge", slug="alor-norge")
    )
    t.governance = home.add_child(instance=GovernanceIndexPage(title="RAG", slug="rag"))
    t.meetings = t.governance.add_child(instance=MeetingIndexPage(title="Møter", slug="moter"))
    return t


def _user(django_user_model, username, group_name=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def member(db, django_user_model):
    """A logged-in network member with no role."""
    return _user(django_user_model, "medlem")


@pytest.fixture
def rag_user(db, django_user_model):
    return _user(django_user_model, "rag", groups.RAG)


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "redaktor", groups.EDITORS)


@pytest.fixture
def network_host(db, django_user_model):
    return _user(django_user_model, "vert", groups.NETWORK_HOSTS)


@pytest.fixture
def partner(db, django_user_model):
    return _user(django_user_model, "akan", groups.PARTNERS)


@pytest.fixture
def leader(db, django_user_model):
    return _user(django_user_model, "leder", groups.LEADERS)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", password="pw", email="admin@example.org"
    )
