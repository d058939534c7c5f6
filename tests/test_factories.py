"""The factories' defaults: pages land in the site's sections, documents are real files."""

import pytest
from wagtail.models import Collection, Site

from home.models import HomePage
from kb.models import KnowledgeIndexPage, ProcessingStatus
from tests.factories import (
    AlorDocumentFactory,
    AlorImageFactory,
    ArticlePageFactory,
    MinutesPageFactory,
    PersonFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_an_article_without_parent_goes_under_the_sites_knowledge_section(client):
    first = ArticlePageFactory(title="Om spill", topics=[TopicFactory(name="Spill")])
    second = ArticlePageFactory()

    section = first.get_parent().specific
    assert isinstance(section, KnowledgeIndexPage)
    assert second.get_parent().pk == section.pk  # found, not made again
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage) and section.get_parent().pk == home.pk
    assert first.url == "/kunnskap/om-spill/"
    assert client.get(first.url).status_code == 200
    assert [t.name for t in first.topics.all()] == ["Spill"]


def test_minutes_without_parent_go_under_rags_meetings(client, rag_user):
    minutes = MinutesPageFactory(publish=True)

    assert minutes.url.startswith("/rag/moter/")
    assert client.get(minutes.url).status_code != 200  # RAG's section is restricted
    client.force_login(rag_user)
    assert client.get(minutes.url).status_code == 200


def test_documents_are_real_pdfs_of_their_own(clean_media):
    first, second = AlorDocumentFactory(title="Årsrapport"), AlorDocumentFactory()

    with first.open_file() as handle:
        assert handle.read(5) == b"%PDF-"
    assert first.file.name.endswith("arsrapport.pdf")
    assert first.file_size > 0 and first.checksum and first.checksum != second.checksum
    assert first.collection == Collection.get_first_root_node()
    assert first.processing_status == ProcessingStatus.PENDING  # saved, not ingested


def test_images_and_people(clean_media):
    image = AlorImageFactory()
    person = PersonFactory(organisation=None)

    assert (image.width, image.height) == (64, 48)
    assert person.organisation is None and PersonFactory().organisation is not None
