"""A hostile file name never reaches the admin as HTML: every upload error message is escaped.

Wagtail's multiple uploader puts the JSON `error_message` into the page with jQuery's
`append`, which parses it as HTML; the single upload form renders it in a template.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from kb.models import AlorDocument

from . import files

pytestmark = pytest.mark.django_db

HOSTILE = "x.pdf<img src=x onerror=alert(1)>"


def test_the_multiple_uploaders_json_error_is_escaped(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile(HOSTILE, files.pdf("Referat")),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    result = json.loads(response.content)
    assert result["success"] is False
    message = result["error_message"]
    assert "<img" not in message
    assert "&lt;img src=x onerror=alert(1)&gt;" in message
    assert "Filen er en PDF, men navnet slutter på" in message
    assert AlorDocument.objects.count() == 0


def test_the_single_upload_forms_error_is_escaped_once(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Referat",
            "file": SimpleUploadedFile(HOSTILE, files.pdf("Referat")),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Filen er en PDF, men navnet slutter på" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text, not escaped twice
    assert AlorDocument.objects.count() == 0


def test_the_duplicate_link_stays_a_link_in_the_json(admin_client, make_document):
    data = files.pdf("Referat")
    existing = make_document("referat.pdf", data, title="Referat <b>RAG</b>")
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("kopi.pdf", data),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    message = json.loads(response.content)["error_message"]
    assert f'<a href="/admin/documents/edit/{existing.pk}/">' in message
    assert "Referat &lt;b&gt;RAG&lt;/b&gt;" in message
