"""The formats registry: what is accepted is what the formats declare, and each format reads
and previews a small real file of its kind."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from kb.documents import formats
from kb.documents.formats.base import FileFormat
from kb.documents.thumbnails import WIDTH, placeholder_card, render_thumbnail
from kb.documents.validation import validate_upload

from . import files

# One small real file per format, named with the format's first extension, and a word its
# text must hold (None: an image, whose text only OCR reads).
SAMPLES = {
    "pdf": (lambda: files.pdf("Program for samlingen i Bergen"), "samlingen"),
    "docx": (lambda: files.docx_file("Samarbeidsavtale", table_cell="Akan"), "Akan"),
    "pptx": (lambda: files.pptx_file("Rusforebygging", notes="Talernotat"), "Talernotat"),
    "xlsx": (lambda: files.xlsx_file("Deltakerliste Tromsø"), "Tromsø"),
    "odt": (lambda: files.odf_file("odt", "Handlingsplan Stavanger"), "Stavanger"),
    "odp": (lambda: files.odf_file("odp", "Lysark om akan"), "Lysark"),
    "ods": (lambda: files.odf_file("ods", "Budsjett nettverket"), "Budsjett"),
    "txt": (lambda: "Notat om sykefravær\n".encode(), "sykefravær"),
    "md": (lambda: b"# Veileder\n\nNoe tekst om *ruspolicy* her.\n", "ruspolicy"),
    "csv": (lambda: b"navn,by\nOla,Oslo\nKari,Bergen\n", "Bergen"),
    "png": (lambda: files.image("PNG", size=(640, 480)), None),
    "jpeg": (lambda: files.image("JPEG", size=(640, 480)), None),
    "webp": (lambda: files.image("WEBP", size=(640, 480)), None),
}


def test_every_format_has_a_sample_here():
    """A new format comes with its test: its sample file above."""
    assert sorted(SAMPLES) == sorted(f.key for f in formats.FORMATS)


def test_the_allow_list_is_what_the_formats_declare():
    declared = {m: f.accepted_extensions for f in formats.FORMATS for m in f.mime_types}
    assert formats.allowed_types() == declared
    assert formats.allowed_types()["text/plain"] == ("txt", "md", "csv")
    assert formats.allowed_types()["image/jpeg"] == ("jpg", "jpeg")


def test_wagtails_extension_list_is_the_formats_extensions():
    assert list(settings.WAGTAILDOCS_EXTENSIONS) == formats.extensions()
    assert formats.extensions() == [e for f in formats.FORMATS for e in f.extensions]
    assert "exe" not in settings.WAGTAILDOCS_EXTENSIONS


def test_two_formats_cannot_claim_the_same_type():
    first = formats.by_mime_type("application/pdf")
    copy = FileFormat(
        key="pdf2", label="en PDF", mime_types=first.mime_types, extensions=("pdf2",),
        extract=first.extract,
    )  # fmt: skip
    with pytest.raises(ValueError, match="declared by both 'pdf' and 'pdf2'"):
        formats._index((first, copy), "mime_types")


def _sample_path(tmp_path, key):
    file_format = next(f for f in formats.FORMATS if f.key == key)
    make, word = SAMPLES[key]
    path = tmp_path / f"eksempel.{file_format.extensions[0]}"
    path.write_bytes(make())
    return file_format, path, word


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_a_real_file_of_each_format_passes_the_check_as_that_format(tmp_path, key):
    file_format, path, _word = _sample_path(tmp_path, key)
    checked = validate_upload(ContentFile(path.read_bytes(), name=path.name))
    found = formats.by_mime_type(checked.mime_type)
    # libmagic may read Markdown and CSV as plain text, which may carry their names.
    assert found is file_format or (found.key == "txt" and key in ("md", "csv"))
    assert file_format.extensions[0] in found.accepted_extensions


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_each_format_reads_its_text(tmp_path, key):
    file_format, path, word = _sample_path(tmp_path, key)
    result = file_format.extract(str(path), ocr=False)
    if word is None:
        assert result.text == "" and result.page_count == 1
    else:
        assert word in result.text


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_each_format_draws_its_preview(tmp_path, key):
    file_format, path, _word = _sample_path(tmp_path, key)
    extension = file_format.extensions[0]
    png = render_thumbnail(path, file_format.mime_types[0], extension, "Tittel")
    preview = Image.open(io.BytesIO(png))
    assert preview.format == "PNG" and preview.width <= WIDTH
    card = placeholder_card(extension, "Tittel")
    # Office files are drawn by LibreOffice, which the tests' settings leave off: the card
    # here, the page in tests/documents/test_office_thumbnails.py.
    if file_format.render is not None and not file_format.render_is_slow:
        # the page or the picture itself, not the card
        assert preview.tobytes() != card.convert(preview.mode).tobytes()
        if key != "pdf":
            assert preview.convert("RGB").getpixel((10, 10)) == pytest.approx((30, 120, 200), abs=8)
    else:
        assert preview.convert("RGB").tobytes() == card.tobytes()
        if file_format.card_colour is not None:
            assert card.getpixel((5, 5)) == file_format.card_colour
