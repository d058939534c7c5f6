"""The database down: every route says «try again shortly» (503), never «server error» (500)."""

import logging

import pytest
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

from kb.privacy import RequestVisibility


def _refused():
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5433 failed: Connection refused'
    )


@pytest.fixture
def database_down(db):
    """down(): from then on every new query fails as when the server is gone.

    Undone before the test database is rolled back (hence no monkeypatch, whose undoing can
    come after that).
    """
    connection = connections[DEFAULT_DB_ALIAS]
    yield lambda fails=_refused: setattr(connection, "ensure_connection", fails)
    connection.__dict__.pop("ensure_connection", None)


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Midlertidig utilgjengelig" in page
    assert "Prøv igjen om litt" in page


@pytest.mark.parametrize("path", ["/", "/kunnskap/", "/search/?q=sykefravær"])
def test_site_pages_answer_503_with_a_short_page(tree, client, database_down, path, caplog):
    database_down()
    with caplog.at_level(logging.ERROR, logger="alor.database"):
        response = client.get(path)
    _assert_unavailable_page(response)
    assert any("database unavailable" in r.getMessage() for r in caplog.records)


def test_the_english_site_answers_in_english_markup(tree, client, database_down):
    database_down()
    response = client.get("/en/search/?q=sickness")
    assert response.status_code == 503
    assert '<html lang="en">' in response.content.decode()


def test_the_api_answers_503_in_json(tree, client, database_down):
    database_down()
    response = client.get("/api/search/", {"q": "sykefravær"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Databasen er ikke tilgjengelig akkurat nå. Prøv igjen om litt."
    }


def test_the_admin_answers_503(tree, client, superuser, database_down):
    client.force_login(superuser)
    database_down()
    _assert_unavailable_page(client.get("/admin/"))
    _assert_unavailable_page(client.get("/admin/pages/"))


def test_a_lost_connection_mid_request_is_503_too(tree, client, database_down):
    def lost():
        raise InterfaceError("connection already closed")

    database_down(lost)
    _assert_unavailable_page(client.get("/"))


def test_a_middleware_failing_on_the_database_is_503(tree, monkeypatch):
    """Outside any view (a middleware's own query): the error handler answers 503 as well."""
    from django.test import Client

    def fails(self, request):
        raise OperationalError("database is locked")

    monkeypatch.setattr(RequestVisibility, "__call__", fails)
    client = Client(raise_request_exception=False)
    _assert_unavailable_page(client.get("/"))
    api = client.get("/api/search/", {"q": "rus"})
    assert api.status_code == 503
    assert "detail" in api.json()


def test_other_errors_stay_500(tree, monkeypatch):
    from django.test import Client

    def fails(self, request):
        raise ValueError("a bug")

    monkeypatch.setattr(RequestVisibility, "__call__", fails)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()
