"""Office files' previews: the first page or slide drawn by LibreOffice in the background task,
the card where LibreOffice is missing, too slow or fails.

The tests that need LibreOffice itself are skipped where it is not installed (`make
system-deps` installs it); the others stand a small script in for `soffice`, so the time limit,
the separate profiles and the clean failure are tried everywhere.
"""

import io
import os
import shutil
import stat
import tempfile
import time

import pytest
from django.test import override_settings
from PIL import Image

from kb.documents import processing, thumbnails
from kb.documents.formats import office
from kb.models import AlorDocument

from . import files

HAS_LIBREOFFICE = shutil.which("soffice") is not None
needs_libreoffice = pytest.mark.skipif(
    not HAS_LIBREOFFICE,
    reason="LibreOffice (soffice) is not installed; `make system-deps` installs it as root",
)


def thumbnail_png(document) -> bytes:
    document.refresh_from_db()
    with document.thumbnail.open("rb") as handle:
        return handle.read()


def dark_pixels(png: bytes) -> int:
    """How many pixels are clearly darker than paper: text drawn on a page (small text at the
    preview's size is grey, anti-aliased)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(count for value, count in enumerate(image.histogram()) if value < 160)


def office_folders() -> set[str]:
    root = tempfile.gettempdir()
    return {name for name in os.listdir(root) if name.startswith(office.TEMP_PREFIX)}


def fake_soffice(folder, body: str) -> str:
    """A stand-in for LibreOffice: a shell script with `body`, which sees the same arguments."""
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


# A script that does what LibreOffice does with --convert-to pdf: writes <name>.pdf into the
# --outdir folder (here a copy of a prepared PDF), and notes its profile argument.
CONVERTS = """
log="$(dirname "$0")/calls.log"
while [ $# -gt 0 ]; do
  case "$1" in
    -env:UserInstallation=*) echo "${1#-env:UserInstallation=}" >> "$log" ;;
    --outdir) shift; out="$1" ;;
  esac
  shift
done
cp "$(dirname "$0")/page.pdf" "$out/converted.pdf"
"""


@pytest.fixture
def converting_soffice(tmp_path):
    (tmp_path / "page.pdf").write_bytes(files.pdf("Første lysbilde: rusmidler i arbeidslivet"))
    with override_settings(DOCUMENTS_SOFFICE_CMD=fake_soffice(tmp_path, CONVERTS)):
        yield tmp_path / "calls.log"


@needs_libreoffice
@pytest.mark.django_db
@override_settings(DOCUMENTS_SOFFICE_CMD="soffice")
@pytest.mark.parametrize(
    "name, data",
    [
        ("innledning.pptx", files.pptx_file("Alor Norge 2026: rusmiddelpolitikk i arbeidslivet")),
        ("avtale.docx", files.docx_file("Samarbeidsavtale mellom KORUS og Akan " * 8)),
    ],
)
def test_an_office_file_gets_a_picture_of_its_first_page(make_document, name, data):
    before = office_folders()
    document = make_document(name, data, title="Innlegg")
    png = thumbnail_png(document)
    card = thumbnails.card_png(document.file_extension, document.title)
    assert png != card
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colour = thumbnails.card_colour(document.file_extension)
    # The card's top is its colour band; the page is white paper with dark text on it.
    assert image.getpixel((image.width // 2, 10)) != colour
    assert dark_pixels(png) > 50
    assert office_folders() <= before  # the conversion's folder is gone


@pytest.mark.django_db
def test_without_libreoffice_an_office_file_gets_its_card(make_document, tmp_path):
    with override_settings(DOCUMENTS_SOFFICE_CMD=str(tmp_path / "ingen-soffice")):
        document = make_document("avtale.docx", files.docx_file(), title="Avtale")
    assert thumbnail_png(document) == thumbnails.card_png("docx", "Avtale")
    assert document.processing_status == "done"  # the text is still read


@pytest.mark.django_db
def test_the_page_libreoffice_writes_becomes_the_preview_in_a_profile_of_its_own(
    make_document, converting_soffice
):
    first = make_document("a.pptx", files.pptx_file("Første"), title="Første")
    second = make_document("b.odp", files.odf_file("odp", "Andre"), title="Andre")
    for document in (first, second):
        png = thumbnail_png(document)
        assert png != thumbnails.card_png(document.file_extension, document.title)
        assert dark_pixels(png) > 50
    profiles = converting_soffice.read_text().split()
    assert len(profiles) == 2 and profiles[0] != profiles[1]  # concurrent runs never share one
    for profile in profiles:
        assert profile.startswith("file://")
        assert not os.path.exists(profile.removeprefix("file://"))  # removed afterwards


@pytest.mark.django_db
def test_a_conversion_over_the_time_limit_is_stopped_and_the_card_stored(
    make_document, tmp_path, caplog
):
    pid_file = tmp_path / "pid"
    slow = fake_soffice(tmp_path, f'echo $$ > "{pid_file}"\nexec sleep 30\n')
    before = office_folders()
    started = time.monotonic()
    with override_settings(DOCUMENTS_SOFFICE_CMD=slow, DOCUMENTS_OFFICE_TIMEOUT=0.5):
        document = make_document("treg.docx", files.docx_file(), title="Treg")
    assert time.monotonic() - started < 15
    assert thumbnail_png(document) == thumbnails.card_png("docx", "Treg")
    with pytest.raises(ProcessLookupError):  # LibreOffice's process is gone, not left running
        os.kill(int(pid_file.read_text()), 0)
    assert office_folders() <= before
    assert "OfficeTimeout" in caplog.text
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".png")]


@pytest.mark.django_db
def test_a_file_libreoffice_cannot_read_gets_its_card_and_a_logged_reason(
    make_document, tmp_path, caplog
):
    failing = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded"\nexit 1\n')
    with override_settings(DOCUMENTS_SOFFICE_CMD=failing):
        document = make_document("skadet.xlsx", files.xlsx_file(), title="Skadet")
    assert thumbnail_png(document) == thumbnails.card_png("xlsx", "Skadet")
    assert "OfficeFailed" in caplog.text and "could not be loaded" in caplog.text


@pytest.mark.django_db
def test_a_request_for_the_preview_never_waits_for_libreoffice(
    make_document, converting_soffice, client
):
    """Before the background task has drawn it, the thumbnail's address answers at once with
    the card, and stores nothing, so the task's picture is not shadowed by it."""
    document = make_document("a.pptx", files.pptx_file("Første"), title="Første")
    calls = converting_soffice.read_text()
    document.thumbnail.delete(save=False)
    AlorDocument.objects.filter(pk=document.pk).update(thumbnail="")
    response = client.get(document.thumbnail_url)
    assert response.status_code == 200
    assert response.content == thumbnails.card_png("pptx", "Første")
    assert "no-store" in response["Cache-Control"]
    assert converting_soffice.read_text() == calls  # LibreOffice did not run
    document.refresh_from_db()
    assert not document.thumbnail


@pytest.mark.django_db
def test_processing_again_draws_the_page_where_the_card_was_stored(make_document, tmp_path):
    """A document stored while LibreOffice was missing gets its page once it is processed
    again (the admin's «Behandle på nytt», recovery) with LibreOffice there."""
    with override_settings(DOCUMENTS_SOFFICE_CMD=str(tmp_path / "ingen-soffice")):
        document = make_document("innlegg.pptx", files.pptx_file("Innlegg"), title="Innlegg")
    assert thumbnail_png(document) == thumbnails.card_png("pptx", "Innlegg")
    (tmp_path / "page.pdf").write_bytes(files.pdf("Innlegget, første lysbilde"))
    with override_settings(DOCUMENTS_SOFFICE_CMD=fake_soffice(tmp_path, CONVERTS)):
        processing.process_document_now(document.pk)
    assert thumbnail_png(document) != thumbnails.card_png("pptx", "Innlegg")
    assert len(list(document.thumbnail.storage.listdir("thumbnails")[1])) == 1  # no leftover
