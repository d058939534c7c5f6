"""The one search service: the search page, the JSON API and the autocomplete all call it.

It decides what a user may see (`kb.privacy`), restricts by language and filters, asks the
configured Wagtail search backend (which does the Norwegian analysis) for pages and documents,
merges them into one ranked list, and adds snippets, facets and promoted results. When the
default backend is Elasticsearch and the cluster is down or slow, it answers from the database
backend kept up to date alongside, and logs it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, DateField, F, IntegerField, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import SearchField

from kb.models import (
    ActivityPlanPage,
    AgreementPage,
    AlorDocument,
    ArticlePage,
    DocumentKind,
    DocumentLanguage,
    GatheringPage,
    MandatePage,
    MinutesPage,
    NetworkPage,
    Topic,
)
from kb.privacy import documents_visible_to, pages_visible_to, read_once, rules_read_once
from search import norwegian, querylog
from search.facets import facet_values, filter_tokens, page_date_rules

logger = logging.getLogger("alor.search")

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
MAX_RESULT_DEPTH = 1000  # page * page_size may not go deeper than this
FACET_SAMPLE = 1000  # backends without a database queryset: facets over the best matches
AUTOCOMPLETE_LIMIT = 8
SNIPPET_CHARS = 220
MAX_SNIPPET_SOURCE = 200_000

SORT_RELEVANCE, SORT_DATE = "relevance", "date"
SORTS = {SORT_RELEVANCE: _("Relevans"), SORT_DATE: _("Dato")}

# Result types: pages by model, documents as one type.
PAGE_TYPES = {
    "article": (_("Artikkel"), [ArticlePage]),
    "gathering": (_("Samling"), [GatheringPage]),
    "network": (_("Nettverk"), [NetworkPage]),
    "governance": (
        _("Styringsdokument"),
        [MandatePage, AgreementPage, MinutesPage, ActivityPlanPage],
    ),
}
TYPE_LABELS = {key: label for key, (label, _models) in PAGE_TYPES.items()}
TYPE_LABELS["page"] = _("Side")
TYPE_LABELS["document"] = _("Dokument")
TYPES = list(TYPE_LABELS)
# The result type of each page model with a type of its own; other pages are "page".
MODEL_TYPES = {model: key for key, (_label, models) in PAGE_TYPES.items() for model in models}

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Languages: the active site language, and which document languages belong to it.
DOCUMENT_LANGUAGES = {
    "nb": [DocumentLanguage.NB, DocumentLanguage.NN],
    "en": [DocumentLanguage.EN],
}


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
    lang: str | None = None
    sort: str = SORT_RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

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
    # False for a broad search on the database backends: more than the search window of
    # visible matches. `count` is then the window, a lower bound, and the facet counts are
    # counted within the window (lower bounds too); see `search_window()`.
    count_exact: bool = True

    @property
    def num_pages(self) -> int:
        size = self.params.page_size
        return max(1, min((self.count + size - 1) // size, MAX_RESULT_DEPTH // size))


# ----------------------------------------------------------------------------------- backends


def _backend_names():
    names = list(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}) or {"default": None})
    fallback = [n for n in names if n != "default" and _is_database(n)]
    return "default", (fallback[0] if fallback else None)


def _is_database(name):
    backend = settings.WAGTAILSEARCH_BACKENDS[name]["BACKEND"]
    return backend.endswith(".database") or ".database." in backend


def _external_errors():
    errors = [ConnectionError, TimeoutError]
    try:
        import elastic_transport

        errors += [elastic_transport.TransportError]
    except ImportError:  # pragma: no cover
        pass
    try:
        import elasticsearch

        errors += [elasticsearch.ApiError]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def _with_fallback(work):
    """Run work(backend); when an external backend fails, log it and use the database."""
    default, fallback = _backend_names()
    if fallback is None or _is_database(default):
        return work(get_search_backend(default)), default
    try:
        return work(get_search_backend(default)), default
    except _external_errors() as error:
        logger.warning(
            "Search backend %r unreachable (%s); answering from %r",
            default,
            error.__class__.__name__,
            fallback,
        )
        return work(get_search_backend(fallback)), fallback


def _matching_queryset(results, model):
    """An unordered queryset of every match (lazy on database backends)."""
    if hasattr(results, "matching_queryset"):
        return results.matching_queryset()
    return model.objects.filter(pk__in=[obj.pk for obj in results[:FACET_SAMPLE]])


# ----------------------------------------------------------------------------------- querysets


def _locale(language):
    return Locale.objects.filter(language_code=language).first()


def _page_date():
    """A page's own date in SQL (search.facets.page_date_rules); NULL for pages without one."""
    fields = [
        f"{model._meta.model_name}__{name}"
        for model, date_fields, _year in page_date_rules()
        for name in date_fields
    ]
    return Coalesce(*fields, output_field=DateField())


def _page_year():
    """A page's own year in SQL: its date's, else its year field's; NULL for pages without."""
    rules = page_date_rules()
    years = [F(f"{model._meta.model_name}__{year}") for model, _d, year in rules if year]
    return Coalesce(ExtractYear(_page_date()), *years, output_field=IntegerField())


def _document_year():
    """A document's year in SQL (search.facets.document_dates): its own, else its gathering's."""
    return Coalesce("year", ExtractYear("gathering__start_date"), output_field=IntegerField())


def _type_content_types():
    from django.contrib.contenttypes.models import ContentType

    cts = ContentType.objects.get_for_models(*MODEL_TYPES)
    return {cts[model].pk: key for model, key in MODEL_TYPES.items()}


def _pages(user, params, language, ct_types, exclude_ids=()):
    """Pages for the search backends' own search (Elasticsearch, Wagtail's stock backend)."""
    pages = _filtered_pages(user, params, language, ct_types, exclude_ids)
    if pages is None:
        return None
    if params.year:
        pages = pages.alias(_year=_page_year()).filter(_year=params.year)
    return Page.objects.filter(pk__in=pages.values("pk")).specific()


def _documents(user, params, language):
    """Documents for the search backends' own search (Elasticsearch, Wagtail's stock backend)."""
    docs = _filtered_documents(user, params, language)
    if docs is None:
        return None
    return AlorDocument.objects.filter(pk__in=docs.values("pk"))


# ----------------------------------------------------------------------------------- the search


def search(params: SearchParams, user=None, request=None, *, log_source: str | None = None):
    """Search pages and documents that `user` may see; see SearchResponse."""
    with rules_read_once():
        return _search(params, user, request, log_source=log_source)


def _search(params: SearchParams, user, request, *, log_source: str | None):
    language = params.lang or (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in DOCUMENT_LANGUAGES:
        language = settings.LANGUAGE_CODE
    response = SearchResponse(params=params, language=language)
    if not params.q or not norwegian.query_tokens(params.q):
        return response
    response.searchable = True

    ct_types = _type_content_types()
    promoted = _promoted_pages(params, user, language)
    promoted_ids = [p.pk for p in promoted]

    def run(lang):
        def work(backend):
            run_on = (
                _run_database if getattr(backend, "supports_match_rows", False) else _run_backend
            )
            return run_on(backend, params, user, lang, ct_types, promoted_ids)

        return _with_fallback(work)

    found, backend_name = run(language)
    if found[1] == 0 and not promoted and not params.lang:
        other = next(code for code in DOCUMENT_LANGUAGES if code != language)
        found_other, backend_name = run(other)
        if found_other[1]:
            found = found_other
            response.language = other
            response.fell_back_to_language = True
    organic, count, matching, exact = found
    response.backend = backend_name
    response.count = count + len(promoted)
    response.count_exact = exact
    response.facets = matching

    tokens = set(norwegian.query_tokens(params.q))
    start = (params.page - 1) * params.page_size
    shown_promoted = promoted[start : start + params.page_size]
    hits = [_hit("page", page, tokens, request, ct_types, promoted=True) for page in shown_promoted]
    hits += _hits(organic, tokens, request, ct_types)
    response.results = hits
    if log_source:
        _log(params.q, response, log_source, user)
    return response


def _run_backend(backend, params, user, language, ct_types, promoted_ids):
    """The organic objects of the requested page, the total count, the matching querysets.

    The combined list is the promoted pages followed by the organic results (promoted pages
    left out of those), so page p shows positions [start, start + size) of it.
    """
    pages = _pages(user, params, language, ct_types, promoted_ids)
    docs = _documents(user, params, language)
    relevance = params.sort == SORT_RELEVANCE
    start = (params.page - 1) * params.page_size
    organic_start = max(0, start - len(promoted_ids))
    organic_stop = max(0, start + params.page_size - len(promoted_ids))
    ranked, count, matching, estimated = [], 0, {}, set()
    for kind, queryset in (("page", pages), ("document", docs)):
        if queryset is None:
            continue
        if relevance:
            results = backend.search(params.q, queryset, operator="and").annotate_score("_score")
            objs = list(results[:organic_stop]) if organic_stop else []
        else:
            results = backend.search(
                params.q,
                _filter_field_order(queryset, kind),
                operator="and",
                order_by_relevance=False,
            )
            if hasattr(results, "matching_queryset"):
                by_date = _date_ordered(results.matching_queryset(), kind)
                objs = list(by_date[:organic_stop]) if organic_stop else []
            else:
                objs = list(results[:organic_stop]) if organic_stop else []
        matching[kind] = _matching_queryset(results, queryset.model)
        if not hasattr(results, "matching_queryset"):
            count += results.count()  # otherwise counted with the facets, in one query
            estimated.add(kind)
        ranked += [(kind, obj, _sort_key(kind, obj, relevance)) for obj in objs]
    ranked.sort(key=lambda item: item[2], reverse=True)
    facets, totals = _facets(matching, ct_types, params)
    count += sum(n for kind, n in totals.items() if kind not in estimated)
    organic = [(kind, obj) for kind, obj, _key in ranked[organic_start:organic_stop]]
    return organic, count, facets, True


# ------------------------------------------------------------------ the database backends


def _filtered_pages(user, params, language, ct_types, exclude_ids=()):
    """Pages `user` may see in `language`, narrowed by every filter but the year; None when
    nothing can match.

    Privacy comes from kb.privacy. One page is one row: topic and host-network conditions are
    `pk IN (…)` instead of joins. Each caller checks the year its own way.
    """
    if params.type == "document":
        return None
    pages = pages_visible_to(user, Page.objects.filter(depth__gt=1))
    locale = _locale(language)
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
        found = sorted((path, pk) for pk, path, slug, _t in _networks() if slug == params.network)
        if not found:
            return None
        path, pk = found[0]
        hosted = GatheringPage.objects.filter(host_network_id=pk).values("pk")
        pages = pages.filter(Q(path__startswith=path) | Q(pk__in=hosted))
    if params.topic:
        pages = pages.filter(
            Q(
                pk__in=ArticlePage.topics.through.objects.filter(topic__slug=params.topic).values(
                    "articlepage_id"
                )
            )
            | Q(
                pk__in=GatheringPage.topics.through.objects.filter(topic__slug=params.topic).values(
                    "gatheringpage_id"
                )
            )
        )
    if exclude_ids:
        pages = pages.exclude(pk__in=exclude_ids)
    return pages


def _filtered_documents(user, params, language):
    """Documents `user` may see in `language`, narrowed by every filter, the year included
    (a document's own field, unlike a page's year)."""
    if params.type and params.type != "document":
        return None
    docs = documents_visible_to(user).filter(language__in=DOCUMENT_LANGUAGES[language])
    if params.network:
        docs = docs.filter(network__slug=params.network)
    if params.topic:
        docs = docs.filter(
            pk__in=AlorDocument.topics.through.objects.filter(topic__slug=params.topic).values(
                "alordocument_id"
            )
        )
    if params.year:  # its own year, else its gathering's (search.facets.document_dates)
        in_year = GatheringPage.objects.filter(start_date__year=params.year).values("pk")
        docs = docs.filter(Q(year=params.year) | Q(year__isnull=True, gathering__in=in_year))
    return docs


def _ids_sql(queryset):
    """(sql, params) selecting the ids of a queryset, or None when it can match nothing."""
    from django.core.exceptions import EmptyResultSet

    if queryset is None:
        return None
    ids = queryset.order_by().values("id")
    try:
        return ids.query.get_compiler(ids.db).as_sql()
    except EmptyResultSet:
        return None


def _run_database(backend, params, user, language, ct_types, promoted_ids):
    """_run_backend for the database backends: the full-text match runs once per request.

    One SQL statement reads the visible matches newest-indexed first, at most the search window
    of them plus one (`search_window()`), with their facet attributes from SearchFacet, and
    returns from that set the counts per type, network and year, the topic counts and the top
    `start + page_size` rows; then the shown pages and documents are fetched (a bounded number
    of queries, whatever the number of hits). With at most a window of visible matches every
    match is in the set and everything is exact. A broad search stops after the window: the
    work per request is bounded, the count says «more than the window» and the ranking and
    facets are those of the window.
    """
    from django.db import connections
    from modelsearch.utils import get_descendants_content_types_pks

    from search.models import SearchFacet

    relevance = params.sort == SORT_RELEVANCE
    start = (params.page - 1) * params.page_size
    organic_start = max(0, start - len(promoted_ids))
    organic_stop = max(0, start + params.page_size - len(promoted_ids))

    def empty():
        return [], 0, _facet_lists(Counter(), Counter(), Counter(), Counter(), params), True

    # Who may see what, and every filter but a page's year (checked on its facet row below).
    pages = _ids_sql(_filtered_pages(user, params, language, ct_types, promoted_ids))
    docs = _ids_sql(_filtered_documents(user, params, language))
    page_cts = get_descendants_content_types_pks(Page) if pages else []
    doc_cts = get_descendants_content_types_pks(AlorDocument) if docs else []
    if not page_cts and not doc_cts:
        return empty()
    probe = backend.search(params.q, Page, operator="and")
    compiler = getattr(probe, "query_compiler", None)
    required = filter_tokens(params.type, params.year)
    match = compiler and compiler.match_rows_sql(backend, scored=relevance, required=required)
    if not match:
        return empty()

    alias = Page.objects.db
    connection = connections[alias]
    postgres = connection.vendor == "postgresql"
    real = "double precision" if postgres else "REAL"
    null_date = "CAST(NULL AS date)" if postgres else "NULL"
    facet = SearchFacet._meta.db_table
    qn = connection.ops.quote_name

    def placeholders(values):
        return ", ".join(["%s"] * len(values))

    # The window: the visible matches, every filter applied, newest-indexed first.
    window = search_window()
    # OFFSET 0 keeps PostgreSQL from turning each EXISTS into a hash of every visible page or
    # document (50,000 rows at 100,000 items): with it a window row costs one look-up.
    fence = " OFFSET 0" if postgres else ""
    conditions, sql_params = [], list(match[1])
    if pages:
        year_filter = ""
        if params.year:
            year_filter = (
                f" AND EXISTS (SELECT 1 FROM {facet} yf WHERE yf.content_type_id = mt.ct "  # noqa: S608
                f"AND yf.object_id = mt.oid AND yf.year = %s{fence})"
            )
        conditions.append(
            f"(mt.ct IN ({placeholders(page_cts)}) AND EXISTS "  # noqa: S608
            f"(SELECT 1 FROM ({pages[0]}) vp WHERE vp.id = mt.oid{fence}){year_filter})"
        )
        sql_params += [*page_cts, *pages[1], *([params.year] if params.year else [])]
    if docs:
        conditions.append(
            f"(mt.ct IN ({placeholders(doc_cts)}) AND EXISTS "  # noqa: S608
            f"(SELECT 1 FROM ({docs[0]}) vd WHERE vd.id = mt.oid{fence}))"
        )
        sql_params += [*doc_cts, *docs[1]]
    window_sql = (
        f"SELECT mt.ct AS ct, mt.oid AS oid, mt.score AS score, mt.eid AS eid "  # noqa: S608
        f"FROM ({match[0]}) mt WHERE {' OR '.join(conditions)}"
    )
    ctes = [f"w AS MATERIALIZED ({window_sql})"]
    in_window = "w"
    if window:  # one row more than the window says whether there are more
        ctes[0] = f"w AS MATERIALIZED ({window_sql} ORDER BY mt.eid DESC LIMIT %s)"
        sql_params.append(window + 1)
        ctes.append(
            f"wn AS MATERIALIZED (SELECT * FROM w ORDER BY eid DESC LIMIT {int(window)})"  # noqa: S608
        )
        in_window = "wn w"

    # The facet attributes of the rows in the window.
    arms = []
    if pages:
        whens, when_params = [], []
        for pk, path in _network_paths():
            whens.append(f"WHEN substr(vp.path, 1, {len(path)}) = %s THEN %s")
            when_params += [path, pk]
        net = f"CASE {' '.join(whens)} ELSE f.network_id END" if whens else "f.network_id"
        arms.append(
            f"SELECT 0 AS kind, w.oid AS oid, w.score AS score, vp.content_type_id AS ct, "  # noqa: S608
            f"{net} AS net, f.year AS year, f.day AS day "
            f"FROM {in_window} INNER JOIN {qn(Page._meta.db_table)} vp ON vp.id = w.oid "
            f"LEFT OUTER JOIN {facet} f ON f.content_type_id = w.ct AND f.object_id = w.oid "
            f"WHERE w.ct IN ({placeholders(page_cts)})"
        )
        sql_params += [*when_params, *page_cts]
    if docs:
        # A document's network and year are its own fields, written to its facet row each
        # time it is indexed (search.facets.facet_values): no second look-up of the document.
        arms.append(
            f"SELECT 1 AS kind, w.oid AS oid, w.score AS score, CAST(NULL AS integer) AS ct, "  # noqa: S608
            f"f.network_id AS net, f.year AS year, f.day AS day "
            f"FROM {in_window} "
            f"LEFT OUTER JOIN {facet} f ON f.content_type_id = w.ct AND f.object_id = w.oid "
            f"WHERE w.ct IN ({placeholders(doc_cts)})"
        )
        sql_params += [*doc_cts]

    topic_arms = []
    for model, column, kind in (
        (ArticlePage, "articlepage", 0),
        (GatheringPage, "gatheringpage", 0),
        (AlorDocument, "alordocument", 1),
    ):
        if (kind == 0 and not pages) or (kind == 1 and not docs):
            continue
        through = model.topics.through._meta
        topic_arms.append(
            f"SELECT t.{qn(through.get_field('topic').column)} AS topic_id "  # noqa: S608
            f"FROM {qn(through.db_table)} t INNER JOIN m "
            f"ON m.kind = {kind} AND m.oid = t.{qn(through.get_field(column).column)}"
        )
    if relevance:
        order = "score DESC, kind, oid DESC"
    else:  # newest year first, by date within it; items without a date of their own last
        order = "year DESC NULLS LAST, day DESC NULLS LAST, kind, oid DESC"
    parts = [
        f"SELECT 0 AS section, kind, ct AS a, net, year, COUNT(*) AS n, "  # noqa: S608
        f"CAST(NULL AS {real}) AS score, {null_date} AS day FROM m GROUP BY kind, ct, net, year"
    ]
    if topic_arms:
        parts.append(
            f"SELECT 1, CAST(NULL AS integer), topic_id, CAST(NULL AS integer), CAST(NULL AS integer), COUNT(*), CAST(NULL AS {real}), {null_date} "  # noqa: S608,E501
            f"FROM ({' UNION ALL '.join(topic_arms)}) topics GROUP BY topic_id"
        )
    if organic_stop:
        parts.append(
            # n: a page's content type, so the shown pages are read by their own models.
            "SELECT * FROM (SELECT 2, kind, oid, net, year, ct, score, day FROM m "  # noqa: S608
            f"ORDER BY {order} LIMIT %s) top"
        )
    if window:
        parts.append(
            "SELECT 3, CAST(NULL AS integer), CAST(NULL AS integer), CAST(NULL AS integer), "  # noqa: S608
            f"CAST(NULL AS integer), COUNT(*), CAST(NULL AS {real}), {null_date} FROM w"
        )
    ctes.append(f"m AS MATERIALIZED ({' UNION ALL '.join(arms)})")
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"
    if organic_stop:
        sql_params.append(organic_stop)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()

    types, networks, years, topics = Counter(), Counter(), Counter(), Counter()
    count, read, top = 0, 0, []
    for section, kind, a, net, year, n, score, day in rows:
        if section == 0:
            count += n
            types["document" if kind == 1 else ct_types.get(a, "page")] += n
            if net:
                networks[net] += n
            if year:
                years[year] += n
        elif section == 1:
            topics[a] += n
        elif section == 2:
            top.append((kind, a, net, year, score, _as_date(day), n))
        else:
            read = n
    facets = _facet_lists(types, networks, years, topics, params)
    exact = not window or read <= window

    top.sort(key=_top_key(relevance))
    top = top[organic_start:organic_stop]
    by_page = _specific_pages([(oid, ct) for kind, oid, *_r, ct in top if kind == 0])
    by_doc = AlorDocument.objects.in_bulk([oid for kind, oid, *_r in top if kind == 1])
    organic = []
    for kind, oid, net, year, score, day, _ct in top:
        obj = (by_page if kind == 0 else by_doc).get(oid)
        if obj is None:  # deleted since the statement ran
            continue
        obj._score = score if relevance else None
        obj._facet_info = (net, year, day)
        organic.append(("page" if kind == 0 else "document", obj))
    return organic, count, facets, exact


def _specific_pages(pages):
    """{pk: specific page} from (pk, content type id) pairs: one query per page model, where
    `.specific()` first reads every page's content type."""
    from django.contrib.contenttypes.models import ContentType

    by_model = defaultdict(list)
    for pk, ct in pages:
        model = ContentType.objects.get_for_id(ct).model_class() if ct else None
        by_model[model if model and issubclass(model, Page) else Page].append(pk)
    found = {}
    for model, pks in by_model.items():
        found.update(model.objects.in_bulk(pks))
    return found


def search_window() -> int | None:
    """How many visible matches a search on the database backends reads at most (None: all).

    `ALOR_SEARCH_WINDOW`, default 1,000 — as deep as a user can page (MAX_RESULT_DEPTH). A
    search with more visible matches than that is broad: it is ranked, counted and faceted
    within the newest-indexed window, so a word in every item costs no more than a word in a
    thousand. 0 reads every match (exact counts whatever the cost).
    """
    value = getattr(settings, "ALOR_SEARCH_WINDOW", MAX_RESULT_DEPTH)
    return int(value) if value and int(value) > 0 else None


def _as_date(value):
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def _top_key(relevance):
    """The statement's ORDER BY, again in Python (the rows come back through UNION ALL)."""
    if relevance:
        return lambda row: (-(row[4] or 0.0), row[0], -row[1])
    return lambda row: (
        row[3] is None,
        -(row[3] or 0),
        row[5] is None,
        -(row[5].toordinal() if row[5] else 0),
        row[0],
        -row[1],
    )


def _filter_field_order(queryset, kind):
    """Newest first by a field every backend can sort on."""
    if kind == "document":
        return queryset.order_by("-year", "-id")
    return queryset.order_by("-first_published_at", "-id")


def _date_ordered(queryset, kind):
    """Newest first by an item's own year, then its date (an article's date, a gathering's
    start, a document's year and gathering); items without a date of their own last."""
    if kind == "document":
        queryset = queryset.annotate(_year=_document_year(), _date=F("gathering__start_date"))
    else:
        queryset = queryset.annotate(_year=_page_year(), _date=_page_date())
    return queryset.order_by(
        F("_year").desc(nulls_last=True), F("_date").desc(nulls_last=True), "-pk"
    )


def _sort_key(kind, obj, relevance):
    if relevance:
        return (getattr(obj, "_score", None) or 0.0, 0)
    if hasattr(obj, "_year"):
        year, day = obj._year, obj._date
    else:  # a backend's own order (Elasticsearch): the dates from the objects
        year, day, _net = facet_values(obj) or (None, None, None)
    day = _as_date(day)
    return (year or 0, day.toordinal() if day else 0)


# ----------------------------------------------------------------------------------- facets


def _network_case(networks):
    """Which network a page belongs to, as one CASE over the (few) networks' paths."""
    from django.db.models import Case, Value, When

    whens = [When(path__startswith=path, then=Value(pk)) for pk, path in networks]
    whens.append(
        When(gatheringpage__host_network__isnull=False, then=F("gatheringpage__host_network"))
    )
    return Case(*whens, default=None, output_field=IntegerField())


def _networks():
    """(pk, path, slug, title) of every network page, deepest first, read once per request:
    the facet statement, the facet labels and the hits' network names all come from it."""

    def read():
        # Pages by primary key from the (few) network pages: a join let SQLite scan every page.
        networks = Page.objects.filter(pk__in=NetworkPage.objects.values("pk"))
        return list(networks.order_by("-depth", "path").values_list("pk", "path", "slug", "title"))

    return read_once("search-networks", read)


def _network_paths():
    return [(pk, path) for pk, path, _slug, _title in _networks()]


def _facets(matching, ct_types, params):
    types, networks, years, topics = Counter(), Counter(), Counter(), Counter()
    totals = Counter()
    pages, docs = matching.get("page"), matching.get("document")
    network_paths = _network_paths()
    if pages is not None:
        pages = pages.order_by()
        rows = (
            pages.annotate(_net=_network_case(network_paths), _year=_page_year())
            .values("content_type", "_net", "_year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            types[ct_types.get(row["content_type"], "page")] += row["n"]
            totals["page"] += row["n"]
            if row["_net"]:
                networks[row["_net"]] += row["n"]
            if row["_year"]:
                years[row["_year"]] += row["n"]
        page_ids = pages.values("pk")
        for model, column in (
            ()
            if not totals["page"]
            else ((ArticlePage, "articlepage_id"), (GatheringPage, "gatheringpage_id"))
        ):
            through = model.topics.through.objects.filter(**{f"{column}__in": page_ids})
            for row in through.values("topic_id").annotate(n=Count("pk")).order_by():
                topics[row["topic_id"]] += row["n"]
    if docs is not None:
        docs = docs.order_by()
        rows = docs.annotate(_year=_document_year()).values("network", "_year")
        for row in rows.annotate(n=Count("pk")).order_by():
            types["document"] += row["n"]
            totals["document"] += row["n"]
            if row["network"]:
                networks[row["network"]] += row["n"]
            if row["_year"]:
                years[row["_year"]] += row["n"]
        if totals["document"]:
            through = AlorDocument.topics.through.objects.filter(
                alordocument_id__in=docs.values("pk")
            )
            for row in through.values("topic_id").annotate(n=Count("pk")).order_by():
                topics[row["topic_id"]] += row["n"]

    return _facet_lists(types, networks, years, topics, params), dict(totals)


def _facet_lists(types, networks, years, topics, params):
    """The facet values from counts by type key, network id, year and topic id."""
    network_values = [
        FacetValue(slug, title, networks[pk], slug == params.network)
        for pk, _path, slug, title in (_networks() if networks else [])
        if networks[pk]
    ]
    topic_counts, topic_labels = Counter(), {}
    for pk, slug, name in Topic.objects.filter(pk__in=list(topics)).values_list(
        "pk", "slug", "name"
    ):
        topic_counts[slug] += topics[pk]
        topic_labels.setdefault(slug, name)
    by_count = lambda values: sorted(values, key=lambda v: (-v.count, str(v.label)))  # noqa: E731
    facets = {
        "type": by_count(
            FacetValue(key, str(TYPE_LABELS[key]), n, key == params.type)
            for key, n in types.items()
            if n
        ),
        "network": by_count(network_values),
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


# ----------------------------------------------------------------------------------- results


def _object_text(obj, kind):
    """The searchable text of an object (not its title), for the snippet."""
    if kind == "document":
        return f"{obj.description}\n{obj.extracted_text}"[:MAX_SNIPPET_SOURCE]
    parts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, SearchField) or search_field.field_name == "title":
            continue
        try:
            value = search_field.get_value(obj)
        except Exception:  # noqa: BLE001,S112 - a field the page type lacks
            continue
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value)
        if value:
            parts.append(strip_tags(str(value)))
        if sum(len(p) for p in parts) > MAX_SNIPPET_SOURCE:
            break
    return " ".join(parts)[:MAX_SNIPPET_SOURCE]


def _first_word(text: str, words: set[str]) -> int | None:
    """Where the first of `words` stands in `text` as a whole word (None if nowhere)."""

    def is_word_char(i):
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    first = None
    for word in words:
        at = text.find(word)
        while at != -1 and (first is None or at < first):
            if not is_word_char(at - 1) and not is_word_char(at + len(word)):
                first = at
                break
            at = text.find(word, at + 1)
    return first


def highlight(text: str, tokens: set[str], length: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first matched word, HTML-escaped, matches in <mark>.

    A document's text can be 200,000 characters: each distinct word is analysed once, the
    first match is found with str.find, and only the window is marked up (analysing every
    word in order took 50–75 ms per hit).
    """
    text = " ".join((text or "").split())
    words = {w for chunk in set(text.split(" ")) for w in norwegian.WORD_RE.findall(chunk)}
    matched = {w for w in words if tokens.intersection(norwegian.cached_word_tokens(w))}
    first = _first_word(text, matched)

    def hit(m):
        return m.group() in matched

    start = 0
    if first is not None and first > length // 3:
        start = text.rfind(" ", 0, first - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, pos = [], start
    for m in norwegian.WORD_RE.finditer(text, start):
        if m.end() > end:
            break
        if hit(m):
            out.append(escape(text[pos : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    out.append(escape(text[pos:end]))
    snippet = "".join(out).strip()
    if start > 0:
        snippet = "… " + snippet
    if end < len(text):
        snippet += " …"
    return mark_safe(snippet)  # noqa: S308 - every piece is escaped above


def _hits(organic, tokens, request, ct_types):
    page_ids = [obj.pk for kind, obj in organic if kind == "page"]
    page_info = {}
    known = [obj for kind, obj in organic if kind == "page" and hasattr(obj, "_facet_info")]
    if known and len(known) == len(page_ids):  # from the database backends' one statement
        page_info = {obj.pk: obj._facet_info for obj in known}
    elif page_ids:
        rows = (
            Page.objects.filter(pk__in=page_ids)
            .annotate(_net=_network_case(_network_paths()), _year=_page_year(), _date=_page_date())
            .values_list("pk", "_net", "_year", "_date")
        )
        page_info = {pk: (net, year, day) for pk, net, year, day in rows}
    # Read only when a hit has a network (a search of documents without one reads none).
    has_network = any(info[0] for info in page_info.values()) or any(
        obj.network_id for kind, obj in organic if kind == "document"
    )
    network_titles = {pk: t for pk, _p, _s, t in _networks()} if has_network else {}
    hits = []
    for kind, obj in organic:
        if kind == "page":
            net, year, day = page_info.get(obj.pk, (None, None, None))
            hit = _hit(kind, obj, tokens, request, ct_types)
            hit.network, hit.year, hit.date = network_titles.get(net), year, day
        else:
            hit = _hit(kind, obj, tokens, request, ct_types)
            hit.network = network_titles.get(obj.network_id)
        hits.append(hit)
    return hits


def _document_kind_label(kind):
    """The kind's label in the active language (get_kind_display() rebuilt the choices for
    every hit, half a millisecond each)."""
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return str(kind)


def _hit(kind, obj, tokens, request, ct_types, promoted=False):
    snippet = highlight(_object_text(obj, kind), tokens)
    if kind == "document":
        url = obj.url
        info = getattr(obj, "_facet_info", None)  # from the database backends' one statement
        year, day = info[1:] if info else facet_values(obj)[:2]
        return Hit(
            title=obj.title,
            url=url,
            type="document",
            type_label=_document_kind_label(obj.kind),
            snippet=snippet,
            score=getattr(obj, "_score", None),
            year=year,
            date=_as_date(day),
            document_url=url,
            thumbnail_url=obj.thumbnail_url if obj.thumbnail else None,  # privacy-checked view
        )
    type_key = ct_types.get(obj.content_type_id, "page")
    return Hit(
        title=obj.title,
        url=obj.get_url(request) or "",
        type=type_key,
        type_label=str(TYPE_LABELS[type_key]),
        snippet=snippet or escape(getattr(obj, "search_description", "") or ""),
        score=getattr(obj, "_score", None),
        promoted=promoted,
    )


def _promoted_pages(params, user, language):
    """Editors' promoted pages for this query (only without filters), that `user` may see."""
    if params.type or params.network or params.year or params.topic:
        return []
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    ids = list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(params.q), page__isnull=False
        )
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    if not ids:
        return []
    pages = pages_visible_to(user, Page.objects.filter(pk__in=ids, locale__language_code=language))
    by_pk = {page.pk: page for page in pages.specific()}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _log(query, response, source, user=None):
    from kb.privacy import sees_more_than_public

    querylog.record(
        query, response.language, response.count, source, private=sees_more_than_public(user)
    )


# ----------------------------------------------------------------------------------- autocomplete


def autocomplete(q, user=None, request=None, language=None, limit=AUTOCOMPLETE_LIMIT):
    """Titles of pages and documents that `user` may see, starting with the typed words."""
    with rules_read_once():
        return _autocomplete(q, user, request, language, limit)


def _autocomplete(q, user, request, language, limit):
    q = clean_query(q)
    if not norwegian.prefix_tokens(q):
        return []
    language = language or (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in DOCUMENT_LANGUAGES:
        language = settings.LANGUAGE_CODE
    ct_types = _type_content_types()
    params = SearchParams(q=q)

    def work(backend):
        pages = _pages(user, params, language, ct_types)
        docs = _documents(user, params, language)
        found = list(backend.autocomplete(q, pages, operator="and")[:limit])
        found_docs = list(backend.autocomplete(q, docs, operator="and")[:limit])
        return found, found_docs

    (pages, docs), _name = _with_fallback(work)
    out = [
        {
            "title": page.title,
            "url": page.get_url(request) or "",
            "type": ct_types.get(page.content_type_id, "page"),
        }
        for page in pages
    ]
    out += [{"title": doc.title, "url": doc.url, "type": "document"} for doc in docs]
    return out[:limit]
