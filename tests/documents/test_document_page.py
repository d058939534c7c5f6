"""A document's page at /dokumenter/<id>/: what it is, a preview, the download, its earlier
files and the documents near it, shown only to those who may see the document."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.models import Collection

from kb import groups
from kb.enums import DocumentKind
from kb.models import DocumentVersion
from tests.documents import files
from tests.factories import (
    AlorDocumentFactory,
    GatheringPageFactory,
    NetworkPageFactory,
    PersonFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rag_collection(db):
    return Collection.objects.get(name=groups.RAG_COLLECTION)


@pytest.fixture
def archive(tree, locale_nb):
    """A network's gathering with a presentation by two speakers on a topic."""

    class Archive:
        pass

    a = Archive()
    a.topic = TopicFactory(name="Sykefravær", slug="sykefravaer", locale=locale_nb)
    a.network = NetworkPageFactory(parent=tree.networks, city="Bergen", title="Alor Bergen")
    a.gathering = GatheringPageFactory(parent=a.network, title="Vårsamling i Bergen")
    a.speakers = [
        PersonFactory(name="Kari Nordmann", locale=locale_nb),
        PersonFactory(name="Ola Hansen", organisation=None, locale=locale_nb),
    ]
    a.document = AlorDocumentFactory(
        title="Rus og arbeidsliv",
        kind=DocumentKind.PRESENTATION,
        gathering=a.gathering,
        network=a.network,
        year=2025,
        topics=[a.topic],
    )
    a.document.speakers.set(a.speakers)
    return a


def page_of(client, document):
    response = client.get(f"/dokumenter/{document.pk}/")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_names_what_the_document_is(client, archive):
    doc = archive.document
    assert doc.get_absolute_url() == f"/dokumenter/{doc.pk}/"
    html = page_of(client, doc)
    assert "<h1>Rus og arbeidsliv</h1>" in html
    assert "Presentasjon" in html
    for person in archive.speakers:
        assert person.name in html
    assert archive.speakers[0].organisation.name in html
    assert f'href="{archive.gathering.url}"' in html
    assert "Vårsamling i Bergen" in html
    assert f'href="{archive.network.url}"' in html
    assert "2025" in html
    assert "Sykefravær" in html and "topic=sykefravaer" in html
    assert "Norsk bokmål" in html
    assert "PDF" in html
    assert f'src="/dokumenter/{doc.pk}/miniatyr.png"' in html
    assert f'href="/dokumenter/{doc.pk}/last-ned/"' in html


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_the_page_renders_for_every_kind(client, tree, kind):
    doc = AlorDocumentFactory(title=f"Et dokument {kind}", kind=kind)
    html = page_of(client, doc)
    assert str(DocumentKind(kind).label) in html


def test_the_download_gives_the_newest_file_and_old_file_links_still_work(client, archive):
    doc = archive.document
    response = client.get(doc.download_url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    old = client.get(doc.url)  # Wagtail's own address, as older links have it
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == body


def test_unknown_documents_are_not_found(client, tree):
    assert client.get("/dokumenter/999999/").status_code == 404
    assert client.get("/dokumenter/999999/last-ned/").status_code == 404


def test_the_same_gathering_and_the_same_topic_are_listed_only_when_visible(
    client, archive, rag_collection, rag_user
):
    same_gathering = AlorDocumentFactory(title="Program for våren", gathering=archive.gathering)
    same_topic = AlorDocumentFactory(title="Fravær i kommunen", topics=[archive.topic])
    hidden = AlorDocumentFactory(
        title="Signert avtale", gathering=archive.gathering, collection=rag_collection
    )
    hidden_topic = AlorDocumentFactory(
        title="Internt notat", topics=[archive.topic], collection=rag_collection
    )
    unrelated = AlorDocumentFactory(title="Noe helt annet")

    html = page_of(client, archive.document)
    assert "Fra samme samling" in html and "Mer om samme tema" in html
    assert f'href="/dokumenter/{same_gathering.pk}/"' in html
    assert f'href="/dokumenter/{same_topic.pk}/"' in html
    for doc in (hidden, hidden_topic, unrelated):
        assert doc.title not in html

    client.force_login(rag_user)
    html = page_of(client, archive.document)
    assert hidden.title in html and hidden_topic.title in html


def test_earlier_versions_are_listed_for_those_who_see_the_document(client, archive):
    DocumentVersion.objects.create(
        document=archive.document,
        number=1,
        file="documents/versions/x/v1-gammel.pdf",
        file_name="gammel.pdf",
        file_size=1234,
        comment="Før rettelsen",
    )
    html = page_of(client, archive.document)
    assert "Tidligere versjoner" in html
    assert f'href="/dokumenter/{archive.document.pk}/versjoner/1/"' in html
    assert "gammel.pdf" in html and "Før rettelsen" in html


def test_a_document_without_gathering_or_versions_leaves_those_parts_out(client, tree):
    html = page_of(client, AlorDocumentFactory(title="Enslig"))
    for heading in ("Tidligere versjoner", "Fra samme samling", "Mer om samme tema", "Samling"):
        assert heading not in html


def test_a_draft_gathering_is_not_named(client, archive):
    archive.gathering.unpublish()
    html = page_of(client, archive.document)
    assert "Vårsamling i Bergen" not in html


def test_a_private_document_offers_login_and_a_member_who_logs_in_arrives(
    client, rag_collection, tree, django_user_model
):
    doc = AlorDocumentFactory(title="Signert mandat", collection=rag_collection)
    url = doc.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 404  # exactly as an unknown document: no oracle
    html = response.content.decode()
    assert "Signert mandat" not in html
    login = re.search(r'href="(/_util/login/\?next=[^"]+)"', html)
    assert login, "the not-found page offers to log in"
    assert client.get(login.group(1).replace("&amp;", "&")).status_code == 200
    user = django_user_model.objects.create_user(username="ragmedlem", password="pw")
    user.groups.add(Group.objects.get(name=groups.RAG))
    arrived = client.post(
        login.group(1).replace("&amp;", "&"),
        {"username": "ragmedlem", "password": "pw", "next": url},
        follow=True,
    )
    assert arrived.redirect_chain[-1][0] == url
    assert "Signert mandat" in arrived.content.decode()
    assert arrived["Cache-Control"].startswith("private")


def test_signed_in_users_without_access_get_not_found(client, rag_collection, member):
    doc = AlorDocumentFactory(title="Signert mandat", collection=rag_collection)
    client.force_login(member)
    for url in (doc.get_absolute_url(), doc.download_url):
        assert client.get(url).status_code == 404
    assert "/_util/login/" not in client.get(doc.get_absolute_url()).content.decode()


def test_listings_link_to_the_page(client, archive):
    html = Client().get(archive.gathering.url).content.decode()
    assert f'href="/dokumenter/{archive.document.pk}/"' in html


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_related_documents(client, archive):
    def grow_to(count):
        while archive.gathering.documents.count() < count:
            doc = AlorDocumentFactory(gathering=archive.gathering, topics=[archive.topic])
            doc.speakers.set(archive.speakers)

    url = archive.document.get_absolute_url()
    grow_to(5)
    with_five = _queries(client, url)
    grow_to(50)
    with_fifty = _queries(client, url)
    assert with_five == with_fifty


def test_a_pdf_shows_its_first_pages_as_pictures(client, tree, make_document, rag_collection):
    doc = make_document(
        name="lysark.pdf", data=files.pdf("Side en", "Side to", "Side tre", "Side fire"),
        title="Lysark",
    )  # fmt: skip
    assert doc.page_count == 4
    html = page_of(client, doc)
    for number in (1, 2, 3):
        assert f'src="/dokumenter/{doc.pk}/side-{number}.png"' in html
    assert "side-4.png" not in html
    picture = client.get(f"/dokumenter/{doc.pk}/side-2.png")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(picture.streaming_content)))
    assert image.width == 900
    kept = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "thumbnails" / "pages").iterdir())
    assert kept == [f"doc-{doc.pk}-{doc.checksum[:12]}-p2.png"]  # rendered once, then kept
    assert client.get(f"/dokumenter/{doc.pk}/side-2.png").status_code == 200
    assert client.get(f"/dokumenter/{doc.pk}/side-4.png").status_code == 404
    assert client.get(f"/dokumenter/{doc.pk}/side-0.png").status_code == 404

    private = make_document(name="intern.pdf", title="Intern", collection=rag_collection)
    assert client.get(f"/dokumenter/{private.pk}/side-1.png").status_code == 404


def test_other_files_show_the_thumbnail(client, tree, make_document):
    doc = make_document(name="notat.txt", data="Et notat om fravær".encode(), title="Notat")
    html = page_of(client, doc)
    assert f'src="/dokumenter/{doc.pk}/miniatyr.png"' in html
    assert client.get(f"/dokumenter/{doc.pk}/side-1.png").status_code == 404
