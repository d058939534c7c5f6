from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("Kunnskapsbase")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are loaded (Django's app-loading order, not a cycle of ours).
        from PIL import Image

        from alor.retry import retry_wagtail_tasks

        from . import signal_handlers  # noqa: F401  connects every receiver of the app
        from .documents.validation import max_image_pixels

        # Pillow refuses to decode larger images anywhere in the process (thumbnails, OCR of
        # files stored before the limit was lowered), not only in the upload check.
        Image.MAX_IMAGE_PIXELS = max_image_pixels()
        retry_wagtail_tasks()
