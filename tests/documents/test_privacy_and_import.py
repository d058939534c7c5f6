"""Private documents stay private everywhere they are served; the folder import is idempotent."""

import io

import pytest
from django.core.management import call_command

from kb.models import AlorDocument, Topic
from tests.factories import GatheringPageFactory, NetworkPageFactory

from . import files


@pytest.fixture
def private_document(make_document, rag_collection):
    return make_document(
        "signert-avtale.pdf", files.pdf("Signert avtale"), title="Avtale", collection=rag_collection
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url_of", ["url", "thumbnail_url", "permalink"])
def test_private_document_is_hidden_from_members_and_shown_to_rag(
    private_document, client, member, rag_user, url_of
):
    url = getattr(private_document, url_of)
    anonymous = client.get(url)  # the 404 of an unknown document, with a login link
    assert anonymous.status_code == 404 and "/_util/login/?next=" in anonymous.content.decode()
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(rag_user)
    assert client.get(url).status_code in (200, 302)


@pytest.mark.django_db
def test_private_document_versions_are_hidden_too(private_document, client, member, rag_user):
    from django.core.files.base import ContentFile

    from kb.documents.ingest import Stored, ingest

    new_file = ContentFile(files.pdf("Ny versjon"), name="ny.pdf")
    result = ingest(new_file, collection=None, metadata={}, user=None, replacing=private_document)
    assert isinstance(result, Stored)
    version = private_document.versions.get()
    client.force_login(member)
    assert client.get(version.url).status_code == 404
    client.force_login(rag_user)
    response = client.get(version.url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["side.html", "tegning.svg"])
def test_html_and_svg_are_never_served_inline(make_document, client, name):
    # Such files cannot be uploaded; even one that slipped in earlier downloads, never renders.
    document = AlorDocument(title="Gammel fil")
    from django.core.files.base import ContentFile
    from wagtail.models import Collection

    document.collection = Collection.get_first_root_node()
    document.file = ContentFile(files.SVG_WITH_SCRIPT, name=name)
    document._set_document_file_metadata()
    document.save()
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"


def write_folder(tmp_path):
    (tmp_path / "program.pdf").write_bytes(files.pdf("Program for Alor Norge"))
    (tmp_path / "innlegg.pptx").write_bytes(files.pptx_file("Innlegg", notes="Ruspolicy"))
    (tmp_path / "notat.txt").write_bytes("Notat om sykefravær".encode())
    (tmp_path / "virus.pdf").write_bytes(files.windows_exe())
    (tmp_path / "tom.docx").write_bytes(b"")
    (tmp_path / "metadata.csv").write_text(
        "file,title,kind,network,year,language,topics,gathering\n"
        "program.pdf,Program Alor Norge 2026,programme,,2026,nb,Sykefravær,\n"
        "innlegg.pptx,Innlegg om ruspolicy,presentation,Atlantis,2025,nb,Ukjent tema,\n",
        encoding="utf-8",
    )


@pytest.mark.django_db
def test_import_reports_per_file_and_running_twice_imports_nothing_twice(tmp_path, locale_nb):
    Topic.objects.create(name="Sykefravær", slug="sykefravaer", locale=locale_nb)
    write_folder(tmp_path)
    out = io.StringIO()
    call_command(
        "import_documents", str(tmp_path), "--year", "2024", stdout=out, stderr=io.StringIO()
    )
    report = out.getvalue()
    assert "Importert: 3. Hoppet over (finnes fra før): 0. Avvist: 2." in report
    assert "avvist: virus.pdf: Filen er en Windows-programfil, ikke en PDF." in report
    assert "avvist: tom.docx: Filen er tom." in report
    assert "ukjent nettverk «Atlantis»" in report
    assert "ukjent tema «Ukjent tema»" in report

    program = AlorDocument.objects.get(title="Program Alor Norge 2026")
    assert (program.kind, program.year) == ("programme", 2026)
    assert [t.name for t in program.topics.all()] == ["Sykefravær"]
    assert program.network is None  # unknown networks are reported, not invented
    note = AlorDocument.objects.get(title="Notat")
    assert note.year == 2024 and "sykefravær" in note.extracted_text
    assert [d.title for d in AlorDocument.objects.search("Ruspolicy")] == ["Innlegg om ruspolicy"]

    again = io.StringIO()
    call_command("import_documents", str(tmp_path), stdout=again, stderr=io.StringIO())
    assert "Importert: 0. Hoppet over (finnes fra før): 3. Avvist: 2." in again.getvalue()
    assert AlorDocument.objects.count() == 3


@pytest.mark.django_db
def test_import_into_the_private_collection(tmp_path, rag_collection, client, member):
    (tmp_path / "referat.txt").write_bytes(b"Referat fra RAG")
    call_command(
        "import_documents", str(tmp_path), "--collection", "RAG", "--kind", "minutes",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    document = AlorDocument.objects.get()
    assert document.collection == rag_collection and document.kind == "minutes"
    client.force_login(member)
    assert client.get(document.url).status_code == 404


@pytest.mark.django_db
def test_a_gatherings_documents_are_filed_under_its_network_never_the_hosts(tmp_path, tree):
    """A regional gathering's files go under its network; a national gathering's under the
    network their row names, or none: not under the host network given for the folder."""
    stavanger = NetworkPageFactory(parent=tree.networks, city="Stavanger", slug="stavanger")
    bergen = NetworkPageFactory(parent=tree.networks, city="Bergen", slug="bergen")
    GatheringPageFactory(parent=tree.national, slug="alor-norge-2026", host_network=stavanger)
    GatheringPageFactory(parent=bergen, slug="bergen-host-2025")
    for name in ("vert.pdf", "gjest.pdf", "regional.pdf"):
        (tmp_path / name).write_bytes(files.pdf(f"Innlegg {name}"))
    (tmp_path / "metadata.csv").write_text(
        "file,title,kind,network,year,language,topics,gathering\n"
        "vert.pdf,Fra verten,presentation,,2026,nb,,alor-norge-2026\n"
        "gjest.pdf,Fra Bergen,presentation,Bergen,2026,nb,,alor-norge-2026\n"
        "regional.pdf,Regionalt,presentation,,2025,nb,,bergen-host-2025\n",
        encoding="utf-8",
    )

    call_command(
        "import_documents", str(tmp_path), "--network", "stavanger",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip

    networks = dict(AlorDocument.objects.values_list("title", "network__slug"))
    assert networks == {"Fra verten": None, "Fra Bergen": "bergen", "Regionalt": "bergen"}
