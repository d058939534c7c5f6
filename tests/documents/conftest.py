"""Fixtures of the document tests: an admin client, stored documents, the RAG collection."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection

from kb import groups
from kb.documents.ingest import Stored, ingest

from . import files


@pytest.fixture(autouse=True)
def _empty_media(clean_media):
    """Each document test starts and ends with an empty media folder (tests/conftest.py)."""


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def rag_collection(db):
    return Collection.objects.get(name=groups.RAG_COLLECTION)


@pytest.fixture
def make_document(db):
    """Store a document the way every upload is stored (kb.documents.ingest: content checked,
    processed at once)."""

    def make(name="referat.pdf", data=None, title="Referat", collection=None, **extra):
        result = ingest(
            ContentFile(data if data is not None else files.pdf(title), name=name),
            collection=collection or Collection.get_first_root_node(),
            metadata={"title": title, **extra},
            user=None,
        )
        assert isinstance(result, Stored), result
        document = result.document
        document.refresh_from_db()
        return document

    return make
