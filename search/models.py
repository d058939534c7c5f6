"""The search log: what people search for, and what found nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchQueryLog(models.Model):
    """One search made on the site (page, API or autocomplete is not logged)."""

    query = models.CharField(_("søk"), max_length=255)
    normalised = models.CharField(_("normalisert søk"), max_length=255, db_index=True)
    language = models.CharField(_("språk"), max_length=10, blank=True)
    result_count = models.PositiveIntegerField(_("treff"), default=0)
    source = models.CharField(_("kilde"), max_length=10, default="page")
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("søk i loggen")
        verbose_name_plural = _("søkelogg")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["result_count", "normalised"])]

    def __str__(self):
        return self.query
