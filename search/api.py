"""The JSON search API (`/api/search/`), with OpenAPI docs at `/api/search/docs/`."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError

from search import service
from search.params import DOCUMENT_LANGUAGES, InvalidSearch, SearchParams

api = NinjaAPI(
    title="alor kunnskapsbase – søk",
    version="1.0",
    description=(
        "Søk i sider og dokumenter i alor kunnskapsbase, med norsk analyse (bøying, æ/ø/å), "
        "fasetter og utdrag med treffene uthevet. Du ser bare det du har tilgang til."
    ),
    urls_namespace="alor_search_api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


class Hit(Schema):
    title: str
    url: str
    type: str
    type_label: str
    snippet: str
    score: float | None
    network: str | None
    year: int | None
    date: date | None
    document_url: str | None
    thumbnail_url: str | None
    promoted: bool


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchResult(Schema):
    count: int
    count_exact: bool
    page: int
    page_size: int
    num_pages: int
    language: str
    language_fallback: bool
    results: list[Hit]
    facets: dict[str, list[FacetValue]]


class Suggestion(Schema):
    title: str
    url: str
    type: str


class Suggestions(Schema):
    results: list[Suggestion]


class Error(Schema):
    detail: str


class SearchQuery(Schema):
    q: str = ""
    type: str | None = None
    network: str | None = None
    year: str | None = None
    topic: str | None = None
    kind: str | None = None
    speaker: str | None = None
    gathering: str | None = None
    lang: str | None = None
    sort: str | None = None
    page: str | None = None
    page_size: str | None = None


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": "Ugyldige parametere i søket."}, status=400)


def _no_store(response: HttpResponse):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"


@api.get(
    "/",
    response={200: SearchResult, 400: Error},
    summary="Søk i sider og dokumenter",
    description=(
        "`q`: søketekst (høyst 200 tegn); uten `q` får du alt du kan se som passer filtrene, "
        "nyeste først etter elementets egen dato, med fasetter. Filtre: `type` (article, "
        "gathering, network, governance, page, document), `network` (nettverkets kortnavn), "
        "`year`, `topic` (temaets kortnavn), og for dokumenter `kind` (presentation, "
        "programme, mandate, agreement, minutes, report, other), `speaker` (personens id) og "
        "`gathering` (samlingens id). `lang` (nb/en, ellers aktivt språk; uten treff brukes det "
        "andre språket), `sort` (relevance/date), `page`, `page_size` (1–50). "
        "`snippet` er HTML-escapet tekst der treffene står i `<mark>`. "
        "`count_exact` er false når søket har mer enn 10 000 treff: da er `count` 10 000, en "
        "nedre grense, og fasettallene er nedre grenser. Rangeringen gjelder alltid alle treff."
    ),
)
def search(request: HttpRequest, response: HttpResponse, filters: Query[SearchQuery]):
    _no_store(response)
    data = {k: (v if v is None else str(v)) for k, v in filters.dict().items()}
    try:
        params = SearchParams.from_data(data, strict=True)
    except InvalidSearch as error:
        return Status(400, {"detail": str(error)})
    language = params.lang or translation.get_language()
    with translation.override(language):
        result = service.search(params, request.user, request, log_source="api")
    return Status(
        200,
        {
            "count": result.count,
            "count_exact": result.count_exact,
            "page": params.page,
            "page_size": params.page_size,
            "num_pages": result.num_pages,
            "language": result.language,
            "language_fallback": result.fell_back_to_language,
            "results": [hit.__dict__ | {"snippet": str(hit.snippet)} for hit in result.results],
            "facets": {
                name: [v.__dict__ for v in values] for name, values in result.facets.items()
            },
        },
    )


@api.get(
    "/autocomplete/",
    response=Suggestions,
    summary="Forslag mens du skriver",
    description="Titler på sider og dokumenter som begynner med ordene i `q`.",
)
def autocomplete(request: HttpRequest, response: HttpResponse, q: str = "", lang: str = ""):
    _no_store(response)
    language = lang if lang in DOCUMENT_LANGUAGES else None
    return {"results": service.autocomplete(q, request.user, request, language=language)}
