"""Editors' promoted results (Wagtail's search promotions), as far as the user may see them."""

from __future__ import annotations

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string


def promoted_pages(params, visibility, language):
    """Editors' promoted pages for this query (only without filters) that `visibility`'s user
    may see."""
    if params.type or params.network or params.year or params.topic:
        return []
    ids = list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(params.q), page__isnull=False
        )
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    if not ids:
        return []
    pages = visibility.pages(Page.objects.filter(pk__in=ids, locale__language_code=language))
    by_pk = {page.pk: page for page in pages.specific()}
    return [by_pk[pk] for pk in ids if pk in by_pk]
