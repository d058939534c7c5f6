from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kb.documents import hooks as documents_hooks  # noqa: F401  (registers its hooks)
from kb.governance import hooks as governance_hooks  # noqa: F401  (registers its hooks)
from kb.models import Organisation, Person, Topic


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
