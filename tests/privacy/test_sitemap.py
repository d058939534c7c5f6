"""The sitemap names only what anyone may read, whoever asks for it, so a cache can share it."""

import re

import pytest
from django.test import Client


def _locations(response):
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def _hidden(world):
    return {
        "draft": world.draft,
        "login page": world.login_page,
        "password page": world.password_page,
        "group page": world.group_page,
        "RAG section": world.tree.governance,
        "RAG meetings": world.tree.meetings,
        "RAG minutes": world.rag_page,
    }


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_and_nothing_hidden(world):
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = _locations(response)
    for public in (world.tree.home, world.public, world.draft_title, world.gathering):
        assert public.get_full_url() in locations, public.title
    for what, page in _hidden(world).items():
        assert page.get_full_url() not in locations, what
    assert len(locations) == len(set(locations))


@pytest.mark.django_db
def test_the_sitemap_is_the_same_for_everyone_and_may_be_shared_by_caches(
    world, rag_user, leader, superuser
):
    anonymous = Client().get("/sitemap.xml")
    for user in (rag_user, leader, superuser):
        client = Client()
        client.force_login(user)
        response = client.get("/sitemap.xml")
        assert response.content == anonymous.content, user.username
        assert "public" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
    # What a signed-in RAG member fetched first is what a cache would hand the next visitor.
    rag_client = Client()
    rag_client.force_login(rag_user)
    first = rag_client.get("/sitemap.xml").content.decode()
    assert world.rag_page.get_full_url() not in first
    assert world.tree.governance.get_full_url() not in first
