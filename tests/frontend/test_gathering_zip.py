"""«Last ned alle presentasjoner»: a gathering's presentations in one streamed zip, holding
exactly what the visitor may see, with a size cap and a message above it."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, PageViewRestriction

from kb import groups
from kb.documents.gathering_zip import entry_names, safe_name
from kb.enums import DocumentKind
from tests.documents import files
from tests.factories import AlorDocumentFactory, GatheringPageFactory, NetworkPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathering(tree, clean_media):
    network = NetworkPageFactory(parent=tree.networks, city="Molde")
    return GatheringPageFactory(parent=network, title="Høstsamling", slug="hostsamling")


def presentation(gathering, title, **extra):
    return AlorDocumentFactory(
        title=title, kind=DocumentKind.PRESENTATION, gathering=gathering, **extra
    )


def unzip(response):
    assert response.status_code == 200
    assert response.streaming, "the zip is streamed, not built whole"
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    return archive


def zip_link(client, gathering):
    html = client.get(gathering.url).content.decode()
    return html, f"/samlinger/{gathering.pk}/presentasjoner.zip"


def test_the_zip_holds_exactly_the_visible_presentations(client, gathering, rag_user):
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    public = [presentation(gathering, "Rus på jobb"), presentation(gathering, "Fravær")]
    private = presentation(gathering, "Internt utkast", collection=rag)
    AlorDocumentFactory(title="Program", kind=DocumentKind.PROGRAMME, gathering=gathering)
    presentation(None, "Fra en annen samling")

    html, url = zip_link(client, gathering)
    assert "Last ned alle presentasjoner" in html
    assert f'href="{url}"' in html
    assert "2 filer" in html
    archive = unzip(client.get(url))
    assert sorted(archive.namelist()) == ["Fravær.pdf", "Rus på jobb.pdf"]
    for document in public:
        with document.file.open("rb") as handle:
            assert archive.read(f"{document.title}.pdf") == handle.read()
    assert "private, no-store" in client.get(url)["Cache-Control"]

    client.force_login(rag_user)
    names = unzip(client.get(url)).namelist()
    assert f"{private.title}.pdf" in names and len(names) == 3


def test_presentations_are_shown_with_thumbnails(client, gathering):
    doc = presentation(gathering, "Rus på jobb")
    html = client.get(gathering.url).content.decode()
    assert f'src="/dokumenter/{doc.pk}/miniatyr.png"' in html
    assert f'href="/dokumenter/{doc.pk}/"' in html


def test_no_link_without_visible_presentations(client, gathering):
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    presentation(gathering, "Internt utkast", collection=rag)
    AlorDocumentFactory(title="Program", kind=DocumentKind.PROGRAMME, gathering=gathering)
    html, url = zip_link(client, gathering)
    assert "Last ned alle presentasjoner" not in html
    assert client.get(url).status_code == 404


def test_above_the_cap_a_message_instead_of_the_link(client, gathering, settings):
    presentation(gathering, "Stor presentasjon")
    settings.ALOR_GATHERING_ZIP_MAX_BYTES = 10
    html, url = zip_link(client, gathering)
    assert "Last ned alle presentasjoner" not in html
    assert f'href="{url}"' not in html
    assert "for store til å lastes ned samlet" in html
    response = client.get(url)
    assert response.status_code == 413
    assert "for store" in response.content.decode()


def test_a_private_or_unknown_gathering_gives_not_found(client, gathering, member):
    presentation(gathering, "Rus på jobb")
    PageViewRestriction.objects.create(page=gathering, restriction_type=PageViewRestriction.LOGIN)
    url = f"/samlinger/{gathering.pk}/presentasjoner.zip"
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert client.get("/samlinger/999999/presentasjoner.zip").status_code == 404
    gathering.unpublish()
    assert client.get(url).status_code == 404


def test_names_in_the_zip_are_unique_and_safe(client, gathering):
    titles = [
        "Rus på jobb", "rus PÅ jobb", "Rus på jobb", "../../etc/passwd", 'C:\\a<b>:"c"|?*', "",
    ]  # fmt: skip
    documents = []
    for title in titles:
        documents.append(presentation(gathering, title or "x"))
    documents[-1].title = ""  # a title that leaves nothing
    names = [name for _, name in entry_names(documents)]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and ".." not in name
        assert not any(c in name for c in '<>:"|?*')
    assert names[0] == "Rus på jobb.pdf"
    assert names[1] == "rus PÅ jobb (2).pdf"
    assert names[2] == "Rus på jobb (3).pdf"
    assert names[-1] == f"dokument-{documents[-1].pk}.pdf"
    assert safe_name("Tabell\x00\n2025", "PPTX", "x") == "Tabell 2025.pptx"


def test_other_file_types_keep_their_extension(client, gathering):
    AlorDocumentFactory(
        title="Lysark",
        kind=DocumentKind.PRESENTATION,
        gathering=gathering,
        file=ContentFile(files.pptx_file("Lysark"), name="lysark.pptx"),
    )
    archive = unzip(client.get(f"/samlinger/{gathering.pk}/presentasjoner.zip"))
    assert archive.namelist() == ["Lysark.pptx"]


def test_the_gathering_page_and_its_zip_query_the_same_for_5_and_50(client, gathering):
    def grow_to(count):
        while gathering.documents.count() < count:
            presentation(gathering, f"Presentasjon {gathering.documents.count()}")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    urls = [gathering.url, f"/samlinger/{gathering.pk}/presentasjoner.zip"]
    grow_to(5)
    five = [count(url) for url in urls]
    grow_to(50)
    fifty = [count(url) for url in urls]
    assert five == fifty
    assert len(unzip(client.get(urls[1])).namelist()) == 50
