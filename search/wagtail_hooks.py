from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import admin_views


@hooks.register("register_admin_urls")
def register_search_log_url():
    return [
        path("search-log/", admin_views.SearchLogView.as_view(), name="alor_search_log"),
        path(
            "search-log/results/",
            admin_views.SearchLogView.as_view(results_only=True),
            name="alor_search_log_results",
        ),
    ]


class SearchLogMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_log(request.user)


@hooks.register("register_reports_menu_item")
def register_search_log_menu_item():
    return SearchLogMenuItem(
        _("Søkelogg"), reverse("alor_search_log"), icon_name="search", order=900
    )
