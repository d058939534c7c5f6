"""The admin's document listing, edit form and chooser: previews, the archive's columns and
filters, a search that reads the files' text, labels that cannot be mixed up, and what a
network host may see and choose (never RAG's documents)."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection

from kb import groups
from kb.models import AlorDocument, DocumentKind, ProcessingStatus
from tests.factories import AlorDocumentFactory, GatheringPageFactory, NetworkPageFactory

from .conftest import assert_hidden

pytestmark = pytest.mark.django_db

LISTING = "/admin/documents/"


def rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", html, re.S)[1:]  # without the header row


def listing(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def archive(tree):
    """Two networks with a gathering each, and documents of several kinds, years and states."""

    class Archive:
        pass

    a = Archive()
    a.bergen = NetworkPageFactory(parent=tree.networks, city="Bergen", title="alor Bergen")
    a.tromso = NetworkPageFactory(parent=tree.networks, city="Tromsø", title="alor Nord")
    a.bergen_gathering = GatheringPageFactory(parent=a.bergen, title="Vårsamling Bergen 2024")
    a.presentation = AlorDocumentFactory(
        title="Innledning om rusmidler",
        kind=DocumentKind.PRESENTATION,
        network=a.bergen,
        gathering=a.bergen_gathering,
        year=2024,
        processing_status=ProcessingStatus.DONE,
        extracted_text="Arbeidsgivere i Hordaland fortalte om AKAN-modellen.",
    )
    a.programme = AlorDocumentFactory(
        title="Program for nettverket",
        kind=DocumentKind.PROGRAMME,
        network=a.tromso,
        year=2023,
        processing_status=ProcessingStatus.FAILED,
    )
    return a


def test_the_listing_shows_previews_and_the_archives_columns(archive, client, superuser):
    client.force_login(superuser)
    html = listing(client)
    for header in ["Type", "Nettverk", "Samling (arrangement)", "År", "Behandling"]:
        assert f">{header}<" in html or f"{header}\n" in html or header in html
    [row] = [r for r in rows(html) if "Innledning om rusmidler" in r]
    assert archive.presentation.thumbnail_url in row
    for cell in ["Presentasjon", "alor Bergen", "Vårsamling Bergen 2024", "2024", "Ferdig"]:
        assert cell in row
    [other] = [r for r in rows(html) if "Program for nettverket" in r]
    assert "Feilet" in other and "alor Nord" in other


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"kind": "presentation"}, "Innledning"),
        ({"kind": "programme"}, "Program for"),
        ({"year": "2023"}, "Program for"),
        ({"processing_status": "failed"}, "Program for"),
    ],
)
def test_the_listing_filters_by_kind_year_and_state(archive, client, superuser, params, shown):
    client.force_login(superuser)
    html = " ".join(rows(listing(client, **params)))
    assert shown in html
    hidden = "Program for" if shown == "Innledning" else "Innledning"
    assert hidden not in html


def test_the_listing_filters_by_network_and_gathering(archive, client, superuser):
    client.force_login(superuser)
    by_network = " ".join(rows(listing(client, network=archive.tromso.pk)))
    assert "Program for" in by_network and "Innledning" not in by_network
    by_gathering = " ".join(rows(listing(client, gathering=archive.bergen_gathering.pk)))
    assert "Innledning" in by_gathering and "Program for" not in by_gathering


def test_malformed_filters_are_ignored_not_an_error(archive, client, superuser):
    client.force_login(superuser)
    malformed = [{"year": "tjue"}, {"network": "x"}, {"kind": "<script>"}, {"gathering": "99"}]
    for params in malformed:
        assert client.get(LISTING, params).status_code == 200


def test_the_listing_search_reads_the_text_of_the_files(archive, client, superuser):
    client.force_login(superuser)
    found = " ".join(rows(listing(client, q="Hordaland")))  # in the file's text only
    assert "Innledning om rusmidler" in found and "Program for" not in found
    started = " ".join(rows(listing(client, q="Innled")))  # the start of a title still finds
    assert "Innledning om rusmidler" in started


def _count_listing_queries(client, count):
    AlorDocument.objects.all().delete()
    network = NetworkPageFactory(city=f"By med {count}")
    gathering = GatheringPageFactory(parent=network)
    for _ in range(count):
        AlorDocumentFactory(kind=DocumentKind.PRESENTATION, network=network, gathering=gathering)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LISTING)
    assert response.status_code == 200
    return len(queries)


def test_the_listing_runs_as_many_queries_for_fifty_documents_as_for_five(tree, client, superuser):
    client.force_login(superuser)
    client.get(LISTING)  # warm the caches of the first request (site, content types)
    five = _count_listing_queries(client, 5)
    fifty = _count_listing_queries(client, 50)  # 20 shown on a page, 50 counted
    assert fifty == five, (five, fifty)


def test_the_edit_form_names_the_collection_and_the_gathering_apart(archive, client, superuser):
    client.force_login(superuser)
    response = client.get(f"/admin/documents/edit/{archive.presentation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    labels = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip().rstrip("*").strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    ]
    assert labels.count("Samling") == 0
    assert "Mappe" in labels and "Samling (arrangement)" in labels
    # The processing, the preview and the earlier versions are there, the versions after
    # the fields, not squeezed beside them.
    assert "alor-document-facts" in html and "Tidligere versjoner" in html
    fields = html.index('class="alor-document-edit__fields"')
    assert html.index('id="alor-document-versions-title"') > fields


# ------------------------------------------------------------------ network hosts


@pytest.fixture
def host_archive(content, archive):
    """`content` (a shared and a RAG document, the Stavanger network) and `archive`, with a
    RAG presentation: marked a presentation, and still RAG's alone."""
    archive.rag_presentation = AlorDocumentFactory(
        title="Tyttebær-presentasjon i RAG",
        kind=DocumentKind.PRESENTATION,
        collection=Collection.objects.get(name=groups.RAG_COLLECTION),
        extracted_text="Hordaland Tyttebær",
    )
    return archive


def test_a_new_network_gets_its_collection_where_its_host_uploads(content, client, stavanger_host):
    collection = Collection.objects.get(name="Stavanger")
    assert collection.get_parent().name == groups.NETWORKS_COLLECTION
    own = Group.objects.get(name=groups.network_host_group_name("Stavanger"))
    codenames = set(
        own.collection_permissions.filter(collection=collection).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_document", "change_document", "choose_document"} <= codenames
    client.force_login(stavanger_host)
    html = client.get("/admin/documents/add/").content.decode()
    assert "Stavanger" in html
    assert "Tyttebær" not in html and f">{groups.RAG_COLLECTION}<" not in html


def test_a_host_chooses_every_public_presentation_but_nothing_of_rags(
    host_archive, client, stavanger_host
):
    client.force_login(stavanger_host)
    response = client.get("/admin/documents/chooser/")
    html = json.loads(response.content)["html"]
    assert "Innledning om rusmidler" in html  # a presentation in the root collection
    assert "Felles Løvetann" in html
    assert_hidden(html)  # neither RAG's agreement nor its presentation
    for word in ["Innledning", "Tyttebær", "presentasjon"]:
        searched = client.get("/admin/documents/chooser/results/", {"q": word})
        assert searched.status_code == 200
        found = " ".join(rows(searched.content.decode()))
        assert ("Innledning om rusmidler" in found) == (word == "Innledning")
        assert_hidden(found)


def test_a_host_never_sees_rags_documents_in_the_listing_or_its_search(
    host_archive, client, stavanger_host
):
    client.force_login(stavanger_host)
    html = listing(client)
    assert "Felles Løvetann" in html
    assert_hidden(html)
    for word in ["Tyttebær", "Hordaland", "presentasjon"]:
        found = " ".join(rows(listing(client, q=word)))  # the rows: the query is echoed above
        assert_hidden(found)
    # RAG's collection is not even offered as a filter.
    assert f">{groups.RAG_COLLECTION}</option>" not in html


def test_a_rag_member_keeps_rags_documents(host_archive, client, rag_user):
    client.force_login(rag_user)
    html = listing(client, q="Tyttebær")
    assert "Tyttebær-presentasjon i RAG" in html
