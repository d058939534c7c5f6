"""One way to show a version: «Versjon 2 · godkjent 10.02.2026 i ledermøtet K7», the same on the
page, in the history and in the PDF; no placeholder or duplicated date before approval."""

import datetime
import io

import pypdfium2
import pytest
from django.urls import reverse

from kb.governance.diff import html_to_text
from kb.models import MandatePage

from .conftest import approve, run_approval, submit

pytestmark = pytest.mark.django_db

LINE_1 = "Versjon 1 · godkjent 10.02.2026 i ledermøtet K7"


def _pdf_text(response):
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    return " ".join(
        " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
    )


def test_the_version_reads_the_same_on_the_page_in_the_history_and_in_the_pdf(
    client, mandate, rag_user, partner, leader
):
    leader.first_name, leader.last_name = "Lise", "Leder"
    leader.save()
    draft = mandate.get_latest_revision_as_object()
    draft.version_label = "1.0"
    draft.save_revision(user=rag_user)
    run_approval(mandate, rag_user, partner, leader)
    mandate = MandatePage.objects.get(pk=mandate.pk)
    version = mandate.current_version
    assert version.line == LINE_1
    client.force_login(rag_user)

    page = client.get(mandate.url).content.decode()
    assert LINE_1 in page
    assert "(1.0)" not in page and "(10.02.2026)" not in page

    history = client.get(reverse("kb_governance_history", args=[mandate.pk])).content.decode()
    assert LINE_1 in history
    assert "Lise Leder" in history

    text = _pdf_text(client.get(reverse("kb_governance_pdf", args=[version.pk])))
    assert LINE_1 in text
    assert "Versjon versjon" not in text
    assert "Godkjent av Lise Leder" in text
    assert "av leder" not in text


def test_a_correction_and_a_decision_without_reference_read_as_such(
    mandate, rag_user, partner, leader
):
    run_approval(mandate, rag_user, partner, leader)
    draft = MandatePage.objects.get(pk=mandate.pk).get_latest_revision_as_object()
    draft.minor_correction = True
    draft.save_revision(user=rag_user)
    run_approval(
        mandate,
        rag_user,
        partner,
        leader,
        decision_body="ledergruppen",
        decision_date=datetime.date(2026, 3, 1),
        decision_reference="",
    )
    version = MandatePage.objects.get(pk=mandate.pk).current_version
    assert version.line == "Versjon 1, rettelse 1 · godkjent 01.03.2026 i ledergruppen"


def test_before_approval_the_placeholder_is_not_shown(client, mandate, rag_user, partner):
    """The mandate's own «vedtatt i ledermøtet den ……» is no approval: not on the page."""
    mandate.approval_line = "Dato mandatet er vedtatt i ledermøtet den ……"
    mandate.save_revision(user=rag_user).publish(skip_permission_checks=True)
    client.force_login(rag_user)
    html = client.get(mandate.url).content.decode()
    assert "……" not in html
    assert "Godkjenning" not in html


def test_numbered_lists_stay_numbered(client, mandate, rag_user, partner, leader):
    draft = mandate.get_latest_revision_as_object()
    draft.body = [
        {
            "type": "section",
            "value": {
                "heading": "Resultatmål",
                "body": "<ol><li>Samarbeid etableres.</li><li>Oppgavene løses.</li></ol>"
                "<ul><li>Videreutvikle nettverkene</li></ul>",
            },
        }
    ]
    draft.save_revision(user=rag_user)
    run_approval(mandate, rag_user, partner, leader)
    version = MandatePage.objects.get(pk=mandate.pk).current_version
    client.force_login(rag_user)
    text = _pdf_text(client.get(reverse("kb_governance_pdf", args=[version.pk])))
    assert "1. Samarbeid etableres." in text
    assert "2. Oppgavene løses." in text
    assert "• Videreutvikle nettverkene" in text


def test_html_to_text_numbers_ordered_items_and_bullets_the_others():
    html = "<ol><li>en</li><li>to</li></ol><ul><li>punkt</li></ul><ol><li>igjen</li></ol>"
    assert html_to_text(html) == "1. en\n2. to\n• punkt\n1. igjen"


def _header(html):
    """The editor's header, without its «…» menu."""
    start = html.index('class="w-slim-header')
    header = html[start : html.index("</header>", start)]
    if "w-dropdown" in header:
        header = header[: header.index("w-dropdown")]
    return header


def test_version_history_is_a_button_in_the_editors_header(
    client, mandate, rag_user, partner, leader, editor
):
    url = reverse("kb_governance_history", args=[mandate.pk])
    client.force_login(rag_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[mandate.pk])).content.decode()
    assert "Versjonshistorikk" in _header(html)
    assert url in _header(html)
    assert html.count(url) == 1

    # A reviewer sees it while the text waits in their step; an editor without RAG's right
    # does not.
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    client.force_login(leader)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[mandate.pk])).content.decode()
    assert url in _header(html)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[mandate.pk]))
    assert url not in response.content.decode()
