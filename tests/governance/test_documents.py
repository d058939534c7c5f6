"""Version history for RAG: diff, PDF, agreement statuses, signing."""

import datetime
import io

import pypdfium2
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection

from kb.governance.diff import compare, snapshot
from kb.models import AgreementPage, AlorDocument, GovernanceStatus

from .conftest import run_approval, sections

pytestmark = pytest.mark.django_db


def _approved_twice(mandate, rag_user, partner, leader):
    run_approval(mandate, rag_user, partner, leader)
    draft = mandate.get_latest_revision_as_object()
    draft.body = sections(
        ("Bakgrunn", "RAG er en nasjonal arbeidsgruppe. Gruppen møtes seks ganger i året."),
        ("Økonomi", "Hver KORUS dekker egne kostnader."),
    )
    draft.save_revision(user=rag_user)
    run_approval(mandate, rag_user, partner, leader, decision_date=datetime.date(2026, 6, 1))
    return list(mandate.versions())


def test_a_changed_sentence_shows_as_a_deletion_and_an_insertion(
    client, mandate, rag_user, partner, leader
):
    first, second = _approved_twice(mandate, rag_user, partner, leader)
    rows = {row["label"]: row for row in compare(first.content, second.content)}
    assert rows["Økonomi"]["state"] == "same"
    html = str(rows["Bakgrunn"]["html"])
    assert "<del>fire</del><ins>seks</ins>" in html
    assert "<p>" not in html  # plain text, not raw rich text

    client.force_login(rag_user)
    response = client.get(
        f"/admin/styring/{mandate.pk}/sammenlign/", {"a": second.pk, "b": first.pk}
    )
    assert response.status_code == 200
    assert "<del>fire</del><ins>seks</ins>" in response.content.decode()


def test_history_and_diff_are_for_rag_only(client, mandate, rag_user, partner, leader, editor):
    first, second = _approved_twice(mandate, rag_user, partner, leader)
    client.force_login(editor)
    # The admin answers a permission error with a redirect to its dashboard.
    assert client.get(f"/admin/styring/{mandate.pk}/versjoner/").status_code in (302, 403)
    response = client.get(f"/admin/styring/versjon/{first.pk}/pdf/")
    assert response.status_code in (302, 403)
    assert not response.content.startswith(b"%PDF")
    client.force_login(rag_user)
    response = client.get(f"/admin/styring/{mandate.pk}/versjoner/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Versjon 1 · godkjent 10.02.2026 i ledermøtet K7" in content
    assert "Versjon 2 · godkjent 01.06.2026 i ledermøtet K7" in content
    # Bad input: an unknown version goes back to the history, never a 500.
    response = client.get(f"/admin/styring/{mandate.pk}/sammenlign/", {"a": "x", "b": "999"})
    assert response.status_code == 302


def test_the_pdf_carries_version_status_and_approval_line(
    client, mandate, rag_user, partner, leader
):
    first, second = _approved_twice(mandate, rag_user, partner, leader)
    client.force_login(rag_user)
    response = client.get(f"/admin/styring/versjon/{second.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    assert "Versjon 2 · godkjent 01.06.2026 i ledermøtet K7" in text
    assert "Versjon versjon" not in text
    assert "Status: Godkjent" in text
    assert "seks ganger i året" in text


def test_snapshot_reads_sections_as_plain_text(mandate):
    entries = {entry["label"]: entry["text"] for entry in snapshot(mandate)}
    assert entries["Økonomi"] == "Hver KORUS dekker egne kostnader."


def test_expired_and_terminated_agreements_show_their_status(
    client, agreement, rag_user, partner, leader
):
    run_approval(agreement, rag_user, partner, leader)
    agreement = AgreementPage.objects.get(pk=agreement.pk)
    assert agreement.effective_status == GovernanceStatus.APPROVED
    agreement.effective_to = timezone.localdate() - datetime.timedelta(days=1)
    assert agreement.effective_status == GovernanceStatus.EXPIRED
    assert agreement.effective_status.label == "Utløpt"

    client.force_login(rag_user)
    response = client.post(
        f"/admin/styring/{agreement.pk}/si-opp/", {"terminated_on": "not a date"}
    )
    assert response.status_code == 302
    assert AgreementPage.objects.get(pk=agreement.pk).terminated_on is None
    response = client.post(
        f"/admin/styring/{agreement.pk}/si-opp/", {"terminated_on": "2026-03-01"}
    )
    agreement = AgreementPage.objects.get(pk=agreement.pk)
    assert agreement.terminated_on == datetime.date(2026, 3, 1)
    assert agreement.effective_status == GovernanceStatus.TERMINATED
    assert agreement.effective_status.label == "Oppsagt"


def test_a_signed_copy_from_the_private_collection_signs_the_version(
    client, agreement, rag_user, partner, leader
):
    run_approval(agreement, rag_user, partner, leader)
    version = agreement.current_version
    private = Collection.objects.get(name="RAG", depth=2)
    public_doc = AlorDocument(title="Offentlig", collection=Collection.get_first_root_node())
    public_doc.file.save("offentlig.txt", ContentFile(b"x"), save=False)
    public_doc.save()
    signed = AlorDocument(title="Signert avtale", collection=private)
    signed.file.save("signert.txt", ContentFile(b"signert"), save=False)
    signed.save()

    client.force_login(rag_user)
    url = f"/admin/styring/versjon/{version.pk}/signer/"
    client.post(url, {"document": public_doc.pk, "signed_on": "2026-01-05"})
    version.refresh_from_db()
    assert version.signed_copy is None

    client.post(url, {"document": signed.pk, "signed_on": "2026-01-05"})
    version.refresh_from_db()
    assert version.signed_copy == signed
    assert version.signed_by == rag_user
    agreement = AgreementPage.objects.get(pk=agreement.pk)
    assert agreement.effective_status == GovernanceStatus.SIGNED
    assert agreement.signed_copy == signed
