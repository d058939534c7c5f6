from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("Kunnskapsbase")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from alor.retry import retry_wagtail_tasks

        from . import signals  # noqa: F401

        retry_wagtail_tasks()
