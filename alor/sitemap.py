"""The sitemap: every page anyone may read, in each language, with its translations.

What anyone may read is what an anonymous visitor may read: live pages outside every view
restriction (`PageQuerySet.live().public()`): never a draft, never the RAG section or another
private page. The answer is the same whoever asks — a signed-in RAG member gets the public
sitemap too — so a cache may keep it and serve it to anyone.

The site's root page (bokmål) and its translations (the English home page under /en/) each
root one tree; the sitemap lists both trees. A page and its translations list one another as
`hreflang` alternates, each language's URL once, and the bokmål one as `x-default`; a page
with no translation names none. An alias (a page that repeats another's
content at a second address) is left out: its original is listed.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class AlorSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q(pk__in=[])
        for root in roots.only("path"):
            in_a_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_tree, alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        pages = list(self.paginator.page(page).object_list)
        entries = []
        by_key = defaultdict(list)  # translation key → the alternates of its pages
        for item in pages:
            urls = item.get_sitemap_urls(self.request)
            if not urls:
                continue
            language = languages.get(item.locale_id)
            by_key[item.translation_key].append(
                {"location": urls[0]["location"], "lang_code": language}
            )
            entries.append((item.translation_key, urls))
        result, last_mods = [], set()
        for key, urls in entries:
            alternates = by_key[key] if len(by_key[key]) > 1 else []
            default = [a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE]
            if default:  # x-default: the bokmål page, for a language the site lacks
                alternates = [*alternates, {**default[0], "lang_code": "x-default"}]
            urls[0] = {**urls[0], "alternates": alternates}
            for url_info in urls:
                result.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return result
