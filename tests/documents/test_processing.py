"""What a document says is read, stored and found; OCR for scans; failures are shown and retried."""

import shutil

import pytest
from django.urls import reverse

from kb.documents import processing
from kb.documents.ocr import _languages
from kb.models import AlorDocument, ProcessingStatus

from . import files

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-nor)",
)


@pytest.fixture
def no_tesseract(settings):
    settings.DOCUMENTS_TESSERACT_CMD = "no-such-tesseract"
    _languages.cache_clear()
    yield
    _languages.cache_clear()


@pytest.mark.django_db
def test_word_only_in_pptx_speaker_notes_is_found_by_search(make_document):
    make_document(
        "innlegg.pptx",
        files.pptx_file("Alor Norge 2026", notes="Husk å nevne spillavhengighet"),
        title="Innlegg om arbeidsliv",
    )
    make_document("annet.pdf", files.pdf("Referat uten det ordet"), title="Referat")
    found = list(AlorDocument.objects.search("spillavhengighet"))
    assert [d.title for d in found] == ["Innlegg om arbeidsliv"]


@pytest.mark.django_db
def test_docx_text_tables_and_headers_are_read(make_document):
    document = make_document(
        "avtale.docx",
        files.docx_file("Avtaletekst", table_cell="KORUS Stavanger", header="Samarbeidsavtale"),
    )
    assert document.processing_status == ProcessingStatus.DONE
    for word in ("Avtaletekst", "KORUS Stavanger", "Samarbeidsavtale"):
        assert word in document.extracted_text


@pytest.mark.django_db
def test_pdf_pages_are_counted_and_read(make_document):
    document = make_document("program.pdf", files.pdf("Dag 1: velkommen", "Dag 2: ruspolicy"))
    assert document.page_count == 2
    assert "ruspolicy" in document.extracted_text
    assert document.ocr_used is False


@needs_tesseract
@pytest.mark.django_db
def test_scanned_pdf_is_read_with_ocr_and_found(make_document):
    document = make_document(
        "skannet.pdf", files.scanned_pdf("Samarbeidsavtale\narbeidsliv og rus"), title="Skann"
    )
    assert document.ocr_used is True
    assert document.processing_status == ProcessingStatus.DONE
    assert "Samarbeidsavtale" in document.extracted_text
    assert "arbeidsliv og rus" in document.extracted_text
    assert [d.title for d in AlorDocument.objects.search("Samarbeidsavtale")] == ["Skann"]


@pytest.mark.django_db
def test_without_tesseract_a_scan_is_marked_ocr_not_available(make_document, no_tesseract):
    document = make_document("skannet.pdf", files.scanned_pdf("Mandat"))
    assert document.processing_status == ProcessingStatus.NO_OCR
    assert "OCR ikke tilgjengelig" in document.processing_error
    assert document.get_processing_status_display() == "OCR ikke tilgjengelig"


@pytest.mark.django_db
def test_failed_processing_shows_the_reason_and_can_be_retried(
    make_document, monkeypatch, client, superuser
):
    def broken(*args, **kwargs):
        raise RuntimeError("disken er full")

    monkeypatch.setattr(processing, "extract", broken)
    document = make_document("referat.txt", "Referat fra møtet".encode(), title="Referat")
    assert document.processing_status == ProcessingStatus.FAILED
    assert "disken er full" in document.processing_error

    client.force_login(superuser)
    edit_page = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "Feilet" in edit_page and "disken er full" in edit_page
    assert reverse("kb_document_retry", args=[document.pk]) in edit_page

    monkeypatch.undo()
    response = client.post(reverse("kb_document_retry", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.processing_status == ProcessingStatus.DONE
    assert document.extracted_text == "Referat fra møtet"


@pytest.mark.django_db
def test_retry_needs_permission_to_change_the_document(make_document, client, member):
    document = make_document("referat.txt", b"Referat", title="Referat")
    client.force_login(member)
    response = client.post(reverse("kb_document_retry", args=[document.pk]))
    assert response.status_code in (302, 403, 404)
    assert not response.get("Location", "").endswith(
        reverse("wagtaildocs:edit", args=[document.pk])
    )


@pytest.mark.django_db
def test_thumbnails_are_made_once_for_pdf_image_and_other_types(make_document, client):
    pdf_doc = make_document("program.pdf", files.pdf("Program"))
    image_doc = make_document("bilde.png", files.image("PNG", size=(800, 600)))
    text_doc = make_document("notat.txt", b"Et notat", title="Notat fra RAG")
    for document in (pdf_doc, image_doc, text_doc):
        first = document.thumbnail.name
        assert first.startswith("thumbnails/") and first.endswith(".png")
        response = client.get(document.thumbnail_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert processing.ensure_thumbnail(document) is False  # cached, not made again
