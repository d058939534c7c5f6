"""A file that cannot be written (disk full, no permission) leaves nothing half-written."""

import contextlib
import errno
import json
import resource
import signal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from kb.documents.importer import Defaults, Importer
from kb.documents.storage import StorageWriteError
from kb.models import AlorDocument, ProcessingStatus

from . import files
from .conftest import stored_files

BIG_TEXT = ("Notat om sykefravær og rus i arbeidslivet.\n" * 8000).encode()  # about 350 kB


@contextlib.contextmanager
def file_size_limit(limit):
    """As `ulimit -f`: this process cannot make a file larger than `limit` bytes; a write past
    it fails with EFBIG (the signal that would kill the process is ignored, as a server does)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


def disk_full_after(limit, only=""):
    """A stand-in for FileSystemStorage._save that writes `limit` bytes, then finds the disk
    full: what a real full disk does, and what Django leaves behind."""
    real_save = FileSystemStorage._save

    def _save(self, name, content):
        if only and not name.startswith(only):
            return real_save(self, name, content)
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            content.seek(0)
            handle.write(content.read()[:limit])
        raise OSError(errno.ENOSPC, "No space left on device")

    return _save


@pytest.mark.django_db
def test_multiple_upload_past_the_file_size_limit_is_refused_and_leaves_nothing(
    admin_client, clean_media
):
    with file_size_limit(100 * 1024):
        response = admin_client.post(
            reverse("wagtaildocs:add_multiple"),
            {
                "files[]": SimpleUploadedFile("notat.txt", BIG_TEXT),
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["success"] is False
    assert "nok lagringsplass" in body["error_message"]
    assert "Ingenting er lagret" in body["error_message"]
    assert not AlorDocument.objects.exists()
    assert stored_files(clean_media) == []


@pytest.mark.django_db
def test_single_upload_on_a_full_disk_shows_a_form_error(admin_client, clean_media, monkeypatch):
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_after(500))
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Program",
            "file": SimpleUploadedFile("program.pdf", files.pdf("Program for samlingen")),
            "collection": Collection.get_first_root_node().pk,
            "kind": "programme",
            "language": "nb",
            "tags": "",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert "nok lagringsplass på serveren" in response.content.decode()
    assert not AlorDocument.objects.exists()
    assert stored_files(clean_media) == []


@pytest.mark.django_db
def test_replacing_a_file_on_a_full_disk_keeps_the_old_one(
    admin_client, make_document, clean_media, monkeypatch
):
    original = files.pdf("Gjeldende avtale")
    document = make_document("avtale.pdf", original, title="Avtale")
    before = stored_files(clean_media)
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_after(300, only="documents/"))
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Avtale",
            "file": SimpleUploadedFile("avtale.pdf", files.pdf("Ny avtale")),
            "collection": document.collection_id,
            "kind": document.kind,
            "language": document.language,
            "tags": "",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert "nok lagringsplass" in response.content.decode()
    document = AlorDocument.objects.get(pk=document.pk)
    assert document.versions.count() == 0
    with document.file.open("rb") as kept:
        assert kept.read() == original
    assert stored_files(clean_media) == before


@pytest.mark.django_db
def test_import_on_a_full_disk_refuses_the_file_and_leaves_nothing(
    tmp_path, clean_media, monkeypatch
):
    (tmp_path / "program.pdf").write_bytes(files.pdf("Program"))
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_after(200))
    importer = Importer(Defaults(collection=Collection.get_first_root_node()), ocr=False)
    assert importer.import_file(tmp_path / "program.pdf") == "refused"
    ((name, reason),) = importer.report.refused
    assert name == "program.pdf" and "nok lagringsplass" in reason
    assert not AlorDocument.objects.exists()
    assert stored_files(clean_media) == []


def test_storage_removes_its_partial_file_and_never_touches_the_real_name(clean_media, monkeypatch):
    default_storage.save("documents/referat.pdf", ContentFile(b"gammel fil"))
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_after(3))
    with pytest.raises(StorageWriteError) as failed:
        default_storage.save("documents/nytt.pdf", ContentFile(b"ny fil som ikke far plass"))
    assert failed.value.errno == errno.ENOSPC
    assert stored_files(clean_media) == ["documents/referat.pdf"]
    assert (clean_media / "documents/referat.pdf").read_bytes() == b"gammel fil"


@pytest.mark.django_db
def test_thumbnail_that_cannot_be_written_shows_the_card(client, make_document, clean_media):
    document = make_document("referat.pdf", files.pdf("Referat"), title="Referat")
    default_storage.delete(document.thumbnail.name)
    with file_size_limit(100):  # the PNG is larger: it cannot be written
        first = client.get(document.thumbnail_url)
        again = client.get(document.thumbnail_url)
    for response in (first, again):
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"
    assert first.content.startswith(b"\x89PNG")
    assert not [f for f in stored_files(clean_media) if f.startswith("thumbnails/")]
    # Once it can be written, the real thumbnail is made and kept.
    later = client.get(document.thumbnail_url)
    assert later.status_code == 200 and later["Cache-Control"].startswith("public")
    assert [f for f in stored_files(clean_media) if f.startswith("thumbnails/")]


@pytest.mark.django_db
def test_processing_keeps_the_text_when_the_thumbnail_cannot_be_written(make_document, monkeypatch):
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_after(10, only="thumbnails/"))
    document = make_document("referat.pdf", files.pdf("Referat fra styret"), title="Referat")
    assert document.processing_status == ProcessingStatus.DONE
    assert "Referat fra styret" in document.extracted_text
