"""One document per file, also when two people upload the same file at the same moment."""

import contextlib
import json
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, UploadedFile

from kb.documents import ingest as ingest_module
from kb.documents.ingest import Duplicate, ingest
from kb.models import AlorDocument

from . import files
from .conftest import stored_files

PAIRS = 10


def _post_upload(user, name, data, results, index):
    client = Client()
    client.force_login(user)
    try:
        response = client.post(
            reverse("wagtaildocs:add_multiple"),
            {
                "files[]": SimpleUploadedFile(name, data),
                "collection": Collection.get_first_root_node().pk,
            },
        )
        results[index] = (response.status_code, json.loads(response.content))
    except Exception as error:  # noqa: BLE001  reported by the test
        results[index] = (500, {"exception": repr(error)})
    finally:
        connection.close()


def _in_memory_sqlite():
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.skipif(
    "_in_memory_sqlite()",
    reason="threads cannot write to one in-memory SQLite database at once (table locks); "
    "the race runs on PostgreSQL or a SQLite file database",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_uploads_store_one_document(superuser, clean_media, monkeypatch):
    """Both uploads look for the file before either stores it (the worst interleaving, forced
    with a barrier after the look-up): the database still lets only one of them in."""
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    barrier = threading.Barrier(2, timeout=5)
    original = ingest_module.find_duplicate

    def check_then_wait(checksum, **kwargs):
        found = original(checksum, **kwargs)  # ingest's own duplicate look-up
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return found

    monkeypatch.setattr(ingest_module, "find_duplicate", check_then_wait)
    stored_twice = 0
    for pair in range(PAIRS):
        barrier.reset()
        data = files.pdf(f"Samme presentasjon, par {pair}")
        results = [None, None]
        threads = [
            threading.Thread(
                target=_post_upload, args=(superuser, f"innlegg-{pair}.pdf", data, results, i)
            )
            for i in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert [status for status, _body in results] == [200, 200], results
        successes = [body for _status, body in results if body["success"]]
        refused = [body for _status, body in results if not body["success"]]
        if len(successes) == 2:
            stored_twice += 1
            continue
        assert len(successes) == 1 and len(refused) == 1, results
        # The late one is told where the file is (the uploader may see it).
        assert "finnes allerede som dokumentet" in refused[0]["error_message"]
    assert stored_twice == 0, f"{stored_twice} of {PAIRS} pairs stored twice"
    assert AlorDocument.objects.count() == PAIRS
    # The refused copies left no file behind: one file (and its thumbnail) per document.
    documents = [f for f in stored_files(clean_media) if f.startswith("documents/")]
    assert len(documents) == PAIRS


@pytest.mark.django_db
def test_a_second_save_of_the_same_file_is_refused_by_the_database(
    make_document, clean_media, monkeypatch
):
    """Whatever path skips the look-up, the constraint refuses the copy and removes its file."""
    data = files.pdf("Mandat for RAG")
    existing = make_document("mandat.pdf", data, title="Mandat")
    before = stored_files(clean_media)
    # A plain save: the database refuses the row, and the save removes the file it wrote.
    copy = AlorDocument(title="Kopi", collection=existing.collection)
    copy.file = ContentFile(data, name="kopi.pdf")
    copy._set_document_file_metadata()
    with pytest.raises(IntegrityError):
        copy.save()
    assert AlorDocument.objects.count() == 1
    assert stored_files(clean_media) == before
    # ingest, its look-up skipped (as when another upload stores the file just after it):
    # the same refusal, answered as a duplicate that names the document holding the file.
    monkeypatch.setattr(ingest_module, "find_duplicate", _after_first_call(existing))
    result = ingest(
        ContentFile(data, name="kopi.pdf"),
        collection=existing.collection,
        metadata={"title": "Kopi"},
        user=None,
    )
    assert isinstance(result, Duplicate) and result.existing == existing
    assert AlorDocument.objects.count() == 1
    assert stored_files(clean_media) == before


def _after_first_call(existing):
    """A look-up that finds nothing the first time (before the insert), `existing` after."""
    calls = []

    def find_duplicate(checksum, **kwargs):
        calls.append(checksum)
        return existing if len(calls) > 1 else None

    return find_duplicate


@pytest.mark.django_db
@pytest.mark.parametrize("found", ["by the look-up", "by the constraint"])
def test_replacing_a_file_with_another_documents_file_is_refused_and_changes_nothing(
    make_document, superuser, clean_media, monkeypatch, found
):
    taken = files.pdf("Signert avtale")
    signed = make_document("signert.pdf", taken, title="Signert")
    original = files.pdf("Utkast")
    document = make_document("utkast.pdf", original, title="Utkast")
    before = stored_files(clean_media)
    if found == "by the constraint":  # the old file archived, then put back
        monkeypatch.setattr(ingest_module, "find_duplicate", _after_first_call(signed))
    result = ingest(
        ContentFile(taken, name="utkast.pdf"),
        collection=None,
        metadata={},
        user=superuser,
        replacing=document,
    )
    assert isinstance(result, Duplicate)
    assert "finnes allerede som dokumentet «Signert»" in result.message
    document = AlorDocument.objects.get(pk=document.pk)
    assert document.versions.count() == 0
    with document.file.open("rb") as kept:
        assert kept.read() == original
    assert stored_files(clean_media) == before


def _first_step(client, name, data):
    """The multiple uploader's first step with a field missing (here the title): Wagtail keeps
    the file as an UploadedFile in wagtail_uploads/ and asks for the rest."""
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile(name, data),
            "title": "",
            "collection": Collection.get_first_root_node().pk,
        },
    )
    body = json.loads(response.content)
    assert body["success"] and "uploaded_file_id" in body, body
    return body["uploaded_file_id"]


def _second_step(client, upload_id, title):
    prefix = f"uploaded-document-{upload_id}"
    response = client.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id]),
        {
            f"{prefix}-title": title,
            f"{prefix}-collection": Collection.get_first_root_node().pk,
            f"{prefix}-kind": "presentation",
            f"{prefix}-language": "nb",
            f"{prefix}-tags": "",
            f"{prefix}-description": "",
        },
    )
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_two_step_upload_refuses_a_duplicate_and_removes_the_upload(admin_client, clean_media):
    data = files.pdf("Innlegg om ruspolicy")
    first = _first_step(admin_client, "innlegg.pdf", data)
    second = _first_step(admin_client, "innlegg-kopi.pdf", data)
    assert _second_step(admin_client, first, "Innlegg")["success"]
    refused = _second_step(admin_client, second, "Innlegg igjen")
    assert refused["success"] is False
    assert "finnes allerede som dokumentet «Innlegg»" in refused["form"]
    assert AlorDocument.objects.count() == 1
    assert not UploadedFile.objects.exists()
    assert not [f for f in stored_files(clean_media) if f.startswith("wagtail_uploads/")]
    assert len([f for f in stored_files(clean_media) if f.startswith("documents/")]) == 1


@pytest.mark.django_db
def test_two_step_upload_checks_the_file_content(admin_client, superuser, clean_media):
    """An upload kept in wagtail_uploads/ is checked again before it becomes a document."""
    upload = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(AlorDocument),
        file=ContentFile(files.windows_exe(), name="program.pdf"),
        uploaded_by_user=superuser,
    )
    refused = _second_step(admin_client, upload.pk, "Program")
    assert refused["success"] is False
    assert "Windows-programfil" in refused["form"]
    assert not AlorDocument.objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_files(clean_media) == []


@pytest.mark.django_db
def test_two_step_upload_stores_a_sanitised_checked_document(admin_client, clean_media):
    upload_id = _first_step(admin_client, "Referat RAG (endelig).pdf", files.pdf("Referat"))
    assert _second_step(admin_client, upload_id, "Referat")["success"]
    document = AlorDocument.objects.get()
    assert document.file.name == "documents/referat_rag_endelig.pdf"  # from the kept name
    assert document.mime_type == "application/pdf" and len(document.checksum) == 64
    assert not UploadedFile.objects.exists()
