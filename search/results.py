"""What a search answers: the hits, the facet values and the response around them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from wagtail.models import Page

from kb.models import (
    DocumentKind,
    GatheringPage,
    Person,
    Topic,
)
from kb.privacy import Visibility
from search.facets import facet_values
from search.filters import (
    network_case,
    network_page_paths,
    network_pages,
    page_date_sql,
    page_year_sql,
)
from search.highlight import highlight, object_text
from search.params import LANGUAGE_LABELS, MAX_RESULT_DEPTH, SearchParams
from search.types import BY_KEY, label, topic_links


@dataclass
class Hit:
    title: str
    url: str
    type: str
    type_label: str
    snippet: str
    score: float | None
    network: str | None = None
    year: int | None = None
    date: date | None = None
    document_url: str | None = None
    thumbnail_url: str | None = None
    promoted: bool = False


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResponse:
    params: SearchParams
    count: int = 0
    results: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    language: str = "nb"
    fell_back_to_language: bool = False
    backend: str = "default"
    searchable: bool = False  # False when the query has no searchable words
    browsing: bool = False  # no words: every visible item passing the filters, newest first
    # False for a search with more than COUNT_LIMIT visible matches (search.params): `count`
    # is then COUNT_LIMIT, a lower bound, and the facet counts are lower bounds too.
    count_exact: bool = True

    @property
    def num_pages(self) -> int:
        size = self.params.page_size
        return max(1, min((self.count + size - 1) // size, MAX_RESULT_DEPTH // size))


def as_date(value):
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def facet_lists(
    types,
    networks,
    years,
    topics,
    params,
    kinds=None,
    speakers=None,
    gatherings=None,
    visibility=None,
):
    """The facet values from counts by type key, network id, year and topic id, and for the
    documents by kind (kb.enums.DocumentKind), speaker (Person id) and gathering (page id).
    Labels are words a user reads: the kinds' labels, the people's names, the gatherings'
    titles (one query each, only when there is something to name). A gathering `visibility`
    (kb.privacy.Visibility) may not see (a draft, a private section) is not named: its
    documents still count, under no gathering."""
    kinds, speakers, gatherings = kinds or Counter(), speakers or Counter(), gatherings or Counter()
    network_values = [
        FacetValue(slug, title, networks[pk], slug == params.network)
        for pk, _path, slug, title in (network_pages() if networks else [])
        if networks[pk]
    ]
    topic_counts: Counter[str] = Counter()
    topic_labels: dict[str, str] = {}
    for pk, slug, name in Topic.objects.filter(pk__in=list(topics)).values_list(
        "pk", "slug", "name"
    ):
        topic_counts[slug] += topics[pk]
        topic_labels.setdefault(slug, name)
    by_count = lambda values: sorted(values, key=lambda v: (-v.count, str(v.label)))  # noqa: E731
    facets = {
        "type": by_count(
            FacetValue(key, label(key), n, key == params.type) for key, n in types.items() if n
        ),
        "kind": by_count(
            FacetValue(key, _document_kind_label(key), n, key == params.kind)
            for key, n in kinds.items()
            if n
        ),
        "network": by_count(network_values),
        "gathering": _named(
            gatherings, params.gathering, lambda ids: _gathering_titles(ids, visibility)
        ),
        "speaker": _named(speakers, params.speaker, _person_names),
        "year": sorted(
            (FacetValue(str(y), str(y), n, y == params.year) for y, n in years.items()),
            key=lambda v: v.value,
            reverse=True,
        ),
        "topic": by_count(
            FacetValue(slug, topic_labels[slug], n, slug == params.topic)
            for slug, n in topic_counts.items()
        ),
    }
    return facets


def _named(counts, selected, names_of):
    """Facet values for counts by id, labelled by `names_of(ids)` ({id: label}), most first.
    An id without a name (deleted since) is left out."""
    ids = [pk for pk, n in counts.items() if n]
    names = names_of(ids) if ids else {}
    values = [
        FacetValue(str(pk), names[pk], counts[pk], pk == selected) for pk in ids if pk in names
    ]
    return sorted(values, key=lambda v: (-v.count, v.label))


def _person_names(ids):
    return dict(Person.objects.filter(pk__in=ids).values_list("pk", "name"))


def _gathering_titles(ids, visibility):
    gatherings = GatheringPage.objects.filter(pk__in=ids)
    gatherings = (visibility or Visibility()).pages(gatherings)
    return dict(gatherings.values_list("pk", "title"))


def filter_value_label(name, value):
    """The label of a filter's value as its facet shows it (the value itself when it names
    nothing known, or nothing the visitor may see)."""
    if name == "type":
        return label(value) if value in BY_KEY else value
    if name == "kind":
        return _document_kind_label(value)
    if name == "network":
        return next((t for _pk, _p, slug, t in network_pages() if slug == value), value)
    if name == "topic":
        return Topic.objects.filter(slug=value).values_list("name", flat=True).first() or value
    if name == "speaker":
        return _person_names([value]).get(value, value)
    if name == "gathering":
        return _gathering_titles([value], None).get(value, value)
    if name == "lang":
        return LANGUAGE_LABELS.get(value, value)
    return value


def make_hits(organic, words, request, ct_types):
    page_ids = [obj.pk for kind, obj in organic if kind == "page"]
    page_info = {}
    known = [obj for kind, obj in organic if kind == "page" and hasattr(obj, "_facet_info")]
    if known and len(known) == len(page_ids):  # from the database backends' one statement
        page_info = {obj.pk: obj._facet_info for obj in known}
    elif page_ids:
        rows = (
            Page.objects.filter(pk__in=page_ids)
            .annotate(
                _net=network_case(network_page_paths()),
                _year=page_year_sql(),
                _date=page_date_sql(),
            )
            .values_list("pk", "_net", "_year", "_date")
        )
        page_info = {pk: (net, year, day) for pk, net, year, day in rows}
    # Read only when a hit has a network (a search of documents without one reads none).
    has_network = any(info[0] for info in page_info.values()) or any(
        obj.network_id for kind, obj in organic if kind == "document"
    )
    network_titles = {pk: t for pk, _p, _s, t in network_pages()} if has_network else {}
    hits = []
    for kind, obj in organic:
        if kind == "page":
            net, year, day = page_info.get(obj.pk, (None, None, None))
            hit = make_hit(kind, obj, words, request, ct_types)
            hit.network, hit.year, hit.date = network_titles.get(net), year, day
        else:
            hit = make_hit(kind, obj, words, request, ct_types)
            hit.network = network_titles.get(obj.network_id)
        hits.append(hit)
    _say_which_topic_matched(organic, hits, words)
    return hits


def _say_which_topic_matched(organic, hits, words):
    """A hit whose title and text hold none of the words (found by its topic) shows the topic
    that matched, marked, before its text: «Tema: <mark>sykefravær</mark> · …». One query per
    topic relation, and only when such a hit is on the page."""
    if not words:  # browsing: no word to have matched
        return
    unmarked = [
        (kind == "document", obj.pk, hit)
        for (kind, obj), hit in zip(organic, hits, strict=True)
        if "<mark>" not in hit.snippet and "<mark>" not in highlight(hit.title, words)
    ]
    if not unmarked:
        return
    names: dict[tuple[bool, int], list[str]] = {}
    for is_document, through, item in topic_links():
        pks = [pk for document, pk, _hit in unmarked if document == is_document]
        if not pks:
            continue
        rows = through.objects.filter(**{f"{item}_id__in": pks}).values_list(
            f"{item}_id", "topic__name"
        )
        for pk, name in rows.order_by("topic__name"):
            names.setdefault((is_document, pk), []).append(name)
    for is_document, pk, hit in unmarked:
        topics = names.get((is_document, pk))
        marked = highlight(", ".join(topics), words, length=10_000) if topics else ""
        if "<mark>" in marked:
            hit.snippet = format_html("{}: {} · {}", _("Tema"), marked, hit.snippet)


def _document_kind_label(kind):
    """The kind's label in the active language (get_kind_display() rebuilt the choices for
    every hit, half a millisecond each)."""
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return str(kind)


def make_hit(kind, obj, words, request, ct_types, promoted=False):
    snippet = highlight(object_text(obj, kind), words)
    if kind == "document":
        url = obj.url  # the file; the hit itself leads to the document's page
        info = getattr(obj, "_facet_info", None)  # from the database backends' one statement
        year, day = info[1:] if info else facet_values(obj)[:2]
        return Hit(
            title=obj.title,
            url=obj.get_absolute_url(),
            type="document",
            type_label=_document_kind_label(obj.kind),
            snippet=snippet,
            score=getattr(obj, "_score", None),
            year=year,
            date=as_date(day),
            document_url=url,
            thumbnail_url=obj.thumbnail_url if obj.thumbnail else None,  # privacy-checked view
        )
    type_key = ct_types.get(obj.content_type_id, "page")
    return Hit(
        title=obj.title,
        url=obj.get_url(request) or "",
        type=type_key,
        type_label=label(type_key),
        snippet=snippet or escape(getattr(obj, "search_description", "") or ""),
        score=getattr(obj, "_score", None),
        promoted=promoted,
    )
