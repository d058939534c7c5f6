"""English text analysis, for the English pages and documents in the Elasticsearch index.

The same interface as `search.norwegian` (index_text, query_tokens, autocomplete_text,
prefix_tokens), so a caller picks the module by language (`search.backends.elasticsearch`):
the text folded as the Norwegian analysis folds it (lower case, æ/ø/å, accents; a Norwegian
place name in an English text is found however it is typed), Lucene's English stop words
dropped, and Snowball's English stemmer (Porter2) applied.
"""

from functools import lru_cache

import snowballstemmer

from search.norwegian import MAX_TOKEN_LENGTH, fold, words

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


def autocomplete_text(text: str) -> str:
    return " ".join(fold(w)[:MAX_TOKEN_LENGTH] for w in words(text))


def prefix_tokens(query: str) -> list[str]:
    return [fold(w)[:MAX_TOKEN_LENGTH] for w in words(query) if fold(w)]
