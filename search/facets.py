"""Facet attributes of indexed pages and documents, written by the database search backends.

Each time a backend indexes pages or documents it also writes one `SearchFacet` row per object
(the item's own year and date, a gathering's host network), so the search service can count
facets and sort by date with a GROUP BY over the matches. Privacy is never read from here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import connections, router
from django.utils import timezone
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks
from wagtail.models import Locale, Page

from kb.models import AlorDocument, GatheringPage
from search.models import SearchFacet
from search.params import DOCUMENT_LANGUAGES
from search.types import BY_KEY, PAGE_MODELS, type_of

if TYPE_CHECKING:
    # FacetRowsMixin stands on a database backend's index (modelsearch has no types).
    from modelsearch.backends.base import BaseIndex as _Index
else:
    _Index = object


def _day(value):
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


def page_date_rules():
    """(page model, its date fields, its year field) of every dated page model, from the
    result-type registry (`search.types`).

    Pages of any other model (network pages, index pages) have no date of their own: no year
    in the facet, last when sorting by date. When they were published says nothing of what
    they are about.
    """
    return tuple(
        (page.model, page.date_fields, page.year_field)
        for page in PAGE_MODELS
        if page.date_fields or page.year_field
    )


def gathering_start(document):
    """The start date of a document's gathering (None without one); read once per document,
    or for a whole batch at once by `preload`."""
    if not document.gathering_id:
        return None
    if AlorDocument.gathering.is_cached(document) and document.gathering is not None:
        return document.gathering.start_date
    if "_gathering_start" not in document.__dict__:
        document._gathering_start = (
            GatheringPage.objects.filter(pk=document.gathering_id)
            .values_list("start_date", flat=True)
            .first()
        )
    return document._gathering_start


def preload(model, objs):
    """Read the gathering dates of a batch of documents in one query, before indexing them."""
    if not issubclass(model, AlorDocument):
        return
    missing = [
        doc
        for doc in objs
        if doc.gathering_id
        and not AlorDocument.gathering.is_cached(doc)
        and "_gathering_start" not in doc.__dict__
    ]
    if not missing:
        return
    starts = dict(
        GatheringPage.objects.filter(pk__in={doc.gathering_id for doc in missing}).values_list(
            "pk", "start_date"
        )
    )
    for doc in missing:
        doc._gathering_start = starts.get(doc.gathering_id)


def document_dates(document):
    """(year, day) of a document: its own year, else its gathering's; the day is the
    gathering's start when that falls in the document's year (a year alone gives no day)."""
    year, day = document.year, _day(gathering_start(document))
    if day and year and day.year != year:
        day = None
    return year or (day.year if day else None), day


def facet_values(obj):
    """(year, day, network id) for a page or a document, as the search service counts them.

    The year and the day are the item's own (`page_date_rules`, `document_dates`); the SQL of
    search.filters.page_year_sql/page_date_sql says the same for the search backends' own search.
    """
    if isinstance(obj, AlorDocument):
        year, day = document_dates(obj)
        return year, day, obj.network_id
    if not isinstance(obj, Page):
        return None
    year = day = network = None
    for page in PAGE_MODELS:
        if isinstance(obj, page.model):
            fields = (getattr(obj, f) for f in page.date_fields)
            day = next((d for d in map(_day, fields) if d), None)
            year = day.year if day else (getattr(obj, page.year_field) if page.year_field else None)
            network = getattr(obj, f"{page.network}_id") if page.network else None
            break
    return year or None, day, network


# Filter keys in the full-text index: each indexed page and document carries a token for its
# result type and one for its year, so a filter on them narrows the full-text match itself
# (an index intersection) instead of being checked row by row. Letters with digits, so
# neither analysis (Norwegian stemming, PostgreSQL's parser) nor FTS5's tokenizer changes them.
# The codes are the result types' own (search.types).


KEY_PREFIX = "alorf"

# The site languages' numbers in the language key («alorfl1»: searched as bokmål).
LANGUAGE_NUMBERS = {code: n for n, code in enumerate(DOCUMENT_LANGUAGES, start=1)}

# {locale id: site language}, read again whenever a page has a locale it does not hold, and
# emptied when a locale is saved or deleted (search.signal_handlers).
_locale_languages: dict[int, str] = {}


def forget_locales():
    _locale_languages.clear()


def site_language(obj) -> str | None:
    """The site language a page or a document is searched in (search.params.DOCUMENT_LANGUAGES:
    a nynorsk document is found from the bokmål site), None when it has none."""
    if isinstance(obj, AlorDocument):
        return next(
            (code for code, kinds in DOCUMENT_LANGUAGES.items() if obj.language in kinds), None
        )
    if Page.locale.is_cached(obj):
        code = obj.locale.language_code
    else:
        if obj.locale_id not in _locale_languages:
            _locale_languages.update(Locale.objects.values_list("pk", "language_code"))
        code = _locale_languages.get(obj.locale_id)
    code = (code or "").split("-")[0]
    return code if code in DOCUMENT_LANGUAGES else None


def _key(type_code=None, year=None, language=None):
    return (
        KEY_PREFIX
        + (f"k{type_code}" if type_code else "")
        + (f"y{year}" if year else "")
        + (f"l{LANGUAGE_NUMBERS[language]}" if language else "")
    )


def index_tokens(obj) -> str:
    """The filter keys of a page or a document, as written into its full-text body ("" for
    anything else): its type, its year, the two together, and its site language."""
    values = facet_values(obj)
    if values is None:
        return ""
    code, year = BY_KEY[type_of(obj)].code, values[0]
    tokens = [_key(type_code=code)]
    if year:
        tokens += [_key(year=year), _key(code, year)]
    language = site_language(obj)
    if language:
        tokens.append(_key(language=language))
    return " ".join(tokens)


def filter_tokens(type_key=None, year=None, language=None) -> list[str]:
    """The filter keys a search for this type and/or year requires (none without either), and
    the key of `language` (a site language) when given.

    One key, the type and year together when both are given: a search ranks by bm25() on
    SQLite, which reads the whole index list of every word in the query once, and the key for
    both lists far fewer items than either key alone. The language key is asked for only by
    the count of the other language (search.engines.database.count): in the language
    searched nearly every item holds it, so it would narrow nothing.
    """
    code = BY_KEY[type_key].code if type_key in BY_KEY else None
    year = int(year) if year else None
    keys = [_key(code, year)] if code or year else []
    return keys + ([_key(language=language)] if language in LANGUAGE_NUMBERS else [])


def _applies(model):

    return issubclass(model, (Page, AlorDocument))


def record(model, objs, using=None):
    """Write the facet rows of `objs` (instances of `model`), replacing any old ones."""
    if not _applies(model) or not objs:
        return
    using = using or router.db_for_write(SearchFacet)
    ct = get_content_type_pk(model)
    preload(model, objs)
    rows = []
    for obj in objs:
        values = facet_values(obj)
        if values is None:
            continue
        year, day, network = values
        rows.append(
            SearchFacet(
                content_type_id=ct, object_id=obj.pk, year=year, day=day, network_id=network
            )
        )
    SearchFacet.objects.using(using).bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["content_type_id", "object_id"],
        update_fields=["year", "day", "network_id"],
    )


def forget(obj, using=None):
    if not _applies(type(obj)):
        return
    using = using or router.db_for_write(SearchFacet)
    SearchFacet.objects.using(using).filter(
        content_type_id__in=get_descendants_content_types_pks(type(obj)), object_id=obj.pk
    )._raw_delete(using=using)


def forget_all(vendor):
    """Forget every facet row, on each database of `vendor` (as the backends' reset does)."""
    for connection in connections.all():
        if connection.vendor == vendor:
            SearchFacet.objects.using(connection.alias).all()._raw_delete(using=connection.alias)


class FacetRowsMixin(_Index):
    """For a database backend's index: forget an item's facet row with it, and all on reset.

    `add_items` of the index calls `record` itself, after writing its own entries.
    """

    def delete_item(self, item):
        super().delete_item(item)
        forget(item, using=self.write_connection.alias)

    def reset(self):
        super().reset()
        forget_all(self.write_connection.vendor)
