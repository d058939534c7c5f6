"""Every way a file comes in is kb.documents.ingest: stored, duplicate or refused, answered to
the user each in its own way, the file checked once, its processing queued once, and a plain
save queuing nothing."""

import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import registry as log_registry
from wagtail.models import Collection, GroupCollectionPermission

from kb.documents import ingest as ingest_module
from kb.documents.importer import Defaults, Importer
from kb.documents.ingest import Duplicate, Refused, Stored, ingest
from kb.models import AlorDocument, DocumentVersion, ProcessingStatus

from . import files
from .conftest import stored_files

pytestmark = pytest.mark.django_db

NEW = ("notat.txt", b"Notat om kvitsteinbruddet.\n")
EXE = ("program.pdf", files.windows_exe())
TAKEN = "Denne filen finnes allerede som dokumentet «Eksisterende»"


def _root():
    return Collection.get_first_root_node()


def _fields(prefix="", **extra):
    data = {"title": "Notat", "collection": _root().pk, "kind": "other", "language": "nb"}
    data.update({"tags": "", "description": ""}, **extra)
    return {f"{prefix}{k}": v for k, v in data.items()}


# Each entry point: upload (name, data) as the superuser; return (outcome, what the user sees).


def single_form(client, name, data, **_):
    response = client.post(
        reverse("wagtaildocs:add"), {**_fields(), "file": SimpleUploadedFile(name, data)}
    )
    if response.status_code == 302:
        return "stored", ""
    assert response.status_code == 200
    return "not stored", response.content.decode()


def multiple_uploader(client, name, data, **_):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, data), "collection": _root().pk},
    )
    body = json.loads(response.content)
    return ("stored", "") if body["success"] else ("not stored", body["error_message"])


def two_steps(client, name, data, **_):
    first = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, data), "title": "", "collection": _root().pk},
    )
    upload_id = json.loads(first.content)["uploaded_file_id"]
    response = client.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id]),
        _fields(prefix=f"uploaded-document-{upload_id}-"),
    )
    body = json.loads(response.content)
    return ("stored", "") if body["success"] else ("not stored", body["form"])


def chooser_upload(client, name, data, **_):
    prefix = "document-chooser-upload-"
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {**_fields(prefix=prefix), f"{prefix}file": SimpleUploadedFile(name, data)},
    )
    body = json.loads(response.content)
    if body["step"] == "chosen":
        return "stored", ""
    return "not stored", body["htmlFragment"]


def folder_import(client, name, data, tmp_path, **_):
    (tmp_path / name).write_bytes(data)
    importer = Importer(Defaults(collection=_root()), ocr=False)
    outcome = importer.import_file(tmp_path / name)
    report = importer.report
    seen = " ".join(f"{n}: {why}" for n, why in report.refused + report.duplicates)
    return ("stored" if outcome == "imported" else "not stored"), seen


def edit_form(client, name, data, replaced, **_):
    response = client.post(
        reverse("wagtaildocs:edit", args=[replaced.pk]),
        {
            **_fields(title=replaced.title, kind=replaced.kind),
            "file": SimpleUploadedFile(name, data),
            "version_comment": "Ny fil",
        },
    )
    if response.status_code == 302:
        return "stored", ""
    assert response.status_code == 200
    return "not stored", response.content.decode()


ENTRY_POINTS = [single_form, multiple_uploader, two_steps, chooser_upload, folder_import, edit_form]


@pytest.fixture
def world(make_document):
    """An existing document, and one whose file the replacements replace."""

    class World:
        taken = files.pdf("Eksisterende")
        existing = make_document("eksisterende.pdf", taken, "Eksisterende")
        replaced = make_document("avtale.pdf", files.pdf("Gammel avtale"), title="Avtale")

    return World


@pytest.fixture
def checks(monkeypatch):
    """How many times a file is checked by its content."""
    calls = []
    real = ingest_module.validate_upload

    def counted(file, name=None):
        calls.append(name)
        return real(file, name)

    monkeypatch.setattr(ingest_module, "validate_upload", counted)
    return calls


def _upload(entry, admin_client, world, tmp_path, name, data):
    return entry(admin_client, name, data, tmp_path=tmp_path, replaced=world.replaced)


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: e.__name__)
def test_a_new_file_is_stored_checked_once_and_processed(
    entry, admin_client, world, tmp_path, checks
):
    outcome, _shown = _upload(entry, admin_client, world, tmp_path, *NEW)
    assert outcome == "stored"
    assert len(checks) == 1
    if entry is edit_form:
        document = AlorDocument.objects.get(pk=world.replaced.pk)
        version = DocumentVersion.objects.get(document=document)
        assert (version.number, version.comment) == (1, "Ny fil")
        assert AlorDocument.objects.count() == 2
    else:
        document = AlorDocument.objects.exclude(pk__in=[world.existing.pk, world.replaced.pk]).get()
    assert document.processing_status == ProcessingStatus.DONE
    assert "kvitsteinbruddet" in document.extracted_text
    assert [d.pk for d in AlorDocument.objects.search("kvitsteinbruddet")] == [document.pk]


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: e.__name__)
def test_a_duplicate_is_named_and_nothing_is_stored(
    entry, admin_client, world, tmp_path, clean_media
):
    before = stored_files(clean_media)
    outcome, shown = _upload(entry, admin_client, world, tmp_path, "kopi.pdf", world.taken)
    assert outcome == "not stored"
    if entry is folder_import:
        assert "kopi.pdf: Eksisterende" in shown
    else:
        assert TAKEN in shown
        assert reverse("wagtaildocs:edit", args=[world.existing.pk]) in shown
    assert AlorDocument.objects.count() == 2
    assert not DocumentVersion.objects.exists()
    assert stored_files(clean_media) == before


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: e.__name__)
def test_a_refused_file_says_why_and_leaves_nothing(
    entry, admin_client, world, tmp_path, clean_media
):
    before = stored_files(clean_media)
    outcome, shown = _upload(entry, admin_client, world, tmp_path, *EXE)
    assert outcome == "not stored"
    assert "Filen er en Windows-programfil, ikke en PDF." in shown
    assert AlorDocument.objects.count() == 2
    assert not DocumentVersion.objects.exists()
    assert stored_files(clean_media) == before
    replaced = AlorDocument.objects.get(pk=world.replaced.pk)
    assert replaced.checksum == world.replaced.checksum


@pytest.mark.parametrize("entry", [single_form, multiple_uploader], ids=lambda e: e.__name__)
def test_a_user_who_may_add_to_one_collection_only_uploads_into_it(
    entry, client, django_user_model, tmp_path
):
    """Wagtail hides the collection field then: the document goes to that collection."""
    only = _root().add_child(name="Bare denne")
    group = Group.objects.create(name="Én samling")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_document", "change_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=only,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    user = django_user_model.objects.create_user("en-samling", password="x")
    user.groups.add(group)
    client.force_login(user)
    outcome, shown = entry(client, *NEW, tmp_path=tmp_path)
    assert outcome == "stored", shown
    assert AlorDocument.objects.get().collection == only


def test_the_single_form_logs_the_creation_and_keeps_the_fields(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            **_fields(title="Årsrapport", kind="report", description="Fra RAG", year="2025"),
            "tags": "rapport, rag",
            "file": SimpleUploadedFile(*NEW),
        },
    )
    assert response.status_code == 302
    document = AlorDocument.objects.get()
    assert (document.title, document.kind, document.year) == ("Årsrapport", "report", 2025)
    assert document.description == "Fra RAG"
    assert sorted(t.name for t in document.tags.all()) == ["rag", "rapport"]
    assert document.file.name == "documents/notat.txt"
    entry = log_registry.get_logs_for_instance(document).get()
    assert entry.action == "wagtail.create"


def test_ingest_answers_with_what_happened(superuser, make_document, clean_media):
    stored = ingest(
        ContentFile(b"Et notat om ruspolicy.\n", name="Notat (utkast).txt"),
        collection=_root(),
        metadata={"title": "Notat", "year": 2026},
        user=superuser,
    )
    assert isinstance(stored, Stored) and stored.version is None
    document = stored.document
    assert (document.title, document.year, document.uploaded_by_user) == ("Notat", 2026, superuser)
    assert document.file.name == "documents/notat-utkast.txt"

    again = ingest(
        ContentFile(b"Et notat om ruspolicy.\n", name="kopi.txt"),
        collection=_root(),
        metadata={"title": "Kopi"},
        user=None,  # may see nothing: the neutral answer, naming no document
    )
    assert isinstance(again, Duplicate) and again.existing == document
    assert again.message == (
        "Filen kan ikke lastes opp. Kontakt en administrator hvis du trenger å legge den inn."
    )

    refused = ingest(ContentFile(b"", name="tom.pdf"), collection=_root(), metadata={}, user=None)
    assert refused == Refused("Filen er tom.", code="empty")

    replaced = ingest(
        ContentFile(b"Ny tekst.\n", name="ny.txt"),
        collection=None,
        metadata={"title": "Notat, ny versjon"},
        user=superuser,
        replacing=document,
        comment="Rettet",
    )
    assert isinstance(replaced, Stored) and replaced.document == document
    assert (replaced.version.number, replaced.version.comment) == (1, "Rettet")
    document.refresh_from_db()
    assert document.title == "Notat, ny versjon" and document.extracted_text == "Ny tekst.\n"
    assert document.file.name == "documents/notat-utkast.txt"  # the same URL


def test_metadata_cannot_set_what_is_read_from_the_file():
    with pytest.raises(ValueError, match="checksum"):
        ingest(ContentFile(b"x", name="x.txt"), collection=_root(), metadata={"checksum": "0"},
               user=None)  # fmt: skip


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _tasks_of(document):
    return [
        t for t in DBTaskResult.objects.all() if t.args_kwargs.get("args", [None])[0] == document.pk
    ]


def test_saving_a_document_queues_nothing_ingest_queues_once(db_tasks):
    saved = AlorDocument(title="Lagret", collection=_root())
    saved.file = ContentFile(b"Bare lagret.\n", name="lagret.txt")
    saved.save()
    saved.title = "Lagret igjen"
    saved.save()
    assert _tasks_of(saved) == []

    result = ingest(
        ContentFile(b"Tatt inn.\n", name="inn.txt"), collection=_root(), metadata={}, user=None
    )
    assert [t.status for t in _tasks_of(result.document)] == [TaskResultStatus.READY]
    assert result.document.processing_status == ProcessingStatus.PENDING


def test_the_import_command_reports_the_three_answers(tmp_path, make_document):
    taken = files.pdf("Eksisterende")
    make_document("eksisterende.pdf", taken, "Eksisterende")
    (tmp_path / "ny.txt").write_bytes(b"Ny fil.\n")
    (tmp_path / "kopi.pdf").write_bytes(taken)
    (tmp_path / "virus.pdf").write_bytes(files.windows_exe())
    out = io.StringIO()
    call_command("import_documents", str(tmp_path), "--no-ocr", stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    assert "Importert: 1. Hoppet over (finnes fra før): 1. Avvist: 1." in report
    assert "finnes fra før: kopi.pdf (som «Eksisterende»)" in report
    assert "avvist: virus.pdf: Filen er en Windows-programfil, ikke en PDF." in report
