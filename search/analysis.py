"""The text analysis of a language: `search.english` for English, `search.norwegian` for the
rest (bokmål, nynorsk and anything unknown).

Every backend indexes an object with the analysis of its own language (a page's locale, a
document's `language`) and analyses a query with that of the language searched, so «meetings»
on the English site meets «meeting» in an English page, and «møtene» on the Norwegian site meets
«møte». Wagtail's own searches (the admin's) name no language and are analysed as Norwegian.
"""

from dataclasses import dataclass
from types import ModuleType

from wagtail.models import Locale

from kb.models import AlorDocument
from search import english, norwegian


def analysis_for(language: str | None) -> ModuleType:
    """The analysis module of a language code: English for «en», Norwegian for the rest."""
    return english if (language or "").split("-")[0] == "en" else norwegian


class ObjectLanguages:
    """The language of each object of an indexing batch, the locales read once."""

    def __init__(self) -> None:
        self._locales: dict[int, str] | None = None

    def of(self, obj) -> str | None:
        if isinstance(obj, AlorDocument):
            return obj.language
        if self._locales is None:
            self._locales = dict(Locale.objects.values_list("pk", "language_code"))
        locale_id = getattr(obj, "locale_id", None)
        return self._locales.get(locale_id) if locale_id is not None else None

    def analysis(self, obj) -> ModuleType:
        return analysis_for(self.of(obj))


@dataclass(frozen=True)
class QueryWords:
    """A query's tokens in the language searched, and which words of a text they match (for
    the snippets' <mark>)."""

    tokens: frozenset[str]
    analysis: ModuleType = norwegian

    @classmethod
    def of(cls, query: str, language: str | None) -> "QueryWords":
        analysis = analysis_for(language)
        return cls(frozenset(analysis.query_tokens(query)), analysis)

    def matches(self, word: str) -> bool:
        return not self.tokens.isdisjoint(self.analysis.cached_word_tokens(word))

    def __bool__(self) -> bool:
        return bool(self.tokens)
