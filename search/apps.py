from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "alor_search"
    verbose_name = _("Søk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Their receivers: the query log written after each response, reindexing on changes.
        from search import querylog, signal_handlers  # noqa: F401
