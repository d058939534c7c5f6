from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kb import admin_privacy
from kb.documents import hooks as documents_hooks  # noqa: F401  (registers its hooks)
from kb.governance import hooks as governance_hooks  # noqa: F401  (registers its hooks)
from kb.models import Organisation, Person, Topic
from kb.privacy import admin_documents_visible_to


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
def explorer_pages(pages, request):
    return admin_privacy.chooser_pages(pages, request)


@hooks.register("construct_document_chooser_queryset")
def chooser_documents(documents, request):
    return admin_documents_visible_to(request.user, documents)
