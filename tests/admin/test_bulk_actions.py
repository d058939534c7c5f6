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
