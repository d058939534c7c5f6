"""Search bugs users met: uploads not found, broken thumbnails, 500s on odd digits, years and
dates that were not the item's own, block settings found as text."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Collection

from kb.models import AlorDocument, ArticlePage, GatheringPage, NetworkPage, Topic
from search import service

from .conftest import make_document, reindex

pytestmark = pytest.mark.django_db


def _api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


# ------------------------------------------------------------ the admin's single upload form


def test_a_file_added_through_the_single_upload_form_is_found_by_its_content(tree, editor, client):
    client.force_login(editor)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Notat fra styremøtet",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("notat.txt", b"Notat om kvitsteinbruddet i fjor.\n"),
            "kind": "other",
            "language": "nb",
            "tags": "",
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = AlorDocument.objects.get()
    assert "kvitsteinbruddet" in document.extracted_text
    client.logout()
    data = _api(client, q="kvitsteinbruddet")
    assert [hit["title"] for hit in data["results"]] == ["Notat fra styremøtet"]
    assert "<mark>kvitsteinbruddet</mark>" in data["results"][0]["snippet"]


def test_a_file_replaced_through_the_edit_form_is_found_by_its_new_content(tree, editor, client):
    document = make_document("Avtaleutkast", "Utkast om hvitveisavtalen.")
    client.force_login(editor)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "collection": document.collection_id,
            "file": SimpleUploadedFile("signert.txt", b"Signert fjellrevavtale.\n"),
            "kind": document.kind,
            "language": document.language,
            "tags": "",
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert _api(client, q="fjellrevavtale")["count"] == 1
    assert _api(client, q="hvitveisavtalen")["count"] == 0


# ------------------------------------------------------------------------------ thumbnails


def test_a_hits_thumbnail_is_the_privacy_checked_view_and_answers(
    private_items, client, rag_user, member
):
    public, private = private_items.public_document, private_items.rag_document
    public.refresh_from_db()
    private.refresh_from_db()
    assert public.thumbnail and private.thumbnail  # made by the processing of the upload
    hit = _api(client, q="kornblomst")["results"][0]
    url = reverse("kb_document_thumbnail", args=[public.pk])
    assert hit["thumbnail_url"] == url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    page = client.get("/search/", {"q": "kornblomst"}).content.decode()
    assert f'src="{url}"' in page

    client.force_login(rag_user)
    hit = _api(client, q="hvitveis")["results"][0]
    private_url = reverse("kb_document_thumbnail", args=[private.pk])
    assert hit["thumbnail_url"] == private_url
    assert client.get(private_url).status_code == 200
    client.force_login(member)
    assert _api(client, q="hvitveis")["count"] == 0
    assert client.get(private_url).status_code == 404


# ------------------------------------------------------------------- digits that are not 0-9

ODD_NUMBERS = ["²", "٣", "１", "¹⁰", "৩", "9" * 5000]


@pytest.mark.parametrize("value", ODD_NUMBERS)
@pytest.mark.parametrize("name", ["page", "page_size", "year"])
def test_a_digit_that_is_not_0_to_9_is_refused_or_ignored(tree, client, name, value):
    response = client.get("/api/search/", {"q": "fravær", name: value})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert client.get("/search/", {"q": "fravær", name: value}).status_code == 200


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_the_admins_numeric_filters_ignore_odd_digits(tree, client, superuser, value):
    client.force_login(superuser)
    assert client.get(reverse("alor_search_log"), {"days": value}).status_code == 200
    assert client.get(reverse("oppfolging:index"), {"meeting": value}).status_code == 200


PARAMETER_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(ODD_NUMBERS + ["0", "-1", " 3 ", "2025", "50", "1e3", "0x10", "\x00"]),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["page", "page_size", "year", "type", "lang", "sort", "network", "topic", "q"]
        ),
        PARAMETER_VALUES,
        max_size=5,
    )
)
def test_no_parameter_value_gives_a_500(tree, client, params):
    params.setdefault("q", "fravær")
    assert client.get("/api/search/", params).status_code in (200, 400)
    assert client.get("/search/", params).status_code == 200


# ---------------------------------------------------------------------- an item's own date


@pytest.fixture
def dated(tree):
    """Items that all hold «tindeord», each dated its own way."""

    class Items:
        pass

    i = Items()
    i.network = tree.networks.add_child(
        instance=NetworkPage(
            title="alor Fjordvik", slug="fjordvik", city="Fjordvik", region="vest",
            intro="<p>Tindeord om nettverket.</p>",
        )
    )  # fmt: skip
    i.article = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Artikkel med tindeord", slug="tindeord", intro="Tindeord.",
            date=datetime.date(2021, 6, 1),
        )
    )  # fmt: skip
    i.gathering = i.network.add_child(
        instance=GatheringPage(
            title="Samling med tindeord", slug="samling-tindeord",
            start_date=datetime.date(2019, 9, 10), intro="<p>Tindeord.</p>",
        )
    )  # fmt: skip
    i.slides = make_document("Lysark med tindeord", "Tindeord.", gathering=i.gathering)
    i.report = make_document("Rapport med tindeord", "Tindeord.", year=2018)
    return i


@pytest.fixture(params=["database", "backend"])
def engine(request, monkeypatch):
    """The database backends' one statement, and the backends' own search (Elasticsearch's)."""
    from wagtail.search.backends import get_search_backend

    if request.param == "backend":
        backend_class = type(get_search_backend("default"))
        monkeypatch.setattr(backend_class, "supports_match_rows", False)
    return request.param


def _year_facet(result):
    return {value.value: value.count for value in result.facets["year"]}


def test_the_year_facet_counts_items_by_their_own_year(dated, engine):
    result = service.search(service.SearchParams(q="tindeord"))
    assert result.count == 5
    assert _year_facet(result) == {"2021": 1, "2019": 2, "2018": 1}  # the network: no year
    by_title = {hit.title: hit for hit in result.results}
    assert by_title["alor Fjordvik"].year is None
    assert by_title["Lysark med tindeord"].year == 2019
    assert by_title["Lysark med tindeord"].date == datetime.date(2019, 9, 10)
    assert by_title["Rapport med tindeord"].year == 2018

    in_2019 = service.search(service.SearchParams(q="tindeord", year=2019))
    assert sorted(hit.title for hit in in_2019.results) == [
        "Lysark med tindeord",
        "Samling med tindeord",
    ]
    this_year = datetime.date.today().year  # when the network page and files were added
    assert service.search(service.SearchParams(q="tindeord", year=this_year)).count == 0


def test_sorting_by_date_uses_each_items_own_date(dated, engine):
    result = service.search(service.SearchParams(q="tindeord", sort="date"))
    titles = [hit.title for hit in result.results]
    assert titles[0] == "Artikkel med tindeord"  # 1 June 2021
    # 10 September 2019 both: the gathering, and its slides by the gathering's date, not the
    # upload's (the order of a tie is the engine's)
    assert set(titles[1:3]) == {"Samling med tindeord", "Lysark med tindeord"}
    assert titles[3:] == [
        "Rapport med tindeord",  # 2018
        "alor Fjordvik",  # no date of its own
    ]


def test_a_gatherings_new_date_moves_its_documents(dated):
    gathering = GatheringPage.objects.get(pk=dated.gathering.pk)
    gathering.start_date = datetime.date(2017, 3, 2)
    gathering.save_revision().publish()
    result = service.search(service.SearchParams(q="tindeord", year=2017))
    assert sorted(hit.title for hit in result.results) == [
        "Lysark med tindeord",
        "Samling med tindeord",
    ]


# ------------------------------------------------------------------------- block settings


def test_a_blocks_settings_are_not_found_as_text(tree, client):
    tree.knowledge.add_child(
        instance=ArticlePage(
            title="Rusforebygging",
            slug="rusforebygging",
            body=[
                ("heading", {"text": "Bakgrunnen for tiltaket", "level": "h2"}),
                ("paragraph", "<p>Om arbeidet.</p>"),
            ],
        )
    )
    assert _api(client, q="bakgrunnen")["count"] == 1
    assert _api(client, q="nivå")["count"] == 0
    assert _api(client, q="h2")["count"] == 0


def test_an_actions_status_is_not_found_as_text(tree, rag_user):
    from kb.models import MinutesPage

    action = {"what": "Sende budsjettet", "responsible": "Kari", "status": "done"}
    tree.meetings.add_child(
        instance=MinutesPage(
            title="Referat fra mars",
            slug="referat-mars",
            meeting_date=datetime.date(2026, 3, 2),
            items=[("item", {"number": "1", "title": "Budsjett", "actions": [action]})],
        )
    )
    assert service.search(service.SearchParams(q="budsjettet"), user=rag_user).count == 1
    assert service.search(service.SearchParams(q="utført"), user=rag_user).count == 0


# ------------------------------------------------------------ a filter does not change the ranking


def test_a_type_and_year_filter_narrows_the_hits_without_changing_their_scores_or_order(tree):
    """The filter keys matched with the query were scored too (SQLite's bm25() weighed them
    like words), so a short document filtered by year outranked a long one it ranks below
    unfiltered, and every filtered score was another number than the same search's."""
    short = make_document("Kort notat", "Kvitsteinbrudd.", year=2024, language="nb")
    long = make_document(
        "Langt notat",
        "Kvitsteinbrudd og kvitsteinbrudd. " * 3 + "Om fjellet og veien dit. " * 30,
        year=2024,
        language="nb",
    )
    for n in range(12):  # others with the word, in other years: the year's key is rare
        make_document(f"Notat {n}", f"Kvitsteinbrudd nummer {n}.", year=2010 + n, language="nb")

    def scores(**filters):
        found = service.search(service.SearchParams(q="kvitsteinbrudd", page_size=50, **filters))
        return [(hit.title, hit.score) for hit in found.results]

    everything = scores()
    filtered = scores(type="document", year=2024)
    assert [title for title, _score in filtered] == [
        title for title, _score in everything if title in {short.title, long.title}
    ]
    assert dict(filtered) == {t: s for t, s in everything if t in dict(filtered)}


# ------------------------------------------------------------ a hit found by its topic alone


def test_a_hit_found_by_its_topic_alone_shows_the_topic_marked(tree, client):
    topic = Topic.objects.create(name="Sykefravær", slug="sykefravaer", locale=tree.home.locale)
    other = Topic.objects.create(name="Nettverk", slug="nettverk", locale=tree.home.locale)
    slides = make_document("Presentasjon av nettverkene", "Erfaringer siden sist.", year=2026)
    titled = make_document("Sykefravær i Stavanger", "Erfaringer fra Stavanger.", year=2026)
    for document in (slides, titled):
        document.topics.add(topic, other)
        reindex(document)

    hits = {hit["title"]: hit["snippet"] for hit in _api(client, q="sykefravaer")["results"]}

    assert hits["Presentasjon av nettverkene"].startswith(
        "Tema: Nettverk, <mark>Sykefravær</mark> · Erfaringer"
    )
    # The title says why it is there: its text stays as it is.
    assert hits["Sykefravær i Stavanger"] == "Erfaringer fra Stavanger."


def test_a_hit_whose_text_matches_shows_its_text_without_the_topics(tree, client):
    topic = Topic.objects.create(name="Sykefravær", slug="sykefravaer", locale=tree.home.locale)
    notes = make_document("Notat", "Om sykefravær i kommunen.", year=2026)
    notes.topics.add(topic)
    reindex(notes)

    [hit] = _api(client, q="sykefravær")["results"]

    assert hit["snippet"] == "Om <mark>sykefravær</mark> i kommunen."
