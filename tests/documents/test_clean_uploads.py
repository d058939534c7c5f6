"""clean_uploads removes abandoned uploads and parts of cut-off writes, and only old ones."""

import io
import os
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from wagtail.models import UploadedFile

from kb.models import AlorDocument

from . import files
from .conftest import stored_files


def _age(name, hours):
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


def _run(*args):
    out = io.StringIO()
    call_command("clean_uploads", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_old_abandoned_uploads_and_partials_go_new_ones_stay(superuser, make_document, clean_media):
    document = make_document("referat.pdf", files.pdf("Referat"), title="Referat")
    kind = ContentType.objects.get_for_model(AlorDocument)
    old = UploadedFile.objects.create(
        for_content_type=kind,
        file=ContentFile(b"gammel", name="gammel.pdf"),
        uploaded_by_user=superuser,
    )
    new = UploadedFile.objects.create(
        for_content_type=kind, file=ContentFile(b"ny", name="ny.pdf"), uploaded_by_user=superuser
    )
    _age(old.file.name, 48)
    orphan = default_storage.save("wagtail_uploads/uten-rad.pdf", ContentFile(b"x"))
    _age(orphan, 48)
    partial = default_storage.path("documents/.skrives-abc-referat.pdf")
    with open(partial, "wb") as handle:
        handle.write(b"halv")
    _age("documents/.skrives-abc-referat.pdf", 48)

    output = _run("--older-than", "24")
    assert "Ferdig: 1 forlatte opplastinger, 1 filer uten opplasting og 1 rester" in output
    assert "1 nyere er beholdt" in output
    assert list(UploadedFile.objects.all()) == [new]
    remaining = stored_files(clean_media)
    assert new.file.name in remaining
    assert document.file.name in remaining
    assert not [f for f in remaining if ".skrives-" in f or f == orphan or f == old.file.name]

    again = _run("--older-than", "24")
    assert "Ferdig: 0 forlatte opplastinger, 0 filer uten opplasting og 0 rester" in again
    assert stored_files(clean_media) == remaining


@pytest.mark.django_db
def test_dry_run_removes_nothing(superuser, clean_media):
    upload = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(AlorDocument),
        file=ContentFile(b"gammel", name="gammel.pdf"),
        uploaded_by_user=superuser,
    )
    _age(upload.file.name, 48)
    output = _run("--dry-run")
    assert "ville blitt fjernet" in output and "[1/1]" in output
    assert UploadedFile.objects.count() == 1
    assert stored_files(clean_media) == [upload.file.name]
