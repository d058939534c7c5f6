"""Reports name and count only pages the user may see on the site or edit."""

import pytest

from .conftest import assert_hidden

pytestmark = pytest.mark.django_db


def test_page_types_usage_names_no_hidden_page(content, client, stavanger_host):
    # The last-edited minutes page is RAG's; the last-edited article a draft nobody published.
    content.rag.save_revision()
    content.draft.save_revision()
    client.force_login(stavanger_host)
    response = client.get("/admin/reports/page-types-usage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_hidden(html)
    assert "Vertens kladd Rogn" in html or "Offentlig Kvitstein" in html or "Levende" in html


def test_page_types_usage_counts_only_visible_pages(content, client, stavanger_host):
    client.force_login(stavanger_host)
    rows = client.get("/admin/reports/page-types-usage/").context["object_list"]
    counts = {row.model: row.count for row in rows}
    # Articles the host may see or edit: Kvitstein, Kornblomst (live title), their own draft.
    assert counts["articlepage"] == 3
    assert counts.get("minutespage", 0) == 0


def test_editor_sees_every_page_they_may_edit(content, client, editor):
    content.draft.save_revision()
    client.force_login(editor)
    rows = client.get("/admin/reports/page-types-usage/").context["object_list"]
    counts = {row.model: row.count for row in rows}
    assert counts["articlepage"] == 6
    assert "Kladd Fjellrev" in client.get("/admin/reports/page-types-usage/").content.decode()
