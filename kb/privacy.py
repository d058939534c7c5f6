"""Who may see what: one place for the rules on pages and documents.

Pages: a draft is never public; a page under a view restriction (such as the RAG section) is
visible only to those who pass it. Documents: a document in a collection with a view
restriction (such as the RAG collection) is visible only to those who pass it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import OuterRef, Q, Subquery
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

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


_read_once: ContextVar[dict | None] = ContextVar("alor_privacy_read_once", default=None)


@contextmanager
def rules_read_once():
    """Within the block (one search, say), each user's hidden paths are read only once.

    Inside an outer block (the request's), the outer one's reads are shared.
    """
    if _read_once.get() is not None:
        yield
        return
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


class ReadRulesOncePerRequest:
    """Middleware: a request reads each user's hidden paths once, wherever it asks for them
    (the search service, the main menu, the documents a page links to)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with rules_read_once():
            return self.get_response(request)


def _once(kind, user, read):
    memo = _read_once.get()
    if memo is None:
        return read()
    key = (kind, user.pk if user is not None and user.is_authenticated else None)
    if key not in memo:
        memo[key] = read()
    return memo[key]


def read_once(kind, read):
    """read() once per request (within `rules_read_once`), for data every part of a request
    asks for that does not depend on the user (the network pages, say)."""
    return _once(kind, None, read)


def hidden_collection_paths(user) -> list[str]:
    """Tree paths of the collections whose documents `user` may not see."""

    def read():
        group_ids = _user_group_ids(user)
        restrictions = CollectionViewRestriction.objects.select_related(
            "collection"
        ).prefetch_related("groups")
        return [r.collection.path for r in restrictions if not _passes(r, user, group_ids)]

    return _once("collections", user, read)


def hidden_page_paths(user) -> list[str]:
    """Tree paths of the pages (with their subtrees) that `user` may not see."""

    def read():
        group_ids = _user_group_ids(user)
        # The page's path by primary key, not by a join: with the few restrictions outermost
        # the query stays cheap however many pages there are (a join let SQLite scan them all).
        restrictions = PageViewRestriction.objects.annotate(
            page_path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
        ).prefetch_related("groups")
        return [r.page_path for r in restrictions if not _passes(r, user, group_ids)]

    return _once("pages", user, read)


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
    paths = hidden_collection_paths(user)
    if not paths:
        return queryset
    # The hidden collections as a sub-query the database runs once per statement, not a join
    # with the collections for every document checked.
    hidden = Collection.objects.filter(under_paths("path", paths)).values("pk")
    return queryset.exclude(collection_id__in=hidden)


def pages_visible_to(user, queryset):
    """Live pages that `user` may see: no drafts, nothing under a restriction they fail."""
    return exclude_paths(queryset.live(), "path", hidden_page_paths(user))


def turned_away_by_sign_in(restrictions, request) -> bool:
    """Whether a login or group restriction among `restrictions` turns `request` away.

    Such a page or document is served as «not found», exactly as a URL that leads nowhere, so
    its address does not tell that it exists; the not-found page offers to log in. Password
    restrictions keep their own form: the password is the only way in.
    """
    sign_in = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)
    return any(
        r.restriction_type in sign_in and not r.accept_request(request) for r in restrictions
    )


def can_view_document(user, document) -> bool:
    paths = hidden_collection_paths(user)
    return not any(document.collection.path.startswith(p) for p in paths)


def can_view_page(user, page) -> bool:
    if not page.live:
        return False
    return not any(page.path.startswith(p) for p in hidden_page_paths(user))
