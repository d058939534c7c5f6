"""The JSON API: its shape, its OpenAPI docs, and bad input that never gives a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.models import ArticlePage
from search.models import SearchQueryLog


def test_api_shape_and_highlights(corpus, client):
    response = client.get("/api/search/", {"q": "sykefravar", "page_size": "5"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert set(data) >= {"count", "page", "page_size", "results", "facets"}
    assert data["page"] == 1 and data["page_size"] == 5
    first = data["results"][0]
    assert set(first) >= {
        "title",
        "url",
        "type",
        "snippet",
        "score",
        "network",
        "year",
        "date",
        "document_url",
    }
    assert first["title"] == "Sykefravær og alkohol i arbeidslivet"
    assert first["type"] == "article"
    assert first["year"] == 2025
    assert first["snippet"].startswith("Hvordan alkoholbruk henger sammen")
    slides = next(r for r in data["results"] if r["type"] == "document")
    assert slides["network"] == "alor Møre og Romsdal"
    assert slides["document_url"].startswith("/documents/")
    assert "<mark>sykefraværet</mark>" in slides["snippet"]
    assert set(data["facets"]) == {
        *("type", "network", "year", "topic"),
        *("kind", "gathering", "speaker"),
        "lang",
    }
    assert {"value": "sykefravaer", "label": "Sykefravær", "count": 2, "selected": False} in (
        data["facets"]["topic"]
    )


def test_snippet_is_escaped(tree, client):
    tree.knowledge.add_child(
        instance=ArticlePage(
            title="Skript",
            slug="skript",
            intro="Før <script>alert(1)</script> om sykefravær & rus.",
        )
    )
    snippet = client.get("/api/search/", {"q": "sykefravær"}).json()["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&amp; rus" in snippet
    assert "<mark>sykefravær</mark>" in snippet


def test_filters_narrow_results_and_counts(corpus, client):
    data = client.get("/api/search/", {"q": "fravær", "type": "document"}).json()
    assert [r["type"] for r in data["results"]] == ["document"]
    data = client.get("/api/search/", {"q": "fravær", "year": "2025"}).json()
    assert data["count"] == 2
    data = client.get("/api/search/", {"q": "samling", "network": "more-og-romsdal"}).json()
    assert [r["title"] for r in data["results"]] == ["Nettverkssamling våren 2025"]
    data = client.get("/api/search/", {"q": "fravær", "topic": "sykefravaer"}).json()
    assert data["count"] == 2


def test_sort_by_date(corpus, client):
    data = client.get("/api/search/", {"q": "arbeidsplassen", "sort": "date"}).json()
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)


def test_pagination(corpus, client):
    first = client.get("/api/search/", {"q": "arbeidsplassen", "page_size": "1"}).json()
    second = client.get(
        "/api/search/", {"q": "arbeidsplassen", "page_size": "1", "page": "2"}
    ).json()
    assert first["count"] == second["count"] == 2
    assert first["results"][0]["title"] != second["results"][0]["title"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "page": "abc"}, "page"),
        ({"q": "x", "page_size": "500"}, "page_size"),
        ({"q": "x", "year": "tjue"}, "Året"),
        ({"q": "x", "type": "bogus"}, "Ukjent type"),
        ({"q": "x", "lang": "de"}, "språk"),
        ({"q": "x", "sort": "random"}, "sortering"),
        ({"q": "x", "page": "900", "page_size": "50"}, "langt"),
    ],
)
def test_invalid_params_give_400_with_message(tree, client, params, message):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "og i på",
        '"unbalanced',
        "a" * 5000,
        "sykefravær\x00\x1b[31m",
        "'; DROP TABLE wagtailcore_page; --",
        "title:foo AND (bar OR",
        "NEAR(a b) * ^ ~ {} []",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉",
    ],
)
def test_bad_queries_answer_200(corpus, client, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/api/search/autocomplete/", {"q": query}).status_code == 200


def test_unknown_network_finds_nothing_but_is_not_an_error(corpus, client):
    data = client.get("/api/search/", {"q": "fravær", "network": "atlantis"}).json()
    assert data["count"] == 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=300))
def test_any_query_string_never_500(tree, client, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code in (200, 400)
    response = client.get("/api/search/autocomplete/", {"q": query})
    assert response.status_code == 200


def test_openapi_documents_the_endpoint(db, client):
    schema = client.get("/api/search/openapi.json").json()
    operation = schema["paths"]["/api/search/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "type", "network", "year", "topic", "lang", "page", "page_size"} <= names
    docs = client.get("/api/search/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_searches_are_logged(corpus, client):
    client.get("/api/search/", {"q": "Sykefravar"})
    client.get("/search/", {"q": "finnesikke"})
    client.get("/api/search/autocomplete/", {"q": "syk"})
    logged = {
        (log.normalised, log.result_count > 0, log.source) for log in SearchQueryLog.objects.all()
    }
    assert logged == {("sykefravar", True, "api"), ("finnesikke", False, "page")}
