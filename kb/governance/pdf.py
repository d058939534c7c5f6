"""A PDF of one approved version, to send to the leaders (reportlab)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from alor import formats


def _para(text, style):
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def version_pdf(version, status_label: str) -> bytes:
    """The version's text with its number, status and approval line on the first page."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"{version.title} – {version.label}",
        author=version.approved_by_body,
    )
    meta = styles["Normal"]
    story = [
        _para(version.title, styles["Title"]),
        _para(_("Versjon %(label)s") % {"label": version.label}, styles["Heading3"]),
        _para(_("Status: %(status)s") % {"status": status_label}, meta),
        _para(str(version.approval_line), meta),
        _para(
            _("Godkjent %(date)s av %(person)s (%(body)s)")
            % {
                "date": formats.day(version.approved_on),
                "person": version.approver_name or "–",
                "body": version.approved_by_body or "–",
            },
            meta,
        ),
    ]
    if version.signed_on:
        story.append(_para(_("Signert %(date)s") % {"date": formats.day(version.signed_on)}, meta))
    story.append(Spacer(1, 0.6 * cm))
    for entry in version.content:
        if entry["key"] == "title" or not entry["text"]:
            continue
        story.append(_para(entry["label"], styles["Heading2"]))
        for line in entry["text"].split("\n"):
            story.append(_para(line, styles["BodyText"]))

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(
            2.2 * cm,
            1.2 * cm,
            f"{version.title[:80]} – {version.label} – {status_label} – {document.page}",
        )
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
