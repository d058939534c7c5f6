"""Write the relevance set's files from documents.toml: python search/relevance/generate.py

Each document becomes a real file of its format in documents/ (PDF with reportlab, DOCX with
python-docx, PPTX with python-pptx, Markdown and plain text as they are, and scans drawn as
pictures with Pillow so that only OCR can read them), plus documents/metadata.csv for
`manage.py import_documents`. The output is the same on every run (fixed dates inside the
files), so a regenerated set differs from the committed one only where documents.toml does.
"""

import csv
import io
import random
import sys
import textwrap
import tomllib
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "documents"
FIXED = datetime(2026, 1, 1)  # a fixed timestamp inside the files
COLUMNS = ("file", "title", "kind", "network", "year", "language", "gathering")


def paragraphs(text):
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]


def normalise_zip(path):
    """Give every member of an Office file the same date, so the bytes do not change by run."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def write_pdf(doc, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = [Paragraph(doc["title"], styles["Title"]), Spacer(1, 12)]
    for part in paragraphs(doc["text"]):
        story.append(Paragraph(part.replace("\n", "<br/>"), styles["BodyText"]))
        story.append(Spacer(1, 6))
    SimpleDocTemplate(str(path), pagesize=A4, title=doc["title"], invariant=True).build(story)


def write_docx(doc, path):
    import docx

    document = docx.Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    document.core_properties.title = doc["title"]
    document.add_heading(doc["title"], level=1)
    for part in paragraphs(doc["text"]):
        document.add_paragraph(part)
    document.save(path)
    normalise_zip(path)


def write_pptx(doc, path):
    import pptx

    presentation = pptx.Presentation()
    presentation.core_properties.created = FIXED
    presentation.core_properties.modified = FIXED
    presentation.core_properties.title = doc["title"]
    for index, part in enumerate(paragraphs(doc["text"])):
        heading, _, rest = part.partition("\n")
        layout = presentation.slide_layouts[0 if index == 0 else 1]
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = heading
        slide.placeholders[1].text = rest
    presentation.save(path)
    normalise_zip(path)


def write_text(doc, path):
    path.write_text(doc["text"].strip() + "\n", encoding="utf-8")


def scanned_page(doc):
    """The text drawn on a page as a scanner would give it: grey, a little speckled, tilted."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(doc["key"])  # noqa: S311 - repeatable speckles, not security
    width, height = 1240, 1754  # A4 at 150 dpi
    image = Image.new("L", (width, height), 238)
    draw = ImageDraw.Draw(image)
    # Bitstream Vera, which ships with reportlab, has æ, ø and å (Pillow's default font has not)
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 32)
    y = 140
    for part in paragraphs(doc["text"]):
        for line in textwrap.wrap(" ".join(part.split()), 52):
            draw.text((120, y), line, fill=25, font=font)
            y += 52
        y += 30
    for _ in range(1500):
        x, z = rng.randrange(width), rng.randrange(height)
        draw.point((x, z), fill=rng.randrange(120, 200))
    return image.rotate(0.6, fillcolor=238, resample=Image.Resampling.BICUBIC)


def write_png(doc, path):
    from PIL import Image

    scanned_page(doc).convert("1", dither=Image.Dither.NONE).save(path, optimize=True)


def write_jpg(doc, path):
    scanned_page(doc).save(path, quality=55, optimize=True)


def write_scanpdf(doc, path):
    """A PDF whose only content is the picture of a page (no text layer), as a scanner makes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    scanned_page(doc).save(buffer, "JPEG", quality=55)
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()


WRITERS = {
    "pdf": write_pdf,
    "docx": write_docx,
    "pptx": write_pptx,
    "md": write_text,
    "txt": write_text,
    "png": write_png,
    "jpg": write_jpg,
    "scanpdf": write_scanpdf,
}


def main(out=OUT):
    out = Path(out)
    with open(HERE / "documents.toml", "rb") as handle:
        documents = tomllib.load(handle)["document"]
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    rows = []
    for doc in documents:
        fmt = doc.get("format") or doc["file"].rsplit(".", 1)[-1]
        WRITERS[fmt](doc, out / doc["file"])
        rows.append(
            {
                "file": doc["file"],
                "title": doc["title"],
                "kind": doc.get("kind", "other"),
                "network": doc.get("network", ""),
                "year": doc.get("year", ""),
                "language": doc.get("language", "nb"),
                "gathering": doc.get("gathering", ""),
            }
        )
    with open(out / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    total = sum(p.stat().st_size for p in out.iterdir())
    sys.stdout.write(f"{len(documents)} documents, {total / 1024:.0f} KiB in {out.name}/\n")


if __name__ == "__main__":
    main()
