"""Uploads through Wagtail's admin are checked by their content, and refusals leave no trace."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from kb.models import AlorDocument, DocumentVersion, ProcessingStatus

from . import files
from .conftest import stored_files

GOOD_FILES = [
    ("program.pdf", lambda: files.pdf("Program for samlingen i Bergen"), "samlingen"),
    ("avtale.docx", lambda: files.docx_file("Samarbeidsavtale mellom partene"), "Samarbeidsavtale"),
    ("innlegg.pptx", lambda: files.pptx_file("Rusforebygging i arbeidslivet"), "Rusforebygging"),
    ("deltakere.xlsx", lambda: files.xlsx_file("Deltakerliste Tromsø"), "Deltakerliste"),
    ("plan.odt", lambda: files.odf_file("odt", "Handlingsplan Stavanger"), "Handlingsplan"),
    ("lysark.odp", lambda: files.odf_file("odp", "Lysark om akan"), "Lysark"),
    ("tall.ods", lambda: files.odf_file("ods", "Budsjett nettverket"), "Budsjett"),
    ("notat.txt", lambda: "Notat om sykefravær og rus\n".encode(), "sykefravær"),
    ("lesmeg.md", lambda: b"# Veileder\n\nNoe tekst om *ruspolicy* her.\n", "ruspolicy"),
    ("liste.csv", lambda: b"navn,by\nOla,Oslo\nKari,Bergen\n", "Bergen"),
    ("logo.png", lambda: files.image("PNG"), None),
    ("foto.jpg", lambda: files.image("JPEG"), None),
    ("foto.webp", lambda: files.image("WEBP"), None),
]


def upload(client, name, data, collection=None):
    """Upload one file through the admin's multiple uploader, as the browser does."""
    collection = collection or Collection.get_first_root_node()
    payload = {"files[]": SimpleUploadedFile(name, data), "collection": collection.pk}
    response = client.post(reverse("wagtaildocs:add_multiple"), payload)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "word"), GOOD_FILES, ids=[g[0] for g in GOOD_FILES])
def test_every_allowed_type_is_accepted_and_read(admin_client, name, make, word, settings):
    settings.DOCUMENTS_TESSERACT_CMD = "no-such-tesseract"  # images: no OCR needed here
    from kb.documents.ocr import _languages

    _languages.cache_clear()
    try:
        result = upload(admin_client, name, make())
    finally:
        _languages.cache_clear()
    assert result["success"], result
    document = AlorDocument.objects.get(pk=result["doc_id"])
    assert document.processing_status in (ProcessingStatus.DONE, ProcessingStatus.NO_OCR)
    assert len(document.checksum) == 64
    if word:
        assert word in document.extracted_text
        assert document.processing_status == ProcessingStatus.DONE
    assert document.thumbnail.name.endswith(".png")


BAD_FILES = [
    ("program.pdf", files.windows_exe, "Filen er en Windows-programfil, ikke en PDF."),
    ("tom.pdf", lambda: b"", "Filen er tom."),
    ("halv.pdf", lambda: files.pdf("Referat")[:600], "PDF-filen er skadet eller ufullstendig"),
    ("stor.docx", files.zip_bomb_docx, "zip-bombe"),
    ("tegning.svg", lambda: files.SVG_WITH_SCRIPT, "Filen er et SVG-bilde."),
    ("logo.png", lambda: files.SVG_WITH_SCRIPT, "Filen er et SVG-bilde, ikke et PNG-bilde."),
    ("side.txt", lambda: b"<!DOCTYPE html><html><body>hei</body></html>", "nettside (HTML)"),
    ("program.docx", lambda: files.pdf("x"), "Filen er en PDF, men navnet slutter på «.docx»"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_with_their_own_message_and_leave_nothing(
    admin_client, clean_media, name, make, message
):
    result = upload(admin_client, name, make())
    assert result["success"] is False
    assert message in result["error_message"]
    assert AlorDocument.objects.count() == 0
    assert stored_files(clean_media) == []


@pytest.mark.django_db
def test_oversized_file_refused(admin_client, clean_media, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    result = upload(admin_client, "program.pdf", files.pdf("Program\n" * 40))
    assert result["success"] is False
    # Wagtail's own size check answers first, in Norwegian, with the limit.
    assert "for stor" in result["error_message"]
    assert "1000" in result["error_message"]
    assert AlorDocument.objects.count() == 0
    assert stored_files(clean_media) == []


@pytest.mark.django_db
def test_image_over_the_pixel_limit_is_refused_as_decompression_bomb(
    admin_client, clean_media, settings
):
    settings.DOCUMENTS_MAX_IMAGE_PIXELS = 1_000_000
    result = upload(admin_client, "plakat.png", files.image("PNG", size=(1200, 1000)))
    assert result["success"] is False
    assert "dekompresjonsbombe" in result["error_message"]
    assert "1200 × 1000" in result["error_message"]
    assert stored_files(clean_media) == []


@pytest.mark.django_db
def test_encrypted_pdf_is_kept_but_marked_unreadable(admin_client):
    result = upload(admin_client, "signert.pdf", files.pdf("Signert avtale", encrypt=True))
    assert result["success"], result
    document = AlorDocument.objects.get(pk=result["doc_id"])
    assert document.processing_status == ProcessingStatus.UNREADABLE
    assert "passordbeskyttet" in document.processing_error
    page = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert "Kan ikke leses" in page.content.decode()


@pytest.mark.django_db
def test_file_names_are_sanitised(admin_client):
    result = upload(admin_client, "../Referat RAG 15.12 (endelig) – Ålesund.PDF", files.pdf())
    assert result["success"], result
    document = AlorDocument.objects.get(pk=result["doc_id"])
    assert document.filename == "referat-rag-1512-endelig-alesund.pdf"
    assert document.file.name == "documents/referat-rag-1512-endelig-alesund.pdf"


@pytest.mark.django_db
def test_duplicate_upload_points_to_the_existing_document(admin_client, make_document):
    data = files.pdf("Mandat for RAG")
    existing = make_document("mandat.pdf", data, title="Mandat RAG")
    result = upload(admin_client, "kopi-av-mandat.pdf", data)
    assert result["success"] is False
    assert "finnes allerede som dokumentet «Mandat RAG»" in result["error_message"]
    assert reverse("wagtaildocs:edit", args=[existing.pk]) in result["error_message"]
    assert AlorDocument.objects.count() == 1


@pytest.mark.django_db
def test_duplicate_in_a_collection_the_uploader_cannot_see_is_not_revealed(
    client, editor, make_document, rag_collection
):
    data = files.pdf("Hemmelig avtale")
    make_document("avtale.pdf", data, title="Avtale", collection=rag_collection)
    # Wagtail checks document permissions against wagtaildocs' own model.
    GroupCollectionPermission.objects.get_or_create(
        group=editor.groups.get(),
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtaildocs", codename="add_document"
        ),
    )
    client.force_login(editor)
    result = upload(client, "avtale.pdf", data)
    assert result["success"] is False
    message = result["error_message"]
    assert (
        message
        == "Filen kan ikke lastes opp. Kontakt en administrator hvis du trenger å legge den inn."
    )
    # Neither the document, nor that the file exists, nor the collection it lies in.
    for hint in ("Avtale", "finnes", "samling", "RAG", "tilgang"):
        assert hint not in message
    assert AlorDocument.objects.count() == 1


def edit_data(document, **overrides):
    data = {
        "title": document.title,
        "collection": document.collection_id,
        "kind": document.kind,
        "language": document.language,
        "tags": "",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_replacing_the_file_keeps_the_url_and_the_old_file_as_a_version(
    admin_client, make_document, superuser
):
    draft = files.pdf("Utkast til avtale")
    document = make_document("avtale.pdf", draft, title="Avtale")
    url = document.url
    old_checksum = document.checksum
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        edit_data(
            document,
            file=SimpleUploadedFile("signert-avtale.pdf", files.pdf("Signert avtale")),
            version_comment="Signert av begge parter",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.url == url
    assert "Signert avtale" in document.extracted_text
    version = DocumentVersion.objects.get(document=document)
    assert (version.number, version.comment, version.created_by) == (
        1,
        "Signert av begge parter",
        superuser,
    )
    assert version.checksum == old_checksum
    assert version.file_size > 0
    served = admin_client.get(url)
    assert b"".join(served.streaming_content) == document.file.open("rb").read()
    old = admin_client.get(version.url)
    assert old.status_code == 200
    assert "attachment" in old["Content-Disposition"]
    assert b"".join(old.streaming_content) == draft
    page = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "Tidligere versjoner" in page
    assert version.url in page


@pytest.mark.django_db
def test_replacing_with_a_refused_file_changes_nothing(admin_client, make_document, clean_media):
    document = make_document("avtale.pdf", files.pdf("Utkast"), title="Avtale")
    before = stored_files(clean_media)
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        edit_data(document, file=SimpleUploadedFile("avtale.pdf", files.windows_exe())),
    )
    assert response.status_code == 200
    assert "Windows-programfil" in response.content.decode()
    assert document.versions.count() == 0
    assert stored_files(clean_media) == before


@pytest.mark.django_db
def test_a_replacement_that_fails_while_saving_puts_the_old_file_back(make_document, superuser):
    from django.core.files.base import ContentFile

    from kb.documents.ingest import ingest

    original = files.pdf("Gjeldende avtale")
    document = make_document("avtale.pdf", original, title="Avtale")
    old_name = document.file.name

    def broken_save(*args, **kwargs):
        raise RuntimeError("disk full")

    document.save = broken_save
    with pytest.raises(RuntimeError):
        ingest(
            ContentFile(files.pdf("Ny avtale"), name="ny.pdf"),
            collection=None,
            metadata={},
            user=superuser,
            replacing=document,
        )
    assert DocumentVersion.objects.count() == 0
    with document.file.storage.open(old_name, "rb") as kept:
        assert kept.read() == original
    assert AlorDocument.objects.get(pk=document.pk).file.name == old_name
