"""The search log shows an editor outside RAG no query made by a RAG member."""

import pytest

from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db


def search_as(client, user, q):
    client.logout()
    if user is not None:
        client.force_login(user)
    assert client.get("/search/", {"q": q}).status_code == 200


def log_html(client, user):
    client.logout()
    client.force_login(user)
    response = client.get("/admin/search-log/")
    assert response.status_code == 200
    return response.content.decode()


def test_editor_outside_rag_sees_no_query_of_a_rag_member(tree, client, rag_user, editor, member):
    search_as(client, rag_user, "oppsigelse Hvitveisavtalen")
    search_as(client, None, "sykefravær")
    search_as(client, member, "pårørende")
    html = log_html(client, editor)
    assert "sykefravær" in html and "pårørende" in html
    assert "hvitveisavtalen" not in html.lower()


def test_rag_members_query_is_logged_as_private(tree, client, rag_user, member):
    search_as(client, rag_user, "Hvitveisavtalen")
    search_as(client, member, "sykefravær")
    assert dict(SearchQueryLog.objects.values_list("query", "private")) == {
        "Hvitveisavtalen": True,
        "sykefravær": False,
    }


def test_superuser_sees_every_query(tree, client, rag_user, superuser):
    search_as(client, rag_user, "Hvitveisavtalen")
    assert "hvitveisavtalen" in log_html(client, superuser).lower()
