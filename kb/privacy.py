"""Who may see what: one place for the rules on pages and documents.

Pages: a draft is never public; a page under a view restriction (such as the RAG section) is
visible only to those who pass it. Documents: a document in a collection with a view
restriction (such as the RAG collection) is visible only to those who pass it.

It also holds the site's one per-request cache (`read_once`): what several parts of a request
ask for — the restrictions, each user's hidden paths, the home page, the language links — is
read once while the request lasts (the `ReadRulesOncePerRequest` middleware), kept in a
ContextVar, never on the request object. Outside a request it is read each time.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import OuterRef, Q, Subquery
from wagtail.documents import get_permission_policy
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

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
    (the search service, the main menu, the documents a page links to), and whatever else is
    asked for through `read_once`."""

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


def read_once(key, read):
    """read() once per request (within `rules_read_once`), for data several parts of a request
    ask for that does not depend on the user (the network pages, say). `key` is any hashable
    that names the data (a string, or a tuple with what the data depends on)."""
    return _once(key, None, read)


def hidden_collection_paths(user) -> list[str]:
    """Tree paths of the collections whose documents `user` may not see."""

    def read():
        group_ids = _user_group_ids(user)
        return [
            r.collection.path for r in _collection_restrictions() if not _passes(r, user, group_ids)
        ]

    return _once("collections", user, read)


def hidden_collection_ids(user) -> set[int]:
    """Ids of the collections (with their sub-collections) whose documents `user` may not see."""

    def read():
        paths = hidden_collection_paths(user)
        if not paths:
            return set()
        return set(
            Collection.objects.filter(under_paths("path", paths)).values_list("pk", flat=True)
        )

    return _once("collection_ids", user, read)


def _collection_restrictions():
    """The collections' view restrictions, read once per request whoever asks."""
    return read_once(
        "collection_restrictions",
        lambda: list(
            CollectionViewRestriction.objects.select_related("collection").prefetch_related(
                "groups"
            )
        ),
    )


def hidden_page_paths(user) -> list[str]:
    """Tree paths of the pages (with their subtrees) that `user` may not see."""

    def read():
        group_ids = _user_group_ids(user)
        return [r.page_path for r in _page_restrictions() if not _passes(r, user, group_ids)]

    return _once("pages", user, read)


def _page_restrictions():
    """The pages' view restrictions with each page's path, read once per request whoever asks
    (the search's user, and the anonymous visitor the search log compares them with)."""

    def read():
        # The page's path by primary key, not by a join: with the few restrictions outermost
        # the query stays cheap however many pages there are (a join let SQLite scan them all).
        return list(
            PageViewRestriction.objects.annotate(
                page_path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
            ).prefetch_related("groups")
        )

    return read_once("page_restrictions", read)


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


# ------------------------------------------------------------------------------------ the admin
#
# The admin may show a user what the site shows them, and what they may edit anyway: a page
# chooser must offer an editor their own drafts, a network host their network's pages. Nothing
# else is named — not a RAG page, not a never-published draft, not the draft title of a live
# page someone else is rewriting, not a document in a collection they may not see.


def _page_permissions(user):
    """The user's page permissions, read once per request (Wagtail caches them on the user)."""
    return PagePermissionPolicy().get_cached_permissions_for_user(user)


def editable_page_condition(user) -> Q:
    """The condition «`user` may edit the page», as Wagtail decides it: the page lies under one
    where their group may change pages, or under one where it may add pages and they own it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for perm in _page_permissions(user):
        codename = perm.permission.codename
        if codename == "change_page":
            condition |= Q(path__startswith=perm.page.path)
        elif codename == "add_page":
            condition |= Q(path__startswith=perm.page.path, owner_id=user.pk)
    return condition


def can_edit_page(user, page) -> bool:
    """Whether `user` may edit `page` (no query: the permissions are cached per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for perm in _page_permissions(user):
        if not page.path.startswith(perm.page.path):
            continue
        codename = perm.permission.codename
        if codename == "change_page" or (codename == "add_page" and page.owner_id == user.pk):
            return True
    return False


def admin_page_condition(user) -> Q:
    """The condition «the admin may name the page to `user`»: the tree's root, a page the site
    shows them (live, under no restriction they fail), or a page they may edit."""
    if user is not None and user.is_active and user.is_superuser:
        return Q()
    on_site = Q(live=True) & ~under_paths("path", hidden_page_paths(user))
    return Q(depth=1) | on_site | editable_page_condition(user)


def can_see_page_in_admin(user, page) -> bool:
    if user is not None and user.is_active and user.is_superuser:
        return True
    if page.depth == 1 or can_edit_page(user, page):
        return True
    return can_view_page(user, page)


def admin_page_title(user, page) -> str:
    """The title the admin shows `user` for `page`: the draft title only to those who may edit
    the page; the live title to everyone else (the site shows them that one)."""
    if page.depth == 1 or can_edit_page(user, page):
        return page.get_admin_display_title()
    return page.title


def _managed_collections(user):
    """The collections where `user` may change documents (with their sub-collections)."""
    if user is None or not user.is_authenticated:
        return Collection.objects.none()
    return get_permission_policy().collections_user_has_permission_for(user, "change")


def admin_documents_visible_to(user, queryset=None):
    """The documents the admin may name to `user`: those the site shows them, and those in a
    collection where they may change documents (so an editor still finds what they manage)."""
    if queryset is None:
        queryset = AlorDocument.objects.all()
    paths = hidden_collection_paths(user)
    if not paths:
        return queryset
    hidden = Collection.objects.filter(under_paths("path", paths)).exclude(
        pk__in=_managed_collections(user).values("pk")
    )
    return queryset.exclude(collection_id__in=hidden.values("pk"))


def sees_more_than_public(user) -> bool:
    """Whether `user` may see a page or a document that a visitor who is not signed in may not
    (a RAG member, say): what they search for may speak of it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return set(hidden_page_paths(user)) != set(hidden_page_paths(None)) or set(
        hidden_collection_paths(user)
    ) != set(hidden_collection_paths(None))


def passes_every_restriction(user) -> bool:
    """Whether `user` passes every group and login restriction of pages and collections, so
    nothing that a signed-in user may see is hidden from them. (A password is passed only on
    the page's own form, by whoever has it, so it is left out.)"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    group_ids = _user_group_ids(user)
    restrictions = _page_restrictions() + _collection_restrictions()
    return all(
        _passes(r, user, group_ids)
        for r in restrictions
        if r.restriction_type != BaseViewRestriction.PASSWORD
    )
