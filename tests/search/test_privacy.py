"""The privacy matrix: who finds what, on every surface (page, API, autocomplete, facets)."""

import pytest

from search import service

USERS = ["anonymous", "member", "network_host", "rag_user"]
# item -> (search word, the title, who may see it)
ITEMS = {
    "public_page": ("kvitstein", "Kvitsteinrapporten", set(USERS)),
    "draft_page": ("utkastordet", "Utkastordet i en kladd", set()),
    "rag_page": ("fjellrev", "Ragmøtereferat om Fjellrev", {"rag_user"}),
    "public_document": ("kornblomst", "Offentlig Kornblomst", set(USERS)),
    "rag_document": ("hvitveis", "Signert Hvitveis", {"rag_user"}),
}


@pytest.fixture
def as_user(request, client):
    def login(name):
        if name == "anonymous":
            return None
        user = request.getfixturevalue(name)
        client.force_login(user)
        return user

    return login


@pytest.mark.parametrize("item", list(ITEMS))
@pytest.mark.parametrize("who", USERS)
def test_privacy_matrix(private_items, client, as_user, who, item):
    word, title, allowed = ITEMS[item]
    user = as_user(who)
    visible = who in allowed

    # the search page
    page = client.get("/search/", {"q": word})
    assert page.status_code == 200
    assert (title in page.content.decode()) is visible

    # the JSON API: results, total and facet counts
    data = client.get("/api/search/", {"q": word}).json()
    assert ([r["title"] for r in data["results"]] == [title]) is visible
    assert data["count"] == (1 if visible else 0)
    type_total = sum(v["count"] for v in data["facets"]["type"])
    assert type_total == (1 if visible else 0)

    # autocomplete on the start of the title
    prefix = title.split()[0][:5]
    suggestions = client.get("/api/search/autocomplete/", {"q": prefix}).json()["results"]
    assert (title in [s["title"] for s in suggestions]) is visible

    # the service itself, as used by everything else
    result = service.search(service.SearchParams(q=word), user)
    assert (result.count == 1) is visible
