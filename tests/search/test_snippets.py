"""Snippets: a window around the first matched word, whole words marked, the rest escaped."""

from search.analysis import QueryWords
from search.highlight import SNIPPET_CHARS, highlight


def _tokens(query, language="nb"):
    return QueryWords.of(query, language)


def test_a_match_late_in_a_long_document_is_shown_and_marked():
    filler = "arbeidsliv og ledere på samling " * 6000  # about 190,000 characters
    text = f"{filler} Her står sykefraværet i teksten. {filler}"

    snippet = highlight(text, _tokens("sykefravær"))

    assert "<mark>sykefraværet</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet) < SNIPPET_CHARS + 60


def test_only_whole_words_are_marked():
    snippet = highlight("Brus og snus, men rus på jobben. Rusen går over.", _tokens("rus"))

    assert "<mark>rus</mark> på jobben" in snippet
    assert "<mark>Rusen</mark>" in snippet
    assert "B<mark>" not in snippet and "s<mark>" not in snippet
    assert snippet.count("<mark>") == 2


def test_text_around_the_match_is_escaped():
    snippet = highlight('<script>alert("x")</script> om pårørende & kolleger', _tokens("parorende"))

    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp; kolleger" in snippet
    assert "<mark>pårørende</mark>" in snippet


def test_no_match_in_the_text_shows_its_beginning_unmarked():
    snippet = highlight("Tittelen traff, teksten gjør det ikke.", _tokens("sykefravær"))

    assert snippet == "Tittelen traff, teksten gjør det ikke."
