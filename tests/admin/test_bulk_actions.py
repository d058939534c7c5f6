"""A refused bulk action says «ingen tilgang» and names none of the refused pages or documents."""

import pytest

from .conftest import assert_hidden

pytestmark = pytest.mark.django_db

PAGE_ACTIONS = ["delete", "publish", "unpublish", "move"]
DOCUMENT_ACTIONS = ["delete", "add_to_collection", "add_tags"]


def hidden_pages(content):
    return [content.rag, content.draft, content.renamed, content.leaders_only, content.password]


@pytest.mark.parametrize("action", PAGE_ACTIONS)
def test_refused_page_action_names_no_page(action, content, client, partner):
    client.force_login(partner)
    ids = [page.pk for page in hidden_pages(content)] + [content.public.pk]
    response = client.get(f"/admin/bulk/wagtailcore/page/{action}/", {"id": ids})
    assert response.status_code == 200
    html = response.content.decode()
    assert_hidden(html)
    assert "Offentlig Kvitstein" not in html  # refused too: not named either
    assert "6 valgte elementer: ingen tilgang" in html


@pytest.mark.parametrize("action", DOCUMENT_ACTIONS)
def test_refused_document_action_names_no_document(action, content, client, partner):
    client.force_login(partner)
    ids = [content.rag_document.pk, content.public_document.pk]
    response = client.get(f"/admin/bulk/kb/alordocument/{action}/", {"id": ids})
    assert response.status_code == 200
    html = response.content.decode()
    assert_hidden(html)
    assert "2 valgte elementer: ingen tilgang" in html


def test_permitted_page_action_still_lists_its_pages(content, client, editor):
    client.force_login(editor)
    response = client.get("/admin/bulk/wagtailcore/page/unpublish/", {"id": [content.public.pk]})
    assert "Offentlig Kvitstein" in response.content.decode()
    assert "ingen tilgang" not in response.content.decode()


def test_bulk_move_to_a_hidden_destination_names_no_destination(content, client, tree):
    """A user who may move pages posts a RAG page's id as destination: Wagtail's confirmation
    («cannot be moved to …») and its chooser would name that page."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    movers = Group.objects.create(name="Flyttere")
    Permission.objects.filter(codename="access_admin").first().group_set.add(movers)
    for codename in ("add_page", "change_page", "publish_page", "delete_page"):
        GroupPagePermission.objects.create(
            group=movers, page=tree.knowledge, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user(username="flytter", password="pw")
    user.groups.add(movers)
    client.force_login(user)
    response = client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={content.public.pk}",
        {"chooser": content.rag.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_hidden(html)
    assert "Offentlig Kvitstein" in html  # the page the user may move is still listed
    content.public.refresh_from_db()
    assert content.public.get_parent().pk == tree.knowledge.pk  # nothing moved


def test_bulk_move_with_a_destination_that_is_no_number_answers_without_error(
    content, client, editor
):
    client.force_login(editor)
    response = client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={content.public.pk}", {"chooser": "x"}
    )
    assert response.status_code == 200
