from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "alor_search"
    verbose_name = _("Søk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import querylog  # noqa: F401 - writes the query log after each response
