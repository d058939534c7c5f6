"""English text analysis, for the English pages and documents in every backend's index.

The same interface as `search.norwegian` (index_text, query_terms, query_tokens, phrase_tokens,
render_query, autocomplete_text, prefix_tokens, cached_word_tokens), so a caller picks the
module by language (`search.analysis.analysis_for`):
the text folded as the Norwegian analysis folds it (lower case, æ/ø/å, accents; a Norwegian
place name in an English text is found however it is typed), Lucene's English stop words
dropped, and Snowball's English stemmer (Porter2) applied.
"""

from functools import lru_cache

import snowballstemmer

from search.norwegian import MAX_TOKEN_LENGTH, Term, fold, words
from search.norwegian import render_query as render_query  # terms have the same structure

_STEMMER = snowballstemmer.stemmer("english")

# Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (Elasticsearch's `_english_`).
STOP_WORDS = frozenset(
    """
    a an and are as at be but by for if in into is it no not of on or such that the their
    then there these they this to was will with
    """.split()
)


@lru_cache(maxsize=100_000)
def _token(word: str) -> str:
    folded = fold(word)[:MAX_TOKEN_LENGTH]
    if not folded or folded in STOP_WORDS:
        return ""
    return folded if folded.isdigit() else _STEMMER.stemWord(folded)


def index_text(text: str) -> str:
    return " ".join(filter(None, (_token(w) for w in words(text))))


def query_tokens(query: str) -> list[str]:
    tokens: list[str] = []
    for word in words(query):
        token = _token(word)
        if token and token not in tokens:
            tokens.append(token)
    return tokens


def query_terms(query: str) -> list[Term]:
    """One term per searchable word, of one token each (English has no compound parts)."""
    return [(((token,),),) for token in query_tokens(query)]


def phrase_tokens(query: str) -> list[str]:
    """The words' tokens in order, repeats kept, stop words dropped (as in the index)."""
    return [token for token in (_token(w) for w in words(query)) if token]


@lru_cache(maxsize=200_000)
def cached_word_tokens(word: str) -> frozenset[str]:
    """The token indexed for a word, as a set (the highlighter's question)."""
    token = _token(word)
    return frozenset((token,)) if token else frozenset()


def autocomplete_text(text: str) -> str:
    return " ".join(fold(w)[:MAX_TOKEN_LENGTH] for w in words(text))


def prefix_tokens(query: str) -> list[str]:
    return [fold(w)[:MAX_TOKEN_LENGTH] for w in words(query) if fold(w)]
