"""A file served through a privacy check is never kept by a shared cache."""

import pytest
from django.test import Client


def _urls(w):
    return {
        "file": w.private_document.url,
        "file in a sub-collection": w.subprivate_document.url,
        "permalink": w.private_document.permalink,
        "thumbnail": w.private_document.thumbnail_url,
        "old version": w.old_version.url,
    }


@pytest.mark.django_db
def test_private_files_are_marked_private_for_caches(world, rag_user):
    client = Client()
    client.force_login(rag_user)
    for what, url in _urls(world).items():
        response = client.get(url)
        assert response.status_code in (200, 302), what
        cache_control = response.get("Cache-Control", "")
        assert "private" in cache_control, (what, cache_control)
        assert "public" not in cache_control, (what, cache_control)
        assert "Cookie" in response.get("Vary", ""), what
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_private_file_is_private_on_a_conditional_request_too(world, rag_user):
    client = Client()
    client.force_login(rag_user)
    first = client.get(world.private_document.url)
    b"".join(first.streaming_content)
    etag = first.get("ETag")
    if etag:
        again = client.get(world.private_document.url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert "private" in again["Cache-Control"]


@pytest.mark.django_db
def test_public_files_are_not_marked_private(world):
    client = Client()
    for url in (world.public_document.url, world.public_document.thumbnail_url):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" not in response.get("Cache-Control", "")
        b"".join(response.streaming_content)
