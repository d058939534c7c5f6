"""Who may see what: one place for the rules on pages and documents.

Pages: a draft is never public; a page under a view restriction (such as the RAG section) is
visible only to those who pass it. Documents: a document in a collection with a view
restriction (such as the RAG collection) is visible only to those who pass it.

The rules are asked of a `Visibility`, one user's view of the site. A request carries its own,
`request.visibility` (the `RequestVisibility` middleware), made on first use as `request.user`
is, and it reads the restrictions once for the whole request, whoever asks: the listings, the
menus, the search, the documents. Outside a request (a command, a task, an e-mail to a member)
code makes `Visibility(user)` itself.

The middleware also keeps the site's per-request cache (`read_once`) for what several parts of
a request ask for besides the rules (the home page, the language links, the network pages). It
lives in a ContextVar, so code without the request (the search) reaches it; outside a request
it reads each time.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property

from django.db.models import OuterRef, Q, Subquery
from django.utils.functional import SimpleLazyObject
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
    authenticated = _signed_in(user)
    if kind == BaseViewRestriction.LOGIN:
        return authenticated
    if kind == BaseViewRestriction.GROUPS:
        return authenticated and any(g.pk in group_ids for g in restriction.groups.all())
    return False  # password restrictions are never passed outside the page's own form


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _user_key(user):
    """Who a visibility is for: the user's id, None for a visitor not signed in."""
    return user.pk if user is not None and user.is_authenticated else None


class _Restrictions:
    """The view restrictions of the pages and of the collections, each read once, shared by
    the visibilities made from one another (`Visibility.for_user`)."""

    def __init__(self):
        self.visibilities = {}  # user key -> the Visibility sharing these restrictions

    @cached_property
    def pages(self) -> list:
        # The page's path by primary key, not by a join: with the few restrictions outermost
        # the query stays cheap however many pages there are (a join let SQLite scan them all).
        return list(
            PageViewRestriction.objects.annotate(
                page_path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
            ).prefetch_related("groups")
        )

    @cached_property
    def collections(self) -> list:
        return list(
            CollectionViewRestriction.objects.select_related("collection").prefetch_related(
                "groups"
            )
        )


class Visibility:
    """What one user may see of the site (`user` None or anonymous: a visitor not signed in).

    Each part is read on first use and kept while the object lives: one per request
    (`request.visibility`) or per task, never kept longer (a restriction added later would go
    unseen).
    """

    def __init__(self, user=None, *, restrictions: _Restrictions | None = None):
        self.user = user
        self._restrictions = restrictions if restrictions is not None else _Restrictions()
        # Set by the document view's privacy hook when the file it serves lies behind a view
        # restriction: the response must then not be kept by a shared cache.
        self.served_restricted_document = False

    def for_user(self, user) -> "Visibility":
        """What `user` may see, sharing this visibility's read of the restrictions (the
        anonymous visitor the search log compares a member with, a calendar's token user)."""
        key = _user_key(user)
        if key == _user_key(self.user):
            return self
        shared = self._restrictions.visibilities
        if key not in shared:
            shared[key] = Visibility(user, restrictions=self._restrictions)
        return shared[key]

    def public(self) -> "Visibility":
        """What a visitor who is not signed in may see."""
        return self.for_user(None)

    @cached_property
    def _group_ids(self) -> set[int]:
        if not _signed_in(self.user):
            return set()
        return set(self.user.groups.values_list("pk", flat=True))

    @cached_property
    def hidden_page_paths(self) -> list[str]:
        """Tree paths of the pages (with their subtrees) that the user may not see."""
        return [
            r.page_path
            for r in self._restrictions.pages
            if not _passes(r, self.user, self._group_ids)
        ]

    @cached_property
    def hidden_collection_paths(self) -> list[str]:
        """Tree paths of the collections whose documents the user may not see."""
        return [
            r.collection.path
            for r in self._restrictions.collections
            if not _passes(r, self.user, self._group_ids)
        ]

    @cached_property
    def hidden_collection_ids(self) -> set[int]:
        """Ids of the collections (with their sub-collections) whose documents the user may
        not see."""
        paths = self.hidden_collection_paths
        if not paths:
            return set()
        return set(
            Collection.objects.filter(under_paths("path", paths)).values_list("pk", flat=True)
        )

    def pages(self, queryset):
        """The live pages of `queryset` the user may see: no drafts, nothing under a
        restriction they fail."""
        return exclude_paths(queryset.live(), "path", self.hidden_page_paths)

    def translation(self, page, locale_id):
        """The translation of `page` in a locale that the user may see, live and not an alias
        (an alias is the source page standing in, in its own language), or None."""
        return (
            self.pages(
                Page.objects.filter(translation_key=page.translation_key, locale_id=locale_id)
            )
            .filter(alias_of__isnull=True)
            .first()
        )

    def documents(self, queryset=None):
        """The documents of `queryset` (all by default) the user may see: none from a
        collection whose restriction they fail."""
        if queryset is None:
            queryset = AlorDocument.objects.all()
        paths = self.hidden_collection_paths
        if not paths:
            return queryset
        # The hidden collections as a sub-query the database runs once per statement, not a
        # join with the collections for every document checked.
        hidden = Collection.objects.filter(under_paths("path", paths)).values("pk")
        return queryset.exclude(collection_id__in=hidden)

    def can_view_page(self, page) -> bool:
        if not page.live:
            return False
        return not any(page.path.startswith(p) for p in self.hidden_page_paths)

    def can_view_document(self, document) -> bool:
        return not any(document.collection.path.startswith(p) for p in self.hidden_collection_paths)

    def page_restrictions_of(self, page) -> list:
        """The view restrictions on the page and the pages above it (as
        Page.get_view_restrictions, from the one read)."""
        return [r for r in self._restrictions.pages if page.path.startswith(r.page_path)]

    def collection_restrictions_of(self, document) -> list:
        """The view restrictions on the document's collection and the collections above it
        (as Collection.get_view_restrictions, from the one read)."""
        path = document.collection.path
        return [r for r in self._restrictions.collections if path.startswith(r.collection.path)]

    @cached_property
    def sees_more_than_public(self) -> bool:
        """Whether the user may see a page or a document that a visitor who is not signed in
        may not (a RAG member, say): what they search for may speak of it."""
        if not _signed_in(self.user):
            return False
        public = self.public()
        return set(self.hidden_page_paths) != set(public.hidden_page_paths) or set(
            self.hidden_collection_paths
        ) != set(public.hidden_collection_paths)

    def passes_every_restriction(self) -> bool:
        """Whether the user passes every group and login restriction of pages and collections,
        so nothing that a signed-in user may see is hidden from them. (A password is passed
        only on the page's own form, by whoever has it, so it is left out.)"""
        if not _signed_in(self.user):
            return False
        if self.user.is_superuser:
            return True
        restrictions = self._restrictions.pages + self._restrictions.collections
        return all(
            _passes(r, self.user, self._group_ids)
            for r in restrictions
            if r.restriction_type != BaseViewRestriction.PASSWORD
        )


def visibility_of(request) -> Visibility:
    """The request's `request.visibility`; for a request the middleware has not seen (an error
    page answered before it ran, a test's bare request), a new one for the request's user, kept
    on the request from then on. No request: what a visitor not signed in may see."""
    visibility = getattr(request, "visibility", None)
    if visibility is None:
        visibility = Visibility(getattr(request, "user", None))
        if request is not None:
            request.visibility = visibility
    return visibility


_read_once: ContextVar[dict | None] = ContextVar("alor_read_once", default=None)


@contextmanager
def reads_once():
    """Within the block (a request, one search), `read_once` reads each key only once.

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


def read_once(key, read):
    """read() once per request (within `reads_once`), for data several parts of a request ask
    for that is the same whoever asks (the network pages, say). `key` is any hashable that
    names the data (a string, or a tuple with what the data depends on)."""
    memo = _read_once.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


class RequestVisibility:
    """Middleware, after Django's authentication: `request.visibility` is the user's
    Visibility, made on first use (a request that never asks reads nothing), and `read_once`
    reads each key once while the request lasts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.visibility = SimpleLazyObject(lambda: Visibility(request.user))
        with reads_once():
            return self.get_response(request)


def under_paths(field: str, paths: list[str]) -> Q:
    """The condition «`field` lies under one of the tree `paths`» (false for no paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def exclude_paths(queryset, field: str, paths: list[str]):
    """`queryset` without the rows whose tree path `field` lies under one of `paths`."""
    return queryset.exclude(under_paths(field, paths)) if paths else queryset


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
    if not _signed_in(user):
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
    if not _signed_in(user):
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


def _is_superuser(user) -> bool:
    return user is not None and user.is_active and user.is_superuser


def admin_page_condition(visibility: Visibility) -> Q:
    """The condition «the admin may name the page to the user»: the tree's root, a page the
    site shows them (live, under no restriction they fail), or a page they may edit."""
    user = visibility.user
    if _is_superuser(user):
        return Q()
    on_site = Q(live=True) & ~under_paths("path", visibility.hidden_page_paths)
    return Q(depth=1) | on_site | editable_page_condition(user)


def can_see_page_in_admin(visibility: Visibility, page) -> bool:
    user = visibility.user
    if _is_superuser(user):
        return True
    if page.depth == 1 or can_edit_page(user, page):
        return True
    return visibility.can_view_page(page)


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


def admin_documents_visible_to(visibility: Visibility, queryset=None):
    """The documents the admin may name to the user: those the site shows them, and those in a
    collection where they may change documents (so an editor still finds what they manage)."""
    if queryset is None:
        queryset = AlorDocument.objects.all()
    paths = visibility.hidden_collection_paths
    if not paths:
        return queryset
    hidden = Collection.objects.filter(under_paths("path", paths)).exclude(
        pk__in=_managed_collections(visibility.user).values("pk")
    )
    return queryset.exclude(collection_id__in=hidden.values("pk"))
