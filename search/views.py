"""The search page: the search service's answer as HTML, never cached, never indexed."""

from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from search import results, service
from search.params import SORT_RELEVANCE, SORTS, SearchParams

FILTERS = ("type", "kind", "network", "gathering", "speaker", "year", "topic", "lang")


def _url(params: SearchParams, **changes) -> str:
    values = {
        "q": params.q,
        "type": params.type,
        "network": params.network,
        "year": params.year,
        "topic": params.topic,
        "kind": params.kind,
        "speaker": params.speaker,
        "gathering": params.gathering,
        "lang": params.lang,
        "sort": params.sort if params.sort != SORT_RELEVANCE else None,
        "page": params.page if params.page > 1 else None,
    }
    values.update(changes)
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


@never_cache
def search_page(request):
    params = SearchParams.from_data(request.GET, strict=False)
    result = service.search(params, request.user, request, log_source="page")
    facets = []
    for name, values in result.facets.items():
        links = [
            {
                "value": value,
                "url": _url(params, page=None, **{name: None if value.selected else value.value}),
            }
            for value in values
        ]
        facets.append({"name": name, "label": FACET_LABELS[name], "values": links})
    pages = range(1, result.num_pages + 1)
    context = {
        "search_query": params.q,
        "params": params,
        "result": result,
        "facets": facets,
        "active_filters": [
            {
                "name": name,
                "value": getattr(params, name),
                "label": filter_label(name, getattr(params, name), result.facets),
                "url": _url(params, page=None, **{name: None}),
            }
            for name in FILTERS
            if getattr(params, name)
        ],
        "sorts": [
            {
                "value": key,
                "label": label,
                "url": _url(params, sort=key, page=None),
                "selected": key == params.sort,
            }
            for key, label in SORTS.items()
        ],
        "pages": [
            {"number": n, "url": _url(params, page=n), "current": n == params.page}
            for n in pages
            if abs(n - params.page) <= 3 or n in (1, result.num_pages)
        ],
        "previous_url": _url(params, page=params.page - 1) if params.page > 1 else None,
        "next_url": _url(params, page=params.page + 1) if params.page < result.num_pages else None,
        "noindex": True,
    }
    response = TemplateResponse(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


FACET_LABELS = {
    "type": _("Type"),
    "kind": _("Dokumenttype"),
    "network": _("Nettverk"),
    "gathering": _("Samling"),
    "speaker": _("Innleder"),
    "year": _("År"),
    "topic": _("Tema"),
    "lang": _("Språk"),
}


def filter_label(name, value, facets) -> str:
    """The words a chip of an active filter shows («Presentasjon», «alor Bergen»), never the
    code in the address («presentation», «bergen»): the selected facet value's label, else
    the same label read for it (a filter that matches nothing has no facet value)."""
    for facet_value in facets.get(name, ()):
        if facet_value.selected:
            return facet_value.label
    return str(results.filter_value_label(name, value))
