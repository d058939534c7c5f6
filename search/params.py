"""The request's parameters: what a search asks for, read and checked once.

The HTML page ignores a bad value (and shows the rest); the API answers 400 with the message of
`InvalidSearch`. Numbers are ASCII digits only (`whole_number`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kb.models import (
    DocumentKind,
    DocumentLanguage,
)
from search.types import TYPES

MAX_QUERY_LENGTH = 200

MAX_PAGE_SIZE = 50

DEFAULT_PAGE_SIZE = 10

MAX_RESULT_DEPTH = 1000  # page * page_size may not go deeper than this

MAX_ID = 2**31 - 1  # an id filter above it names nothing (and an integer index field refuses it)

# Counts and facet counts are exact up to this many visible matches (as Elasticsearch's default
# `track_total_hits`); above it a search says «more than COUNT_LIMIT».
COUNT_LIMIT = 10_000

SORT_RELEVANCE, SORT_DATE = "relevance", "date"

SORTS = {SORT_RELEVANCE: _("Relevans"), SORT_DATE: _("Dato")}

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Languages: the active site language, and which document languages belong to it.
DOCUMENT_LANGUAGES = {
    "nb": [DocumentLanguage.NB, DocumentLanguage.NN],
    "en": [DocumentLanguage.EN],
}
# The language facet's words for them.
LANGUAGE_LABELS = {"nb": _("Norsk"), "en": _("Engelsk")}


class InvalidSearch(ValueError):
    """A parameter the API answers 400 to (the HTML page ignores it instead)."""


def whole_number(raw) -> int | None:
    """The value of a string of ASCII digits, else None.

    str.isdigit() also accepts superscripts and other scripts' digits («²», «٣»), which int()
    then refuses or reads as another number: only 0–9 is a number here, and at most 18 of them
    (int() refuses more than 4,300 digits).
    """
    raw = raw.strip() if isinstance(raw, str) else ""
    if raw and len(raw) <= 18 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def clean_query(raw) -> str:
    """One line of printable text, at most MAX_QUERY_LENGTH characters."""
    text = _CONTROL_RE.sub(" ", str(raw or ""))
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class SearchParams:
    q: str = ""
    type: str | None = None
    network: str | None = None
    year: int | None = None
    topic: str | None = None
    kind: str | None = None  # a document kind (kb.enums.DocumentKind): documents only
    speaker: int | None = None  # a Person's id: the documents they present
    gathering: int | None = None  # a gathering page's id: its documents
    lang: str | None = None
    sort: str = SORT_RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def documents_only(self) -> bool:
        """Whether a filter only documents have (kind, speaker, gathering) is set."""
        return bool(self.kind or self.speaker or self.gathering)

    @property
    def browsing(self) -> bool:
        """No words: every visible item that passes the filters, newest first."""
        return not self.q

    def _read_document_filters(self, data, bad):
        """The filters only documents have: kind, speaker and gathering."""

        kind = clean_query(data.get("kind") or "")[:100]
        if kind:
            if kind in DocumentKind.values:
                self.kind = kind
            else:
                bad(
                    _("Ukjent dokumenttype «%(value)s». Gyldige typer: %(kinds)s.")
                    % {"value": kind, "kinds": ", ".join(DocumentKind.values)}
                )
        for name in ("speaker", "gathering"):
            raw = data.get(name)
            raw = raw.strip() if isinstance(raw, str) else ""
            if not raw:
                continue
            if (number := whole_number(raw)) is not None and 1 <= number <= MAX_ID:
                setattr(self, name, number)
            else:
                bad(_("«%(name)s» må være et heltall (en id).") % {"name": name})

    @classmethod
    def from_data(cls, data, *, strict: bool) -> SearchParams:
        """Parameters from a query dict. strict: raise InvalidSearch; else drop bad values."""

        def bad(message):
            if strict:
                raise InvalidSearch(message)

        params = cls(q=clean_query(data.get("q", "")))
        for name in ("type", "network", "topic"):
            value = clean_query(data.get(name) or "")[:100] or None
            setattr(params, name, value)
        if params.type and params.type not in TYPES:
            bad(
                _("Ukjent type «%(value)s». Gyldige typer: %(types)s.")
                % {"value": params.type, "types": ", ".join(TYPES)}
            )
            params.type = None
        params._read_document_filters(data, bad)
        year = (data.get("year") or "").strip() if isinstance(data.get("year"), str) else ""
        if year:
            if (number := whole_number(year)) is not None and 1900 <= number <= 2100:
                params.year = number
            else:
                bad(_("Året må være et årstall, for eksempel 2025."))
        lang = (data.get("lang") or "").strip()
        if lang:
            if lang in DOCUMENT_LANGUAGES:
                params.lang = lang
            else:
                bad(_("Ukjent språk. Bruk «nb» eller «en»."))
        sort = (data.get("sort") or "").strip()
        if sort:
            if sort in SORTS:
                params.sort = sort
            else:
                bad(_("Ukjent sortering. Bruk «relevance» eller «date»."))
        for name, maximum in (("page_size", MAX_PAGE_SIZE), ("page", MAX_RESULT_DEPTH)):
            raw = (data.get(name) or "").strip()
            if not raw:
                continue
            if (number := whole_number(raw)) is not None and 1 <= number <= maximum:
                setattr(params, name, number)
            else:
                bad(
                    _("«%(name)s» må være et heltall fra 1 til %(max)s.")
                    % {"name": name, "max": maximum}
                )
        if params.page * params.page_size > MAX_RESULT_DEPTH:
            bad(
                _("Så langt bak i trefflisten kan du ikke bla (høyst %(max)s treff).")
                % {"max": MAX_RESULT_DEPTH}
            )
            params.page = max(1, MAX_RESULT_DEPTH // params.page_size)
        return params
