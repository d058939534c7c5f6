"""The result types: the one list of what the search finds and how each kind is described.

A result type has a key (the `type` parameter and facet value), a label, a filter code (its
key in the full-text index, see `search.facets.index_tokens`) and the page models it covers,
each with the fields that give the page its own date. A new result type is one entry in
`RESULT_TYPES` (and its test); the service, the engines, the facets and the index keys all
read from here.

«page» covers every page model no other type claims (index pages, the home page); «document»
is the document model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from kb.models import (
    ActivityPlanPage,
    AgreementPage,
    AlorDocument,
    ArticlePage,
    GatheringPage,
    MandatePage,
    MinutesPage,
    NetworkPage,
)

PAGE, DOCUMENT = "page", "document"


@dataclass(frozen=True)
class PageModel:
    """A page model of a result type, and which of its fields give a page its own date.

    A page's date is the first of `date_fields` that is set, its year that date's year (or the
    `year_field`'s, for a plan that has only a year). `network`: the field naming the network
    a page belongs to besides its place in the tree (a gathering's host network). `topics`:
    whether the model has the `topics` relation the topic facet counts.
    """

    model: type[Page]
    date_fields: tuple[str, ...] = ()
    year_field: str | None = None
    network: str | None = None
    topics: bool = False


@dataclass(frozen=True)
class ResultType:
    key: str
    label: Promise
    code: int  # its filter key in the full-text index; never reuse a code
    pages: tuple[PageModel, ...] = field(default=())


RESULT_TYPES: tuple[ResultType, ...] = (
    ResultType("article", _("Artikkel"), 1, (PageModel(ArticlePage, ("date",), topics=True),)),
    ResultType(
        "gathering",
        _("Samling"),
        2,
        (PageModel(GatheringPage, ("start_date",), network="host_network", topics=True),),
    ),
    ResultType("network", _("Nettverk"), 3, (PageModel(NetworkPage),)),
    ResultType(
        "governance",
        _("Styringsdokument"),
        4,
        (
            PageModel(MandatePage, ("effective_from", "approved_on")),
            PageModel(AgreementPage, ("effective_from", "approved_on")),
            PageModel(MinutesPage, ("meeting_date",)),
            PageModel(ActivityPlanPage, (), "year"),
        ),
    ),
    ResultType(PAGE, _("Side"), 5),
    ResultType(DOCUMENT, _("Dokument"), 6),
)

BY_KEY = {result_type.key: result_type for result_type in RESULT_TYPES}
TYPES = list(BY_KEY)  # the valid values of the `type` parameter
PAGE_MODELS = tuple(page for result_type in RESULT_TYPES for page in result_type.pages)
# The result type of each page model with a type of its own; other pages are «page».
MODEL_TYPES = {
    page.model: result_type.key for result_type in RESULT_TYPES for page in result_type.pages
}
TOPIC_MODELS: tuple[type[Page] | type[AlorDocument], ...] = (
    *(page.model for page in PAGE_MODELS if page.topics),
    AlorDocument,
)


def label(key: str) -> str:
    return str(BY_KEY[key].label)


def type_of(obj) -> str:
    """The result type key of a page or a document."""
    if isinstance(obj, AlorDocument):
        return DOCUMENT
    return MODEL_TYPES.get(type(obj), PAGE)


def content_types() -> dict[int, str]:
    """{content type id: result type key} of the page models with a type of their own."""
    cts = ContentType.objects.get_for_models(*MODEL_TYPES)
    return {cts[model].pk: key for model, key in MODEL_TYPES.items()}


def topic_links():
    """(is a document, the topics relation's through model, its field naming the item) of every
    model the topic facet counts."""
    return [
        (model is AlorDocument, model.topics.through, model._meta.model_name)
        for model in TOPIC_MODELS
    ]
