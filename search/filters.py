"""What a user may see, narrowed by the parameters, as querysets both engines start from.

Privacy comes from `kb.privacy` (never from the search index). Also here: the network pages
(read once per request), and an item's own date and year in SQL, from the result-type registry
(`search.types`) and `search.facets`.
"""

from __future__ import annotations

from django.db.models import Case, DateField, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from wagtail.models import Locale, Page

from kb.models import AlorDocument, GatheringPage, NetworkPage
from kb.privacy import read_once
from search.facets import page_date_rules
from search.params import DOCUMENT_LANGUAGES
from search.types import PAGE_MODELS, topic_links


def locale_of(language):
    """The site locale of a language code (None when the site has no such locale)."""
    return Locale.objects.filter(language_code=language).first()


def page_date_sql():
    """A page's own date in SQL (search.facets.page_date_rules); NULL for pages without one."""
    fields = [
        f"{model._meta.model_name}__{name}"
        for model, date_fields, _year in page_date_rules()
        for name in date_fields
    ]
    return Coalesce(*fields, output_field=DateField())


def page_year_sql():
    """A page's own year in SQL: its date's, else its year field's; NULL for pages without."""
    rules = page_date_rules()
    years = [F(f"{model._meta.model_name}__{year}") for model, _d, year in rules if year]
    return Coalesce(ExtractYear(page_date_sql()), *years, output_field=IntegerField())


def document_year_sql():
    """A document's year in SQL (search.facets.document_dates): its own, else its gathering's."""
    return Coalesce("year", ExtractYear("gathering__start_date"), output_field=IntegerField())


def filtered_pages(visibility, params, language, ct_types, exclude_ids=()):
    """Pages that `visibility` (kb.privacy.Visibility) lets its user see in `language`, narrowed
    by every filter but the year; None when nothing can match.

    Privacy comes from kb.privacy. One page is one row: topic and host-network conditions are
    `pk IN (…)` instead of joins. Each caller checks the year its own way.
    """
    if params.type == "document" or params.documents_only:
        return None
    pages = visibility.pages(Page.objects.filter(depth__gt=1))
    locale = locale_of(language)
    if locale is None:
        return None
    pages = pages.filter(locale=locale)
    if params.type == "page":
        pages = pages.exclude(content_type__in=list(ct_types))
    elif params.type:
        pages = pages.filter(
            content_type__in=[ct for ct, key in ct_types.items() if key == params.type]
        )
    if params.network:
        # The first network page by tree path with that slug, from the request's one read.
        found = sorted(
            (path, pk) for pk, path, slug, _t in network_pages() if slug == params.network
        )
        if not found:
            return None
        path, pk = found[0]
        in_network = Q(path__startswith=path)
        for page in PAGE_MODELS:  # pages naming the network besides the tree (a host network)
            if page.network:
                named = page.model.objects.filter(**{f"{page.network}_id": pk}).values("pk")
                in_network |= Q(pk__in=named)
        pages = pages.filter(in_network)
    if params.topic:
        pages = pages.filter(_tagged(params.topic, document=False))
    if exclude_ids:
        pages = pages.exclude(pk__in=exclude_ids)
    return pages


def filtered_documents(visibility, params, language):
    """Documents that `visibility` lets its user see in `language`, narrowed by every filter,
    the year included (a document's own field, unlike a page's year)."""
    if params.type and params.type != "document":
        return None
    docs = visibility.documents().filter(language__in=DOCUMENT_LANGUAGES[language])
    if params.network:
        docs = docs.filter(network__slug=params.network)
    if params.topic:
        docs = docs.filter(_tagged(params.topic, document=True))
    if params.year:  # its own year, else its gathering's (search.facets.document_dates)
        in_year = GatheringPage.objects.filter(start_date__year=params.year).values("pk")
        docs = docs.filter(Q(year=params.year) | Q(year__isnull=True, gathering__in=in_year))
    if params.kind:
        docs = docs.filter(kind=params.kind)
    if params.gathering:
        docs = docs.filter(gathering_id=params.gathering)
    if params.speaker:  # `pk IN (…)`: one row per document
        through = AlorDocument.speakers.through
        docs = docs.filter(
            pk__in=through.objects.filter(person_id=params.speaker).values("alordocument_id")
        )
    return docs


def document_date_sql():
    """A document's own day in SQL (search.facets.document_dates): its gathering's start when
    that falls in the document's year (or it has no year of its own); NULL otherwise."""
    return Case(
        When(
            Q(year__isnull=True) | Q(gathering__start_date__year=F("year")),
            then=F("gathering__start_date"),
        ),
        default=None,
        output_field=DateField(),
    )


def _tagged(topic_slug, *, document):
    """Q: the pages (or documents) with the topic, as `pk IN (…)` (one row per item)."""
    tagged = Q()
    for is_document, through, item in topic_links():
        if is_document == document:
            ids = through.objects.filter(topic__slug=topic_slug).values(f"{item}_id")
            tagged |= Q(pk__in=ids)
    return tagged


def network_case(networks):
    """Which network a page belongs to, as one CASE over the (few) networks' paths, else the
    network its own field names (a gathering's host network)."""
    whens = [When(path__startswith=path, then=Value(pk)) for pk, path in networks]
    for page in PAGE_MODELS:
        if page.network:
            named = f"{page.model._meta.model_name}__{page.network}"
            whens.append(When(**{f"{named}__isnull": False}, then=F(named)))
    return Case(*whens, default=None, output_field=IntegerField())


def network_pages():
    """(pk, path, slug, title) of every network page, deepest first, read once per request:
    the facet statement, the facet labels and the hits' network names all come from it."""

    def read():
        # Pages by primary key from the (few) network pages: a join let SQLite scan every page.
        networks = Page.objects.filter(pk__in=NetworkPage.objects.values("pk"))
        return list(networks.order_by("-depth", "path").values_list("pk", "path", "slug", "title"))

    return read_once("search-networks", read)


def network_page_paths():
    return [(pk, path) for pk, path, _slug, _title in network_pages()]
