"""Who may see what: one place for the rules on pages and documents.

Pages: a draft is never public; a page under a view restriction (such as the RAG section) is
visible only to those who pass it. Documents: a document in a collection with a view
restriction (such as the RAG collection) is visible only to those who pass it.
"""

from django.db.models import Q
from wagtail.models import BaseViewRestriction, CollectionViewRestriction, PageViewRestriction

from kb.models import AlorDocument


def _passes(restriction, user, group_ids) -> bool:
    """Whether `user` passes a view restriction without a session (no passwords here)."""
    if user is not None and user.is_active and user.is_superuser:
        return True
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.NONE:
        return True
    authenticated = user is not None and user.is_authenticated and user.is_active
    if kind == BaseViewRestriction.LOGIN:
        return authenticated
    if kind == BaseViewRestriction.GROUPS:
        return authenticated and any(g.pk in group_ids for g in restriction.groups.all())
    return False  # password restrictions are never passed outside the page's own form


def _user_group_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(user.groups.values_list("pk", flat=True))


def hidden_collection_paths(user) -> list[str]:
    """Tree paths of the collections whose documents `user` may not see."""
    group_ids = _user_group_ids(user)
    restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related(
        "groups"
    )
    return [r.collection.path for r in restrictions if not _passes(r, user, group_ids)]


def hidden_page_paths(user) -> list[str]:
    """Tree paths of the pages (with their subtrees) that `user` may not see."""
    group_ids = _user_group_ids(user)
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return [r.page.path for r in restrictions if not _passes(r, user, group_ids)]


def under_paths(field: str, paths: list[str]) -> Q:
    """The condition «`field` lies under one of the tree `paths`» (false for no paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def exclude_paths(queryset, field: str, paths: list[str]):
    """`queryset` without the rows whose tree path `field` lies under one of `paths`."""
    return queryset.exclude(under_paths(field, paths)) if paths else queryset


def documents_visible_to(user, queryset=None):
    """The documents `user` may see: none from a collection whose restriction they fail."""
    if queryset is None:
        queryset = AlorDocument.objects.all()
    return exclude_paths(queryset, "collection__path", hidden_collection_paths(user))


def pages_visible_to(user, queryset):
    """Live pages that `user` may see: no drafts, nothing under a restriction they fail."""
    return exclude_paths(queryset.live(), "path", hidden_page_paths(user))


def can_view_document(user, document) -> bool:
    paths = hidden_collection_paths(user)
    return not any(document.collection.path.startswith(p) for p in paths)


def can_view_page(user, page) -> bool:
    if not page.live:
        return False
    return not any(page.path.startswith(p) for p in hidden_page_paths(user))
