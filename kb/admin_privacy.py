"""The admin names to a user only what the site would show them, or what they may edit.

Wagtail's admin lists pages and documents by its own permission checks, which answer «may this
user act on it» but not «may this user know it exists»: its page chooser lists every page of the
tree, its bulk-action pages print the title of any id in the address, and the page types report
names the last-edited page of each type. The rule of what may be named is kb.privacy's
`admin_page_condition` / `admin_documents_visible_to`; this module applies it where Wagtail's
own views do not (their hooks are wired in kb/wagtail_hooks.py, the overriding views in
`urlpatterns` below, included ahead of Wagtail's admin in alor/urls.py). What we would ask
Wagtail to change is in docs/upstream-wagtail.md.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path, reverse
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action.dispatcher import index as bulk_action_index
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.snippets.permissions import user_can_edit_snippet_type
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)

from kb.privacy import (
    admin_page_condition,
    admin_page_title,
    can_see_page_in_admin,
    visibility_of,
)


def chooser_pages(pages, request):
    """The page chooser's pages (browse and search): only those the admin may name."""
    return pages.filter(admin_page_condition(visibility_of(request)))


class BrowseView(chooser.BrowseView):
    """Wagtail's page chooser, which shows the page it browses in as well as its children.

    The children are filtered by the `construct_page_chooser_queryset` hook; the page browsed
    in is named here. An address with a page the user may not know is a 404; a chooser for a
    page type whose pages all lie in a hidden section opens at the root instead.
    """

    def get_object_list(self):
        if not can_see_page_in_admin(visibility_of(self.request), self.parent_page):
            if self.kwargs.get("parent_page_id"):
                raise Http404
            self.parent_page = Page.get_first_root_node().specific
        return super().get_object_list()


class ChosenMultipleView(chooser.ChosenMultipleView):
    """Wagtail answers any list of ids with the pages' titles and addresses: only those the
    admin may name to the user, with the title they may see."""

    def get(self, request):
        pks = [pk for pk in request.GET.getlist("id") if pk.isascii() and pk.isdigit()]
        user = request.user
        condition = admin_page_condition(visibility_of(request))
        pages = Page.objects.filter(condition, pk__in=pks).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": admin_page_title(user, page),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


class PageTypesUsageView(PageTypesUsageReportView):
    """Wagtail's «page types usage» report, counting and naming only the pages the admin may
    name to the user: the count per type and its last-edited page among those."""

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        if not Page.objects.filter(depth__gt=1, content_type=_page_content_type()).exists():
            queryset = queryset.exclude(pk=_page_content_type().pk)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        pages = Page.objects.filter(admin_page_condition(visibility_of(self.request)))
        if language_code:
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        of_type = pages.filter(content_type=OuterRef("pk"))
        counted = of_type.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        last_edited = of_type.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        ).values("pk")[:1]
        return queryset.annotate(
            count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
            last_edited_page_id=Subquery(last_edited),
        ).order_by("-count", "app_label", "model")

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        for item in page_types:
            if item.last_edited_page is not None:
                # The draft title only to those who may edit the page.
                item.last_edited_page.draft_title = admin_page_title(user, item.last_edited_page)
        return page_types


def _page_content_type():
    return ContentType.objects.get_for_model(Page)


def bulk_move_pages(request):
    """Wagtail's bulk move, with a destination the admin may not name to the user dropped.

    Wagtail's confirmation names the posted destination («cannot be moved to …») and its
    chooser shows the destination's title, for any page id: a posted id of a page the user
    may not see is treated as no destination chosen (the form asks for one again).
    """
    destination = request.POST.get("chooser") if request.method == "POST" else None
    if destination:
        number = destination.isascii() and destination.isdigit() and len(destination) <= 18
        page = Page.objects.filter(pk=int(destination)).first() if number else None
        if page is None or not can_see_page_in_admin(visibility_of(request), page):
            request.POST = request.POST.copy()
            del request.POST["chooser"]
    return bulk_action_index(request, "wagtailcore", "page", "move")


# Included ahead of Wagtail's admin URLs (same paths, so Wagtail's URL names reverse to them).
class SubmitOwnPageTranslationView(SubmitPageTranslationView):
    """wagtail-localize's «Translate this page», which asks only for its one global right and
    would let RAG (who hold it for their section) copy any page of the site into English: the
    page must be one the user may edit."""

    def get_object(self):
        page = super().get_object()
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return page


class SubmitOwnSnippetTranslationView(SubmitSnippetTranslationView):
    """The same for a snippet: only a user who may edit snippets of its type translates it."""

    def get_object(self):
        snippet = super().get_object()
        if not user_can_edit_snippet_type(self.request.user, type(snippet)):
            raise PermissionDenied
        return snippet


urlpatterns = [
    path(
        "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        require_admin_access(SubmitOwnSnippetTranslationView.as_view()),
    ),
    path(
        "localize/submit/page/<int:page_id>/",
        require_admin_access(SubmitOwnPageTranslationView.as_view()),
    ),
    path("choose-page/", require_admin_access(BrowseView.as_view())),
    path("choose-page/<int:parent_page_id>/", require_admin_access(BrowseView.as_view())),
    path("choose-page/chosen-multiple/", require_admin_access(ChosenMultipleView.as_view())),
    path("reports/page-types-usage/", require_admin_access(PageTypesUsageView.as_view())),
    path("bulk/wagtailcore/page/move/", require_admin_access(bulk_move_pages)),
    path(
        "reports/page-types-usage/results/",
        require_admin_access(PageTypesUsageView.as_view(results_only=True)),
    ),
]
