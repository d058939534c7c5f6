"""Measure the document pipeline on a corpus it makes itself; prints figures, changes nothing."""

import io
import tempfile
import time
from pathlib import Path

import docx
import openpyxl
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen import canvas

from kb.documents.formats.pdf import extract_pdf
from kb.documents.ocr import ocr_available

WORDS = (
    "arbeidsliv rus sykefravær ledere akan korus nettverk samling program referat mandat "
    "avtale tillitsvalgte verneombud bedriftshelsetjeneste forebygging pårørende spill"
).split()


def _sentence(seed: int, length: int = 12) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length))


def text_pdf(pages: int, seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    for page in range(pages):
        for line in range(40):
            c.drawString(60, 780 - line * 18, f"{seed}-{page}-{line} {_sentence(page + line)}")
        c.showPage()
    c.save()
    return buffer.getvalue()


def scanned_pdf(pages: int) -> bytes:
    images = []
    font = ImageFont.load_default(size=34)
    for page in range(pages):
        image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        draw = ImageDraw.Draw(image)
        for line in range(30):
            draw.text((120, 120 + line * 68), _sentence(page * 30 + line, 8), fill=0, font=font)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def small_file(index: int) -> tuple[str, bytes]:
    kind = index % 5
    text = f"Dokument {index}: {_sentence(index)}"
    if kind == 0:
        return f"notat-{index}.txt", text.encode()
    if kind == 1:
        return f"liste-{index}.csv", f"nr,tekst\n{index},{text}\n".encode()
    if kind == 2:
        return f"program-{index}.pdf", text_pdf(1, seed=index)
    if kind == 3:
        document = docx.Document()
        document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        return f"avtale-{index}.docx", buffer.getvalue()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"tall-{index}.xlsx", buffer.getvalue()


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Benchmark the document pipeline: text-PDF extraction pages/s, OCR seconds per page "
        "(200 dpi), and import throughput for small mixed files (without OCR). Everything it "
        "makes is thrown away afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pdf-pages", type=int, default=300)
        parser.add_argument("--ocr-pages", type=int, default=3)
        parser.add_argument("--files", type=int, default=1000)

    def handle(self, *args, **options):
        for name in ("pdf_pages", "ocr_pages", "files"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} må være minst 1.")
        # The import part runs in the site's database (and is rolled back): it must be migrated.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "Databasen er ikke migrert. "
                "Kjør «python manage.py migrate» (eller «make run») først."
            )
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            self._pdf(tmp, options["pdf_pages"])
            self._ocr(tmp, options["ocr_pages"])
            self._import(tmp, options["files"])

    def _pdf(self, tmp, pages):
        path = tmp / "tekst.pdf"
        path.write_bytes(text_pdf(pages))
        start = time.perf_counter()
        result = extract_pdf(str(path), ocr=False)
        elapsed = time.perf_counter() - start
        assert result.page_count == pages
        self.stdout.write(
            f"Text-PDF extraction: {pages / elapsed:,.0f} pages/s "
            f"({pages} pages in {elapsed:.2f} s)"
        )

    def _ocr(self, tmp, pages):
        if not ocr_available():
            self.stdout.write("OCR: OCR ikke tilgjengelig (Tesseract is not installed)")
            return
        path = tmp / "skannet.pdf"
        path.write_bytes(scanned_pdf(pages))
        start = time.perf_counter()
        result = extract_pdf(str(path), ocr=True)
        elapsed = time.perf_counter() - start
        assert result.ocr_used
        self.stdout.write(
            f"OCR at 200 dpi: {elapsed / pages:.2f} s/page ({pages} pages in {elapsed:.2f} s)"
        )

    def _import(self, tmp, count):
        folder = tmp / "import"
        folder.mkdir()
        for index in range(count):
            name, data = small_file(index)
            (folder / name).write_bytes(data)
        media = tmp / "media"
        out = io.StringIO()
        start = time.perf_counter()
        try:
            with override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
                call_command(
                    "import_documents", str(folder), "--no-ocr", stdout=out, stderr=io.StringIO()
                )
                elapsed = time.perf_counter() - start
                raise _Rollback
        except _Rollback:
            pass
        summary = out.getvalue().splitlines()[0] if out.getvalue() else ""
        self.stdout.write(
            f"Import: {count / elapsed:,.1f} files/s ({count} small mixed files in "
            f"{elapsed:.1f} s; {summary}) — rolled back"
        )
