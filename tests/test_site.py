"""Site-wide behaviour: languages, no outside requests, the development users."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

# Anything the browser loads by itself (scripts, images, styles, frames) from another host.
EXTERNAL_RESOURCE = re.compile(
    r"""(?:<(?:script|img|iframe|source)[^>]*\ssrc|<link[^>]*\shref)=["'](?:https?:)?//"""
    r"""(?!localhost|testserver)"""
)


@pytest.mark.django_db
def test_admin_loads_nothing_from_outside_hosts(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail" not in html
    assert not EXTERNAL_RESOURCE.search(html), EXTERNAL_RESOURCE.search(html)


@pytest.mark.django_db
def test_english_urls_carry_a_prefix_and_norwegian_ones_do_not():
    from django.utils import translation

    with translation.override("nb"):
        assert reverse("search") == "/search/"
    with translation.override("en"):
        assert reverse("search") == "/en/search/"


@pytest.mark.django_db
def test_missing_page_is_a_404_not_a_500(client, home):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_dev_users_are_created_once_and_explained():
    from django.contrib.auth import get_user_model

    out = StringIO()
    call_command("dev_users", stdout=out)
    call_command("dev_users", stdout=StringIO())
    User = get_user_model()
    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
    assert User.objects.get(username="rag").groups.filter(name="RAG").exists()
    assert User.objects.count() == 6
    text = out.getvalue()
    assert "http://localhost:8000/admin/" in text
    assert "alor-demo" in text


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_dev_network_host_edits_the_stavanger_network_only(tree):
    from django.contrib.auth import get_user_model

    from kb.models import NetworkPage

    stavanger = tree.networks.add_child(
        instance=NetworkPage(
            title="Alor Rogaland", slug="stavanger", city="Stavanger", region="vest"
        )
    )
    bergen = tree.networks.add_child(
        instance=NetworkPage(title="Alor Vestland", slug="bergen", city="Bergen", region="vest")
    )
    call_command("dev_users", stdout=StringIO())
    host = get_user_model().objects.get(username="vert")
    assert stavanger.permissions_for_user(host).can_edit()
    assert not bergen.permissions_for_user(host).can_edit()


@pytest.mark.django_db
def test_dev_users_refused_outside_development():
    with pytest.raises(CommandError):
        call_command("dev_users", stdout=StringIO())


@pytest.mark.django_db
def test_development_server_never_serves_documents_from_media(settings):
    """With DEBUG on, /media/ serves images, but documents only through the checking views."""
    import importlib

    from django.urls import Resolver404, clear_url_caches, resolve

    import alor.urls

    settings.DEBUG = True
    try:
        importlib.reload(alor.urls)
        clear_url_caches()
        resolve("/media/images/bilde.width-400.png", urlconf=alor.urls)
        for path in ("/media/documents/referat.pdf", "/media/thumbnails/1.png"):
            with pytest.raises(Resolver404):
                resolve(path, urlconf=alor.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(alor.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_make_run_order_gives_the_demo_its_reviewers(settings):
    """`make run` creates the development users first: Akan's feedback is Akan's comment, the
    partner step of the mandate was approved by the Akan user, and the host edits Stavanger."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Comment, TaskState

    from kb.demo.governance_states import AKAN_FEEDBACK
    from kb.models import AgreementPage, MandatePage, NetworkPage

    settings.DEBUG = True
    call_command("dev_users", "--quiet", stdout=StringIO())
    call_command("load_demo", "--no-progress", stdout=StringIO())
    User = get_user_model()
    akan = User.objects.get(username="akan")
    korus_akan = AgreementPage.objects.get(slug="samarbeidsavtale-korus-akan")
    comment = Comment.objects.get(page=korus_akan)
    assert comment.user == akan and comment.text == AKAN_FEEDBACK
    assert comment.text.startswith("Eksempel: ")  # the minutes do not give Akan's feedback
    mandate = MandatePage.objects.get()
    assert mandate.status == "approval"
    approved = TaskState.objects.get(
        workflow_state__base_content_type__isnull=False,
        workflow_state__object_id=str(mandate.pk),
        status=TaskState.STATUS_APPROVED,
    )
    assert approved.finished_by == akan
    stavanger = NetworkPage.objects.get(slug="stavanger", locale__language_code="nb")
    assert stavanger.permissions_for_user(User.objects.get(username="vert")).can_edit()


def test_a_sqlite_file_database_writes_ahead_and_does_not_sync_every_commit(tmp_path):
    """A search's query-log row must not wait for the disk; readers must not wait for a writer."""
    import dj_database_url
    from django.db.utils import ConnectionHandler

    from alor.settings.base import database

    path = tmp_path / "site.sqlite3"
    handler = ConnectionHandler({"default": database(dj_database_url.parse(f"sqlite:///{path}"))})
    wrapper = handler["default"]
    # The connection as Django opens it, init commands included (outside the test database).
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        raw.close()
