"""A page is served in its own language's address space, never as if it were in another.

Wagtail routes /en/… through the English tree when the site has an English home page, and
through the bokmål tree otherwise, so without the English home every bokmål page would be
served under /en/ with `lang="en"`. `PageLanguage` (middleware, after the language prefix is
read and `request.visibility` is set) sends such a request to where the text lives:

- the page found is in another locale than the address's language (a bokmål page routed
  under /en/): a temporary redirect (302) to the page at its own address;
- nothing is found under /en/… (the English tree has no page there): the bokmål page at the
  same path, if the visitor may see it, is looked up, and the visitor goes to its English
  translation if there is one, else to the bokmål page (302). What they may not see stays 404.

wagtail-localize's aliases (an English stand-in for a bokmål section not yet translated, the
way to the English pages below it) are served where they are, their text declared in its own
language (`content_language` in kb/templatetags/alor_tags.py sets the page's `lang`).
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, Site

from kb.privacy import visibility_of


def _visible(request, page) -> bool:
    return visibility_of(request).pages(Page.objects.filter(pk=page.pk)).exists()


class PageLanguage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        language = translation.get_language()
        if language == settings.LANGUAGE_CODE:
            return None  # the site's own tree, in bokmål: Wagtail routes only bokmål pages
        try:
            active = Locale.objects.get_for_language(language)
        except (Locale.DoesNotExist, LookupError):
            return None
        route = Page.route_for_request(request, path)
        if route is not None:
            page, args, _kwargs = route
            if args or page.locale_id == active.pk or not _visible(request, page):
                return None
            return HttpResponseRedirect(page.get_url(request))
        return self._from_the_default_tree(request, path, active)

    def _from_the_default_tree(self, request, path, active):
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [part for part in path.split("/") if part]
        try:
            page = site.root_page.specific.route(request, components).page
        except Http404:
            return None
        if page.alias_of_id is not None or not _visible(request, page):
            return None
        target = visibility_of(request).translation(page, active.pk) or page
        return HttpResponseRedirect(target.get_url(request))
