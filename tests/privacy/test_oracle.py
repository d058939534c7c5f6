"""No existence oracle: a private page or document answers exactly as an unknown address does.

Anonymous visitors (and signed-in users without access) get the same 404 page for a RAG
meeting's real date as for a date with no meeting, and for a private document's id and name as
for made-up ones; the 404 page offers to log in, and a RAG member who does arrives.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client

from .conftest import MARKERS, MEETING_SLUG, PASSWORD


def _normalised(response, path):
    body = response.content.decode()
    for form in (path, quote(path, safe=""), quote(path)):
        body = body.replace(form, "PATH")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)


def assert_alike(client, forbidden, unknown):
    a, b = client.get(forbidden), client.get(unknown)
    assert (a.status_code, b.status_code) == (404, 404)
    assert _normalised(a, forbidden) == _normalised(b, unknown)
    assert a.get("Location") is None and b.get("Location") is None


def page_pairs(w):
    return [
        (w.rag_page.url, w.rag_page.url.replace(MEETING_SLUG, "2026-01-28")),
        (w.tree.meetings.url, "/rag/ingen-slik/"),
        (w.login_page.url, "/kunnskap/finnes-ikke/"),
        (w.group_page.url, "/kunnskap/finnes-heller-ikke/"),
    ]


def document_pairs(w):
    doc = w.private_document
    missing = doc.pk + 1000
    return [
        (doc.url, f"/documents/{missing}/dokument.txt"),
        (doc.url, f"/documents/{doc.pk}/annet-navn.txt"),
        (w.subprivate_document.url, f"/documents/{missing}/dokument.txt"),
        (doc.permalink, f"/dokumenter/{missing}/"),
        (doc.thumbnail_url, f"/dokumenter/{missing}/miniatyr.png"),
        (w.old_version.url, f"/dokumenter/{missing}/versjoner/1/"),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_cannot_tell_private_pages_and_documents_from_unknown_ones(world):
    client = Client()
    assert client.get(world.rag_page.url).status_code == 404
    for forbidden, unknown in page_pairs(world) + document_pairs(world):
        assert_alike(client, forbidden, unknown)


@pytest.mark.django_db
def test_signed_in_users_without_access_cannot_tell_either(world, member, network_host):
    client = Client()
    client.force_login(member)
    for forbidden, unknown in [page_pairs(world)[0], page_pairs(world)[3]] + document_pairs(world):
        assert_alike(client, forbidden, unknown)
    client.force_login(network_host)
    assert_alike(client, *page_pairs(world)[0])


@pytest.mark.django_db
def test_the_not_found_page_offers_login_and_a_rag_member_arrives(world, rag_user):
    client = Client()
    url = world.rag_page.url
    page = client.get(url).content.decode()
    login = re.search(r'href="(/_util/login/\?next=[^"]+)"', page)
    assert login, "the 404 page offers to log in"
    assert "Logg inn" in page
    form = client.get(login.group(1).replace("&amp;", "&"))
    assert form.status_code == 200
    arrived = client.post(
        login.group(1), {"username": "rag", "password": "pw", "next": url}, follow=True
    )
    assert arrived.redirect_chain[-1][0] == url
    assert MARKERS["rag_page"] in arrived.content.decode()
    # Documents too: a logged-out RAG member's link works once logged in.
    assert client.get(world.private_document.url).status_code == 200


@pytest.mark.django_db
def test_signed_in_users_are_not_offered_a_login(world, member):
    client = Client()
    client.force_login(member)
    assert "/_util/login/" not in client.get(world.rag_page.url).content.decode()


@pytest.mark.django_db
def test_a_password_protected_page_still_asks_for_its_password(world):
    client = Client()
    form = client.get(world.password_page.url)
    assert form.status_code == 200
    assert MARKERS["password_page"] not in form.content.decode()
    action = re.search(r'action="([^"]+)"', form.content.decode()).group(1)
    client.post(action, {"password": PASSWORD, "return_url": world.password_page.url})
    assert MARKERS["password_page"] in client.get(world.password_page.url).content.decode()
