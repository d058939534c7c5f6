from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kb import admin_privacy
from kb.documents import admin_views as documents_admin
from kb.documents import hooks as documents_hooks  # noqa: F401  (registers its hooks)
from kb.governance import hooks as governance_hooks  # noqa: F401  (registers its hooks)
from kb.models import Organisation, Person, Topic
from kb.privacy import turned_away_by_sign_in, visibility_of


@hooks.register("before_serve_page")
def hide_restricted_pages(page, request, serve_args, serve_kwargs):
    """A page behind a login or group restriction the visitor fails is «not found».

    Wagtail would redirect to the login page, and a URL that leads nowhere gives a 404: the
    difference told anyone which private pages exist (the RAG meetings by their dates). Both
    now give the same 404, whose page offers to log in and come back to the same address.
    """
    if turned_away_by_sign_in(visibility_of(request).page_restrictions_of(page), request):
        raise Http404


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    menu_order = 200


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    menu_order = 210


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "organisation"]
    menu_order = 220


register_snippet(TopicViewSet)
register_snippet(OrganisationViewSet)
register_snippet(PersonViewSet)


# The admin names only what the site shows the user or what they may edit (kb/admin_privacy.py).
@hooks.register("construct_page_chooser_queryset")
def chooser_pages(pages, request):
    return admin_privacy.chooser_pages(pages, request)


@hooks.register("construct_explorer_page_queryset")
def explorer_pages(parent_page, pages, request):
    return admin_privacy.chooser_pages(pages, request)


@hooks.register("construct_document_chooser_queryset")
def chooser_documents(documents, request):
    return documents_admin.chooser_documents(documents, request)
