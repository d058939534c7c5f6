"""The language facet: how many visible matches each site language holds, the other language
searched with its own analysis, the same filters and the same privacy."""

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.models import Collection, Locale
from wagtail.search.index import insert_or_update_object

from kb import groups
from kb.documents.ingest import Stored, ingest
from kb.models import ArticlePage, DocumentLanguage
from search import service
from search.params import SearchParams
from tests.search.conftest import make_document


@pytest.fixture
def bilingual(tree):
    """«Kvernstein» in two bokmål articles and one bokmål document; in English in one page,
    two documents and one document only RAG may see."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    for page in (tree.home, tree.knowledge):
        page.copy_for_translation(english).save_revision().publish()
    english_knowledge = tree.knowledge.get_translation(english)
    for n in range(2):
        tree.knowledge.add_child(
            instance=ArticlePage(title=f"Kvernstein {n}", slug=f"kvernstein-{n}", intro="Tekst.")
        ).save_revision().publish()
    english_knowledge.add_child(
        instance=ArticlePage(title="Kvernstein at work", slug="kvernstein", intro="Workplaces.")
    ).save_revision().publish()
    make_document("Kvernstein på norsk", "Kvernstein i teksten.", year=2024)
    for n in range(2):
        make_document(
            f"Kvernstein report {n}",
            "Kvernstein in the text.",
            year=2024 + n,
            language=DocumentLanguage.EN,
        )
    make_document(
        "Kvernstein agreement",
        "Kvernstein in a signed agreement.",
        collection=Collection.objects.get(name=groups.RAG_COLLECTION),
        language=DocumentLanguage.EN,
    )
    return english


def _facet(data):
    return {v["value"]: (v["count"], v["selected"]) for v in data["facets"]["lang"]}


def test_each_language_counts_what_a_search_in_it_finds(bilingual, client):
    data = client.get("/api/search/", {"q": "kvernstein"}).json()
    english = client.get("/api/search/", {"q": "kvernstein", "lang": "en"}).json()
    assert (data["language"], english["language"]) == ("nb", "en")
    # The RAG agreement is not counted for an anonymous visitor.
    assert _facet(data) == {"nb": (data["count"], True), "en": (english["count"], False)}
    assert (data["count"], english["count"]) == (3, 3)
    assert _facet(english) == {"nb": (3, False), "en": (3, True)}


def test_a_rag_member_counts_the_rag_document(bilingual, client, rag_user):
    client.force_login(rag_user)
    data = client.get("/api/search/", {"q": "kvernstein"}).json()
    assert _facet(data)["en"] == (4, False)


def test_the_other_language_is_counted_with_the_same_filters(bilingual, client):
    data = client.get("/api/search/", {"q": "kvernstein", "type": "document"}).json()
    assert _facet(data) == {"nb": (1, True), "en": (2, False)}
    data = client.get("/api/search/", {"q": "kvernstein", "year": "2025", "lang": "nb"}).json()
    assert data["count"] == 0 and _facet(data) == {"en": (1, False)}


def test_browsing_counts_both_languages(bilingual, client):
    data = client.get("/api/search/", {"type": "document"}).json()
    english = client.get("/api/search/", {"type": "document", "lang": "en"}).json()
    assert _facet(data) == {"nb": (data["count"], True), "en": (english["count"], False)}
    assert english["count"] == 2


def test_a_language_without_matches_is_left_out(bilingual, client):
    data = client.get("/api/search/", {"q": "workplaces"}).json()  # English only: fell back
    assert data["language_fallback"] is True
    assert _facet(data) == {"en": (1, True)}


def test_the_page_offers_the_other_language_and_shows_it_as_a_filter(bilingual, client):
    html = client.get("/search/", {"q": "kvernstein"}).content.decode()
    assert "<h2>Språk</h2>" in html
    assert 'href="?q=kvernstein&amp;lang=en"' in html
    html = client.get("/search/", {"q": "kvernstein", "lang": "en"}).content.decode()
    assert "Kvernstein report 0" in html and "Kvernstein 0</a>" not in html
    # The chip says which language is shown, and removing it searches the site's language.
    assert "Engelsk" in html and 'href="?q=kvernstein"' in html


def test_a_stale_english_entry_is_not_counted_after_the_document_becomes_norwegian(
    bilingual, client
):
    report = ingest(
        ContentFile(b"Kvernstein written later.", name="later.txt"),
        collection=Collection.get_first_root_node(),
        metadata={"title": "Kvernstein later", "language": DocumentLanguage.EN},
        user=None,
    )
    assert isinstance(report, Stored)
    assert _facet(client.get("/api/search/", {"q": "kvernstein"}).json())["en"] == (4, False)
    report.document.language = DocumentLanguage.NB
    report.document.save()
    insert_or_update_object(report.document)
    assert _facet(client.get("/api/search/", {"q": "kvernstein"}).json())["en"] == (3, False)


def test_the_facet_labels_are_in_the_active_language(bilingual):
    params = SearchParams.from_data({"q": "kvernstein"}, strict=True)
    labels = [(v.value, v.label) for v in service.search(params).facets["lang"]]
    assert labels == [("nb", "Norsk"), ("en", "Engelsk")]
    with translation.override("en"):
        labels = [(v.value, v.label) for v in service.search(params).facets["lang"]]
    assert labels == [("nb", "Norwegian"), ("en", "English")]
