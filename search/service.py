"""The one search service: the search page, the JSON API and the autocomplete all call it.

It picks the language, asks the engine (`search.engines`) for the visible matches of the
request's parameters (`search.params`), puts the editors' promoted pages first
(`search.promotions`), turns the objects into hits with snippets (`search.results`,
`search.highlight`) and logs the query (`search.querylog`). What a result type is lives in
`search.types`; who may see what is a `kb.privacy.Visibility` (the request's, which reads the
rules once for the whole request), applied in `search.filters`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

from kb.privacy import reads_once, visibility_of
from search import engines, norwegian, querylog
from search.analysis import QueryWords
from search.params import DOCUMENT_LANGUAGES, LANGUAGE_LABELS, SearchParams, clean_query
from search.promotions import promoted_pages
from search.results import FacetValue, SearchResponse, make_hit, make_hits
from search.types import content_types

AUTOCOMPLETE_LIMIT = 8


def _language(requested=None):
    """The language searched: the one asked for, else the active one, else the site's."""
    language = requested or (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in DOCUMENT_LANGUAGES else settings.LANGUAGE_CODE


def search(params: SearchParams, user=None, request=None, *, log_source: str | None = None):
    """Search pages and documents that `user` may see; see SearchResponse. With `request`,
    the rules come from the request's one read of them (kb.privacy.visibility_of)."""
    with reads_once():
        visibility = visibility_of(request).for_user(user)
        return _search(params, visibility, request, log_source=log_source)


def _search(params: SearchParams, visibility, request, *, log_source: str | None):
    language = _language(params.lang)
    response = SearchResponse(params=params, language=language)
    if params.browsing:
        return _browse(params, visibility, request, response)
    if not norwegian.query_tokens(params.q):
        return response
    response.searchable = True

    ct_types = content_types()
    promoted = promoted_pages(params, visibility, language)
    promoted_ids = [p.pk for p in promoted]

    found, backend_name = engines.run(params, visibility, language, ct_types, promoted_ids)
    other_count = None  # the language facet's count of the other language, when known
    if found.count == 0 and not promoted and not params.lang:
        # Nothing in the site's language: the other language's matches, said so on the page.
        other = _other_language(language)
        found_other, other_backend = engines.run(params, visibility, other, ct_types, promoted_ids)
        other_count = 0  # the site's language, which found nothing
        if found_other.count:
            found, backend_name = found_other, other_backend
            response.language = other
            response.fell_back_to_language = True
    response.backend = backend_name
    response.count = found.count + len(promoted)
    response.count_exact = found.count_exact
    response.facets = found.facets
    _add_language_facet(response, visibility, ct_types, other_count)

    tokens = QueryWords.of(params.q, response.language)
    start = (params.page - 1) * params.page_size
    shown_promoted = promoted[start : start + params.page_size]
    hits = [
        make_hit("page", page, tokens, request, ct_types, promoted=True) for page in shown_promoted
    ]
    hits += make_hits(found.organic, tokens, request, ct_types)
    response.results = hits
    if log_source:
        querylog.record(
            params.q,
            response.language,
            response.count,
            log_source,
            private=visibility.sees_more_than_public,
        )
    return response


def _browse(params: SearchParams, visibility, request, response: SearchResponse):
    """No word: every visible item that passes the filters, newest first by its own date,
    with the count and the facets (search.engines.browse). Nothing is promoted (promotions
    answer words) and nothing is logged (the log holds what people search for)."""
    ct_types = content_types()
    found, backend_name = engines.run(params, visibility, response.language, ct_types, [])
    response.searchable = response.browsing = True
    response.backend = backend_name
    response.count, response.count_exact = found.count, found.count_exact
    response.facets = found.facets
    _add_language_facet(response, visibility, ct_types)
    response.results = make_hits(found.organic, QueryWords(frozenset()), request, ct_types)
    return response


def _other_language(language):
    return next(code for code in DOCUMENT_LANGUAGES if code != language)


def _add_language_facet(response: SearchResponse, visibility, ct_types, other_count=None):
    """The «Språk» facet: the count of the language searched, and of the other one (searched
    with its own analysis, its own promoted pages, the same filters and privacy)."""
    params = response.params
    other = _other_language(response.language)
    if other_count is None:
        other_promoted = [] if params.browsing else promoted_pages(params, visibility, other)
        promoted_ids = [page.pk for page in other_promoted]
        found, _exact = engines.count(params, visibility, other, ct_types, promoted_ids)
        other_count = found + len(other_promoted)
    counts = {response.language: response.count, other: other_count}
    response.facets["lang"] = [
        FacetValue(code, str(LANGUAGE_LABELS[code]), counts[code], code == response.language)
        for code in DOCUMENT_LANGUAGES
        if counts[code]
    ]


def autocomplete(q, user=None, request=None, language=None, limit=AUTOCOMPLETE_LIMIT):
    """Titles of pages and documents that `user` may see, starting with the typed words."""
    with reads_once():
        visibility = visibility_of(request).for_user(user)
        return _autocomplete(q, visibility, request, language, limit)


def _autocomplete(q, visibility, request, language, limit):
    q = clean_query(q)
    if not norwegian.prefix_tokens(q):
        return []
    language = _language(language)
    ct_types = content_types()
    (pages, docs), _name = engines.autocomplete(q, visibility, language, limit, ct_types)
    out = [
        {
            "title": page.title,
            "url": page.get_url(request) or "",
            "type": ct_types.get(page.content_type_id, "page"),
        }
        for page in pages
    ]
    out += [{"title": doc.title, "url": doc.get_absolute_url(), "type": "document"} for doc in docs]
    return out[:limit]
