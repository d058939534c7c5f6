"""Resource limits of uploads and of the work done on them, for the archive and the image as a
whole, so that no file holds a web process or a worker for long."""

import io
import random
import runpy
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from kb.documents import extraction
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
    monkeypatch.setattr(extraction, "ocr_image", lambda image: seen.append(image.size) or "")
    extraction.extract_pdf(str(path))
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
