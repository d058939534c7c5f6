"""Resource limits of uploads and of the work done on them, for the archive and the image as a
whole, so that no file holds a web process or a worker for long."""

import io
import os
import random
import runpy
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytesseract
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from kb.documents.formats import pdf as pdf_format
from kb.documents.validation import validate_upload
from kb.models import AlorDocument

from . import files
from .conftest import stored_files
from .test_upload import upload

PARAGRAPH = b"<w:p><w:r><w:t>Samarbeid</w:t></w:r></w:p>"


def padded_docx(document_xml_size=0, extra_parts=(), compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A real DOCX whose body is padded to `document_xml_size` bytes, plus extra parts."""
    source = zipfile.ZipFile(io.BytesIO(files.docx_file("Samarbeidsavtale")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml" and document_xml_size:
                count = (document_xml_size - len(data)) // len(PARAGRAPH)
                data = data.replace(b"<w:body>", b"<w:body>" + PARAGRAPH * count)
            archive.writestr(info.filename, data)
        for name, data in extra_parts:
            archive.writestr(name, data)
    return out.getvalue()


def png(size, mode="L") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 255).save(buffer, "PNG")
    return buffer.getvalue()


def check(name, data):
    return validate_upload(SimpleUploadedFile(name, data), name)


@pytest.mark.django_db
def test_a_docx_of_ten_megabytes_of_one_repeated_paragraph_is_refused(admin_client, clean_media):
    data = padded_docx(9_750_000)  # 9.75 MB of XML in a 60 KB file; took 10-17 s to read
    result = upload(admin_client, "stor.docx", data)
    assert result["success"] is False
    assert "zip-bombe" in result["error_message"]
    assert AlorDocument.objects.count() == 0
    assert stored_files(clean_media) == []


def test_the_ratio_holds_for_the_archive_not_only_for_each_part():
    parts = [(f"word/media/part{i}.xml", b"<a/>" * 200_000) for i in range(20)]  # 0.8 MB each
    with pytest.raises(ValidationError) as refused:
        check("deler.docx", padded_docx(extra_parts=parts))
    assert refused.value.code == "zip_bomb"


def test_the_unpacked_size_adds_up_over_every_part(settings):
    settings.DOCUMENTS_MAX_UNPACKED_SIZE = 5 * 1024 * 1024
    noise = random.Random(1)
    parts = [(f"word/media/bilde{i}.png", noise.randbytes(1024 * 1024)) for i in range(6)]
    with pytest.raises(ValidationError) as refused:
        check("bilder.docx", padded_docx(extra_parts=parts, compression=zipfile.ZIP_STORED))
    assert refused.value.code == "zip_bomb"


def test_a_large_real_document_with_pictures_is_accepted():
    noise = random.Random(2)
    parts = [(f"word/media/bilde{i}.jpeg", noise.randbytes(3 * 1024 * 1024)) for i in range(5)]
    # 600 KB of varied text: real prose packs a few times, not a few hundred.
    words = b" ".join(b"ord%d" % noise.randrange(100_000) for _ in range(100_000))
    parts.append(("customXml/notat.xml", b"<notat>" + words + b"</notat>"))
    checked = check("rapport.docx", padded_docx(extra_parts=parts))
    assert checked.extension == "docx"


@pytest.mark.django_db
def test_an_81_megapixel_png_is_refused_early(admin_client, clean_media):
    result = upload(admin_client, "plakat.png", png((9000, 9000)))
    assert result["success"] is False
    assert "9000 × 9000" in result["error_message"]
    assert "50 000 000" in result["error_message"]
    assert stored_files(clean_media) == []


def test_a_scanned_a4_page_at_600_dpi_is_accepted():
    assert check("skann.png", png((4961, 7016))).mime_type == "image/png"  # 34.8 MP


def test_pillow_refuses_the_same_images_everywhere_in_the_process():
    assert Image.MAX_IMAGE_PIXELS == 50_000_000


def test_a_huge_pdf_page_is_rendered_for_ocr_within_the_pixel_limit(
    settings, monkeypatch, tmp_path
):
    settings.DOCUMENTS_MAX_IMAGE_PIXELS = 2_000_000
    path = tmp_path / "plakat.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(2000, 2000))  # 28 × 28 inches
    pdf.drawImage(ImageReader(files.text_image("Skannet")), 0, 0, 2000, 2000)
    pdf.save()
    seen = []
    monkeypatch.setattr(
        pdf_format, "ocr_image", lambda image, timeout=None: seen.append(image.size) or ""
    )
    pdf_format.extract_pdf(str(path))
    ((width, height),) = seen
    assert width * height <= 2_000_000  # 5556 × 5556 = 30.9 MP at 200 dpi before


def test_production_runs_tasks_in_the_worker_not_in_the_request(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    production = runpy.run_module("alor.settings.production")
    backend = production["TASKS"]["default"]["BACKEND"]
    assert backend == "django_tasks_db.DatabaseBackend"
    assert import_string(backend).__name__ == "DatabaseBackend"
    monkeypatch.setenv("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    with pytest.raises(ImproperlyConfigured, match="not in the request"):
        runpy.run_module("alor.settings.production")


# -- OCR: time limits and its temporary files ----------------------------------------------------

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-nor)",
)


def readable_by_others(root: Path) -> list[str]:
    """Everything under `root` another user of the machine could read."""
    found = []
    for folder, dirs, names in os.walk(root):
        if folder != str(root) and not os.stat(folder).st_mode & stat.S_IXOTH:
            dirs[:] = []  # closed: nothing below it can be reached
            continue
        for name in names:
            if os.stat(os.path.join(folder, name)).st_mode & stat.S_IROTH:
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return found


@pytest.mark.slow
@needs_tesseract
def test_a_process_killed_during_ocr_leaves_nothing_others_can_read(tmp_path):
    """`kill -9` in the middle of reading a page: its picture and text stay closed to others."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    os.chmod(spool, 0o1777)  # noqa: S103  like /tmp
    script = (
        "import django; django.setup(); "
        "from PIL import Image; from kb.documents.ocr import ocr_image; "
        "ocr_image(Image.effect_noise((2500, 3500), 60))"
    )
    env = {**os.environ, "TMPDIR": str(spool), "DJANGO_SETTINGS_MODULE": "alor.settings.test"}
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen([sys.executable, "-c", script], cwd=root, env=env)  # noqa: S603
    try:
        for _ in range(300):  # until Tesseract has its input
            if any(p.name.lower().endswith(".png") for p in spool.rglob("*")):
                break
            time.sleep(0.05)
        time.sleep(0.3)
        assert process.poll() is None, "OCR finished before it could be interrupted"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert list(spool.iterdir()), "the interrupted OCR left nothing: the test saw nothing"
    assert readable_by_others(spool) == []


def test_ocr_folders_are_private_and_removed_even_when_tesseract_fails(monkeypatch, tmp_path):
    from kb.documents import ocr

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(ocr, "_languages", lambda: "nor")
    seen = {}

    def failing_tesseract(source, base, **kwargs):
        folder = os.path.dirname(source)
        seen["folder"] = stat.S_IMODE(os.stat(folder).st_mode)
        seen["files"] = {n: stat.S_IMODE(os.stat(os.path.join(folder, n)).st_mode) for n in
                         os.listdir(folder)}  # fmt: skip
        raise pytesseract.TesseractError(1, "broken")

    monkeypatch.setattr(pytesseract.pytesseract, "run_tesseract", failing_tesseract)
    with pytest.raises(pytesseract.TesseractError):
        ocr.ocr_image(Image.new("L", (50, 50), 255))
    assert seen["folder"] == 0o700
    assert set(seen["files"].values()) == {0o600}
    assert list(tmp_path.iterdir()) == []


def test_ocr_folders_left_by_a_dead_process_are_removed_later(monkeypatch, tmp_path):
    from kb.documents import ocr

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = tmp_path / "alor-ocr-gammel"
    old.mkdir(mode=0o700)
    (old / "side.png").write_bytes(b"x")
    running = tmp_path / "alor-ocr-pagaende"
    running.mkdir(mode=0o700)
    other = tmp_path / "noe-annet"
    other.mkdir()
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    assert ocr.remove_stale_folders() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alor-ocr-pagaende", "noe-annet"]


@pytest.mark.django_db
def test_ocr_stops_at_the_documents_time_limit_and_says_so(make_document, settings, monkeypatch):
    calls = []

    def slow_page(image, timeout=None):
        calls.append(timeout)
        time.sleep(timeout + 0.05)  # the page takes all the time it is given
        return "Skannet side med tekst"

    monkeypatch.setattr(pdf_format, "ocr_image", slow_page)
    settings.DOCUMENTS_OCR_DOCUMENT_TIMEOUT = 0.5
    pages = [files.text_image(f"Side {n}", size=(400, 560)) for n in range(5)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=50)
    document = make_document("skannet.pdf", buffer.getvalue(), title="Skannet")
    assert len(calls) == 1  # the second page found the document's time used up
    assert 0 < calls[0] <= 0.5
    assert document.ocr_used is True
    assert "Skannet side med tekst" in document.extracted_text
    assert "OCR ble stoppet ved tidsgrensen" in document.processing_error
