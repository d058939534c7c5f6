"""Small real files for the demo documents: PDF with reportlab, PPTX with python-pptx."""

import io

from pptx import Presentation
from pptx.util import Pt
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

MARGIN = 60


def pdf_bytes(title: str, slides: list[tuple[str, list[str]]]) -> bytes:
    """A landscape PDF with one page per slide: a heading and its bullet points."""
    buffer = io.BytesIO()
    # invariant: no timestamp or random id in the file, so the same content gives the same bytes.
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4), invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor("alor")
    width, height = landscape(A4)
    text_width = width - 2 * MARGIN - 20
    for heading, bullets in slides:
        y = height - 100
        for line in simpleSplit(heading, "Helvetica-Bold", 26, width - 2 * MARGIN):
            pdf.setFont("Helvetica-Bold", 26)
            pdf.drawString(MARGIN, y, line)
            y -= 32
        y -= 30
        pdf.setFont("Helvetica", 17)
        for bullet in bullets:
            for index, line in enumerate(simpleSplit(bullet, "Helvetica", 17, text_width)):
                if y < 70:
                    pdf.showPage()
                    pdf.setFont("Helvetica", 17)
                    y = height - 80
                pdf.drawString(MARGIN + 20, y, f"• {line}" if index == 0 else f"  {line}")
                y -= 24
            y -= 8
        pdf.setFont("Helvetica", 10)
        pdf.drawString(MARGIN, 40, title)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pptx_bytes(title: str, slides: list[tuple[str, list[str]]]) -> bytes:
    """A PPTX: a title slide from the first entry, then one bullet slide per further entry."""
    deck = Presentation()
    deck.core_properties.title = title
    deck.core_properties.author = "alor"
    first_heading, first_lines = slides[0]
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = first_heading
    slide.placeholders[1].text = "\n".join(first_lines)
    for heading, bullets in slides[1:]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        body = slide.placeholders[1].text_frame
        body.text = bullets[0] if bullets else ""
        for bullet in bullets[1:]:
            paragraph = body.add_paragraph()
            paragraph.text = bullet
            paragraph.font.size = Pt(24)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
