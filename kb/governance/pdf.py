"""A PDF of one approved version, to send to the leaders (reportlab)."""

import re
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from alor import formats
from kb.models.workflow import full_name

# A line of the snapshot's text that is a list item (kb.governance.diff.html_to_text).
_ITEM = re.compile(r"^(•|\d+\.)\s+(.*)$")


def _para(text, style, bullet=None):
    return Paragraph(escape(text).replace("\n", "<br/>"), style, bulletText=bullet)


def approver(version) -> str:
    """Who approved: the user's full name as it is now, or the name recorded then."""
    return (full_name(version.approved_by) if version.approved_by else "") or (
        version.approver_name or "–"
    )


def body_paragraphs(text, style, item_style):
    """The text's lines as paragraphs; list items keep their bullet or their number."""
    for line in text.split("\n"):
        item = _ITEM.match(line)
        if item:
            yield _para(item.group(2), item_style, bullet=item.group(1))
        else:
            yield _para(line, style)


def version_pdf(version, status_label: str) -> bytes:
    """The version's text with its line, status and approver on the first page."""
    styles = getSampleStyleSheet()
    item_style = ParagraphStyle(
        "ListItem", parent=styles["BodyText"], leftIndent=0.8 * cm, bulletIndent=0.2 * cm
    )
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"{version.title} – {version.line}",
        author=version.approved_by_body,
    )
    meta = styles["Normal"]
    story = [
        _para(version.title, styles["Title"]),
        _para(version.line, styles["Heading3"]),
        _para(_("Status: %(status)s") % {"status": status_label}, meta),
        _para(_("Godkjent av %(person)s") % {"person": approver(version)}, meta),
    ]
    if version.signed_on:
        signed = formats.day(version.signed_on, short=True)
        story.append(_para(_("Signert %(date)s") % {"date": signed}, meta))
    story.append(Spacer(1, 0.6 * cm))
    for entry in version.content:
        if entry["key"] == "title" or not entry["text"]:
            continue
        story.append(_para(entry["label"], styles["Heading2"]))
        story.extend(body_paragraphs(entry["text"], styles["BodyText"], item_style))

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(
            2.2 * cm,
            1.2 * cm,
            f"{version.title[:80]} – {capfirst(version.label)} – {status_label} – {document.page}",
        )
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
