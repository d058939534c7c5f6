"""English pages and documents are analysed with English rules on every database backend:
Snowball's English stemmer and English stop words, the query in the language searched."""

import pytest
from wagtail.models import Locale

from kb.models import ArticlePage
from search import english, norwegian
from search.analysis import QueryWords, analysis_for
from search.highlight import highlight
from tests.search.conftest import make_document


def test_english_words_meet_their_other_forms():
    assert english.query_tokens("policy") == english.query_tokens("policies")
    assert english.query_tokens("study") == english.query_tokens("studies")
    assert english.phrase_tokens("the workplace and the employees") == [
        english.query_tokens("workplace")[0],
        english.query_tokens("employees")[0],
    ]
    # What the Norwegian rules make of the same words: they do not meet.
    assert norwegian.query_tokens("policy") != norwegian.query_tokens("policies")


def test_the_language_code_picks_the_rules():
    assert analysis_for("en") is english
    assert analysis_for("en-gb") is english
    assert analysis_for("nb") is norwegian
    assert analysis_for(None) is norwegian


def test_an_english_snippet_marks_the_inflected_word():
    snippet = highlight("Two studies of workplace policies.", QueryWords.of("policy", "en"))
    assert "<mark>policies</mark>" in snippet
    assert "<mark>" not in highlight("Two studies.", QueryWords.of("policy", "nb"))


@pytest.fixture
def english_tree(tree):
    locale = Locale.objects.get_or_create(language_code="en")[0]
    home = tree.home.copy_for_translation(locale)
    home.save_revision().publish()
    knowledge = tree.knowledge.copy_for_translation(locale)
    knowledge.save_revision().publish()
    page = knowledge.add_child(
        instance=ArticlePage(
            title="Workplace policies",
            slug="workplace-policies",
            intro="Studies of the policies employers follow.",
        )
    )
    page.save_revision().publish()
    return page


def _titles(client, **params):
    return [r["title"] for r in client.get("/api/search/", params).json()["results"]]


def test_an_english_page_is_found_by_another_form_of_its_word(english_tree, client):
    assert _titles(client, q="policy", lang="en") == ["Workplace policies"]
    assert _titles(client, q="study", lang="en") == ["Workplace policies"]


def test_an_english_stop_word_in_the_query_does_not_hide_the_page(english_tree, client):
    assert _titles(client, q="the policy", lang="en") == ["Workplace policies"]


def test_an_english_document_is_analysed_as_english(tree, client):
    make_document("Alcohol studies", "Two studies of drinking at work.", language="en")
    make_document("Norsk rapport", "Studier av rus på jobb.", language="nb")
    assert _titles(client, q="study", lang="en") == ["Alcohol studies"]


def test_norwegian_pages_keep_the_norwegian_rules(corpus, client):
    # «sykefraværet» is a Norwegian inflection; English rules would not join it.
    assert "Sykefravær og alkohol i arbeidslivet" in _titles(client, q="sykefraværet", lang="nb")
