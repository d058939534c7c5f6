"""Facet attributes of indexed pages and documents, written by the database search backends.

Each time a backend indexes pages or documents it also writes one `SearchFacet` row per object
(year, the date a reader sees, a gathering's host network), so the search service can count
facets and sort by date with a GROUP BY over the matches. Privacy is never read from here.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import connections, router
from django.utils import timezone
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks


def _day(value):
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


def facet_values(obj):
    """(year, day, network id) for a page or a document, as the search service counts them.

    Pages follow service._page_year/_page_date: an article's date, a gathering's start, a
    meeting's date, an activity plan's year, else the first publication.
    """
    from wagtail.models import Page

    from kb.models import ActivityPlanPage, AlorDocument, ArticlePage, GatheringPage, MinutesPage

    if isinstance(obj, AlorDocument):
        return obj.year, _day(obj.created_at), obj.network_id
    if not isinstance(obj, Page):
        return None
    own, year, network = None, None, None
    if isinstance(obj, ArticlePage):
        own = obj.date
    elif isinstance(obj, GatheringPage):
        own, network = obj.start_date, obj.host_network_id
    elif isinstance(obj, MinutesPage):
        own = obj.meeting_date
    own = _day(own)
    published = _day(obj.first_published_at)
    if own:
        year = own.year
    elif isinstance(obj, ActivityPlanPage) and obj.year:
        year = obj.year
    elif published:
        year = published.year
    return year, own or published, network


# Filter keys in the full-text index: each indexed page and document carries a token for its
# result type and one for its year, so a filter on them narrows the full-text match itself
# (an index intersection) instead of being checked row by row. Letters with digits, so
# neither analysis (Norwegian stemming, PostgreSQL's parser) nor FTS5's tokenizer changes them.
TYPE_CODES = {"article": 1, "gathering": 2, "network": 3, "governance": 4, "page": 5, "document": 6}


def _type_key(obj):
    from kb.models import AlorDocument
    from search.service import MODEL_TYPES

    if isinstance(obj, AlorDocument):
        return "document"
    return MODEL_TYPES.get(type(obj), "page")


def _key(type_code=None, year=None):
    return "alorf" + (f"k{type_code}" if type_code else "") + (f"y{year}" if year else "")


def index_tokens(obj) -> str:
    """The filter keys of a page or a document, as written into its full-text body ("" for
    anything else): its type, its year, and the two together."""
    values = facet_values(obj)
    if values is None:
        return ""
    code, year = TYPE_CODES[_type_key(obj)], values[0]
    tokens = [_key(type_code=code)]
    if year:
        tokens += [_key(year=year), _key(code, year)]
    return " ".join(tokens)


def filter_tokens(type_key=None, year=None) -> list[str]:
    """The filter key a search for this type and/or year requires (none without either).

    One key, the type and year together when both are given: a search ranks by bm25() on
    SQLite, which reads the whole index list of every word in the query once, and the key for
    both lists far fewer items than either key alone.
    """
    code = TYPE_CODES.get(type_key)
    year = int(year) if year else None
    return [_key(code, year)] if code or year else []


def _applies(model):
    from wagtail.models import Page

    from kb.models import AlorDocument

    return issubclass(model, (Page, AlorDocument))


def record(model, objs, using=None):
    """Write the facet rows of `objs` (instances of `model`), replacing any old ones."""
    from search.models import SearchFacet

    if not _applies(model) or not objs:
        return
    using = using or router.db_for_write(SearchFacet)
    ct = get_content_type_pk(model)
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
    from search.models import SearchFacet

    if not _applies(type(obj)):
        return
    using = using or router.db_for_write(SearchFacet)
    SearchFacet.objects.using(using).filter(
        content_type_id__in=get_descendants_content_types_pks(type(obj)), object_id=obj.pk
    )._raw_delete(using=using)


def forget_all(vendor):
    """Forget every facet row, on each database of `vendor` (as the backends' reset does)."""
    from search.models import SearchFacet

    for connection in connections.all():
        if connection.vendor == vendor:
            SearchFacet.objects.using(connection.alias).all()._raw_delete(using=connection.alias)


class FacetRowsMixin:
    """For a database backend's index: forget an item's facet row with it, and all on reset.

    `add_items` of the index calls `record` itself, after writing its own entries.
    """

    def delete_item(self, item):
        super().delete_item(item)
        forget(item, using=self.write_connection.alias)

    def reset(self):
        super().reset()
        forget_all(self.write_connection.vendor)
