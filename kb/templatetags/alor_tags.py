"""Template tags of the public site: navigation, breadcrumbs, language switcher, documents.

Every tag runs a fixed number of queries per request, however many pages or documents the
page shows. Who may see what is the request's `request.visibility` (kb.privacy), which reads
the rules once a request; the site's home page in the active language and the language links,
which several tags need, are read once a request too (kb.privacy.read_once).
"""

import datetime

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Page, Site

from alor.formats import date_range
from kb.enums import OPEN_ACTION_STATUSES, ActionStatus
from kb.privacy import read_once, visibility_of

register = template.Library()


def _request(context):
    return context.get("request")


def _visibility(context):
    return visibility_of(_request(context))


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _visible_pages(request, queryset):
    """Live pages of `queryset` the visitor may see."""
    return visibility_of(request).pages(queryset)


def _language_home_url(language_code: str) -> str:
    """The URL of the home page in a language: «/» for bokmål, «/en/» for English."""
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


@register.simple_tag(takes_context=True)
def home_page(context):
    """The site's home page in the active language (the default one when not translated)."""
    request = _request(context)
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    language = translation.get_language()
    return read_once(("home_page", site.pk, language), lambda: _home_page(site, language))


def _home_page(site, language):
    root = site.root_page
    if root.locale_id is not None:
        localized = (
            Page.objects.filter(
                translation_key=root.translation_key,
                locale__language_code=language,
                depth=root.depth,
            )
            .live()
            .first()
        )
        if localized is not None:
            return localized
    return root


def _in_language(request, pages, language):
    """{translation key: page} of the live pages in `language` translating `pages`, that the
    visitor may see; aliases (a bokmål page standing in under /en/) are not translations."""
    keys = [p.translation_key for p in pages if p.translation_key is not None]
    if not keys:
        return {}
    queryset = _visible_pages(
        request,
        Page.objects.filter(
            translation_key__in=keys, locale__language_code=language, alias_of__isnull=True
        ),
    )
    return {p.translation_key: p for p in queryset}


def _content_language(page):
    """The language a page's text is in: an alias shows its original's (select_related)."""
    original = page.alias_of if page.alias_of_id else page
    return original.locale.language_code


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language of the current page's text when it is not the active language: an alias
    wagtail-localize made under /en/ for a bokmål page not yet translated shows bokmål
    (the page's `lang`); None otherwise."""
    page = _current_page(context)
    if page is None or page.alias_of_id is None:
        return None
    language = (
        Page.objects.filter(pk=page.alias_of_id)
        .values_list("locale__language_code", flat=True)
        .first()
    )
    return language if language != translation.get_language() else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's live, in-menu sections that the visitor may see, in the active language.

    The sections are the site root's children; each is shown by its translation in the active
    language where one exists, else as it is, marked with its own language (`lang`) so it is
    not taken for a page in the active one. Returns a list of dicts with `page`, `url`,
    `active` (the current page is it or below it) and `lang` (None, or the section's language
    when it differs). Two to five queries, whatever the number of sections.
    """
    request = _request(context)
    home = home_page(context)
    if home is None:
        return []
    root = Site.find_for_request(request).root_page
    sections = list(
        _visible_pages(request, root.get_children().in_menu())
        .select_related("locale")
        .order_by("path")
    )
    language = translation.get_language()
    translated = {}
    if any(section.locale.language_code != language for section in sections):
        translated = _in_language(request, sections, language)
    current = _current_page(context)
    items = []
    for section in sections:
        page = translated.get(section.translation_key, section)
        own = page.locale.language_code if page is section else language
        items.append(
            {
                "page": page,
                "url": page.get_url(request),
                "active": bool(current and current.path.startswith(page.path)),
                "lang": own if own != language else None,
            }
        )
    return items


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The current page's ancestors below the home page, nearest last (one query).

    An ancestor that is an alias of a page in another language (wagtail-localize's stand-in
    for a section not yet translated) leads to that page, marked with its language.
    """
    page = _current_page(context)
    if page is None:
        return []
    home = home_page(context)
    home_depth = home.depth if home is not None else 2
    if page.depth <= home_depth:
        return []
    request = _request(context)
    language = translation.get_language()
    ancestors = (
        page.get_ancestors()
        .filter(depth__gt=home_depth)
        .live()
        .select_related("locale", "alias_of__locale")
    )
    crumbs = []
    for ancestor in ancestors:
        target = ancestor.alias_of if ancestor.alias_of_id else ancestor
        own = _content_language(ancestor)
        crumbs.append(
            {
                "page": target,
                "url": target.get_url(request),
                "lang": own if own != language else None,
            }
        )
    return crumbs


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language: its name, code, target URL and whether it is active.

    On a page: the page's live translation that the visitor may see (an alias is none), or
    else the translation of its nearest ancestor that has one (`nearest`), or that
    language's home page. Elsewhere (search, error pages) the entries carry `next`, the bokmål
    form of the current URL, for Django's set_language view, which translates it to the chosen
    language.
    Computed once a request (the head's alternate links and the switcher share it).
    """
    request = _request(context)
    page = _current_page(context)
    key = ("language_links", page.pk if page is not None else None, translation.get_language())
    return read_once(key, lambda: _language_links(request, page))


def _language_links(request, page):
    current_language = translation.get_language()
    translations = {}
    if page is not None and page.translation_key is not None:
        queryset = _visible_pages(
            request,
            Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
            .exclude(pk=page.pk)
            .select_related("locale"),
        )
        translations = {p.locale.language_code: p for p in queryset}
    next_url = ""
    if request is not None:
        next_url = translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
    links = []
    for code, _name in settings.LANGUAGES:
        translated = translations.get(code)
        nearest = None
        if code == current_language and page is not None:
            url = page.get_url(request)
        elif translated is not None:
            url = translated.get_url(request)
        else:
            nearest = _nearest_translated_ancestor(request, page, code) if page else None
            url = nearest.get_url(request) if nearest is not None else _language_home_url(code)
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request is not None else url,
                "active": code == current_language,
                "is_default": code == settings.LANGUAGE_CODE,
                "is_translation": translated is not None,
                # The page has no translation in this language: the nearest ancestor that has
                # one, in that language (None: the language's home page).
                "nearest": nearest,
                "next": next_url,
            }
        )
    return links


def _nearest_translated_ancestor(request, page, language):
    """The translation into `language` of the nearest ancestor of `page` that has a live one
    the visitor may see (one query), or None. A translation lies as deep in its tree as its
    original in the other."""
    ancestors = page.get_ancestors().filter(depth__gt=1).values("translation_key")
    return (
        _visible_pages(
            request,
            Page.objects.filter(
                translation_key__in=ancestors,
                locale__language_code=language,
                alias_of__isnull=True,
            ),
        )
        .order_by("-depth")
        .first()
    )


@register.filter
def headings(stream_value):
    """The heading blocks of a body, for a table of contents: text, anchor and level."""
    items = []
    for block in stream_value or []:
        if getattr(block, "block_type", None) == "heading":
            text = block.value.get("text") or ""
            items.append({"text": text, "anchor": slugify(text), "level": block.value.get("level")})
    return items


@register.simple_tag(takes_context=True)
def visible_document(context, document):
    """The document if the visitor may see it, else None (e.g. a file in the RAG collection).

    Usage: ``{% visible_document value.document as document %}{% if document %}…``
    """
    if document is None:
        return None
    if document.collection_id in _visibility(context).hidden_collection_ids:
        return None
    return document


@register.simple_tag(takes_context=True)
def gathering_documents(context, gathering):
    """The documents attached to a gathering that the visitor may see, by kind and title.

    Usage: ``{% gathering_documents page as presentations %}``
    """
    return _visibility(context).documents().filter(gathering=gathering).order_by("kind", "title")


@register.filter
def file_extension(document):
    """The file type of a document in capitals: PDF, PPTX …"""
    try:
        return (document.file_extension or "").upper()
    except (AttributeError, ValueError):
        return ""


@register.filter
def action_status_label(status):
    return ActionStatus(status).label if status in ActionStatus.values else status


@register.filter
def is_overdue(action):
    """Whether a follow-up action is past its due date and still open."""
    due = action.get("due_date") if hasattr(action, "get") else None
    if not isinstance(due, datetime.date):
        return False
    status = action.get("status") or ActionStatus.OPEN
    return status in OPEN_ACTION_STATUSES and due < timezone.localdate()


@register.filter
def same_day(start, end):
    """Whether a gathering's end date is missing or equals its start date."""
    return end is None or end == start


@register.filter
def daterange(start, end=None):
    """Two days as the active language writes a range: «10.–11. juni 2026», «10–11 June 2026».

    `{{ page.start_date|daterange:page.end_date }}`; one day alone when the end is missing
    or the same day.
    """
    return date_range(start, end)


@register.filter
def model_name(obj):
    """The model name of a page (``articlepage``), for a body class."""
    meta = getattr(obj, "_meta", None)
    return meta.model_name if meta is not None else ""
