"""The page and document choosers offer what the user may see on the site or may edit."""

import json

import pytest

from .conftest import assert_hidden

pytestmark = pytest.mark.django_db


def chooser_html(response):
    assert response.status_code == 200
    return (
        json.loads(response.content)["html"]
        if "json" in response["Content-Type"]
        else (response.content.decode())
    )


@pytest.mark.parametrize("role", ["stavanger_host", "partner", "leader"])
def test_page_chooser_browse_lists_only_pages_the_user_may_see(role, request, content, client):
    user = request.getfixturevalue(role)
    client.force_login(user)
    html = chooser_html(client.get(f"/admin/choose-page/{content.public.get_parent().pk}/"))
    assert "Offentlig Kvitstein" in html
    assert "Levende Kornblomst" in html  # the live title, not the draft's
    assert_hidden(html, allowed=["Blåbær"] if role == "leader" else ())


def test_page_chooser_does_not_open_in_a_hidden_section(content, client, partner):
    client.force_login(partner)
    assert client.get(f"/admin/choose-page/{content.rag.get_parent().pk}/").status_code == 404
    assert client.get(f"/admin/choose-page/{content.rag.pk}/").status_code == 404
    home = chooser_html(
        client.get(f"/admin/choose-page/{content.public.get_parent().get_parent().pk}/")
    )
    assert "Kunnskap" in home and "RAG" not in home.replace("RAG-", "")


@pytest.mark.parametrize("role", ["stavanger_host", "partner", "leader"])
def test_page_chooser_search_finds_only_pages_the_user_may_see(role, request, content, client):
    user = request.getfixturevalue(role)
    client.force_login(user)
    found = []
    for word in ["Kvitstein", "Kornblomst", "Omdøpt", "Fjellrev", "Hvitveis", "Blåbær", "Multe"]:
        html = client.get("/admin/choose-page/search/", {"q": word}).content.decode()
        assert_hidden(html, allowed=["Blåbær"] if role == "leader" else ())
        found += [word] if word in html else []
    assert "Kvitstein" in found and "Kornblomst" in found


def test_page_chooser_offers_the_hosts_own_drafts(content, client, stavanger_host):
    client.force_login(stavanger_host)
    html = chooser_html(client.get(f"/admin/choose-page/{content.network.pk}/"))
    assert "Vertens kladd Rogn" in html
    html = client.get("/admin/choose-page/search/", {"q": "Rogn"}).content.decode()
    assert "Vertens kladd Rogn" in html


def test_editor_who_may_edit_sees_drafts_and_draft_titles(content, client, editor):
    client.force_login(editor)
    html = chooser_html(client.get(f"/admin/choose-page/{content.public.get_parent().pk}/"))
    assert "Omdøpt Kornblomst" in html and "Kladd Fjellrev" in html


def test_chosen_pages_name_only_pages_the_user_may_see(content, client, partner):
    client.force_login(partner)
    ids = [content.public.pk, content.rag.pk, content.draft.pk, content.renamed.pk]
    response = client.get("/admin/choose-page/chosen-multiple/", {"id": ids})
    chosen = json.loads(response.content)["result"]
    assert sorted(page["id"] for page in chosen) == sorted([content.public.pk, content.renamed.pk])
    assert_hidden(response.content.decode("unicode_escape"))


def test_document_chooser_lists_no_private_document(content, client, stavanger_host):
    client.force_login(stavanger_host)
    html = chooser_html(client.get("/admin/documents/chooser/"))
    assert "Felles Løvetann" in html
    assert_hidden(html)


def test_chosen_multiple_ignores_ids_that_are_not_plain_digits(content, client, editor):
    """«²» passes str.isdigit() but not int(): ignored, never a 500."""
    client.force_login(editor)
    response = client.get("/admin/choose-page/chosen-multiple/", {"id": ["²", content.public.pk]})
    assert response.status_code == 200
    assert "Offentlig Kvitstein" in response.content.decode()
