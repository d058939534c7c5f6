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
    # Made by someone who may see what the public may not
    # (kb.privacy.Visibility.sees_more_than_public): the words may speak of it, so the log
    # shows them only to those who see all of it.
    private = models.BooleanField(_("privat"), default=False)

    class Meta:
        verbose_name = _("søk i loggen")
        verbose_name_plural = _("søkelogg")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["result_count", "normalised"])]

    def __str__(self):
        return self.query


class SearchFacet(models.Model):
    """What the search counts facets by, for one indexed page or document.

    Kept by the database search backends next to their index entries (same content type and
    object id, written at index time), so facet counts and the date order are a GROUP BY over
    the matches instead of joins through the page tree for every hit. Who may see an item is
    NOT stored here: the search checks that against the pages and documents themselves.
    """

    content_type_id = models.PositiveIntegerField()
    object_id = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField(null=True)
    day = models.DateField(null=True)  # the date a reader sees, for sorting by date
    network_id = models.PositiveIntegerField(null=True)  # a document's or gathering's network

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type_id", "object_id"], name="alor_search_facet_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class PendingIndexUpdate(models.Model):
    """An index update an external search backend (Elasticsearch) missed: skipped while its
    circuit breaker was open, or failed on the way. One row per backend and object, however
    often it changed; `search.engines.pending` writes them, excludes their objects from that
    backend's searches meanwhile, and replays them (the object as the database has it now) once
    the cluster answers again. Nothing about the object is stored: the replay reads it again."""

    backend = models.CharField(max_length=100)  # the WAGTAILSEARCH_BACKENDS alias
    content_type_id = models.PositiveIntegerField()
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()  # first missed update
    updated_at = models.DateTimeField()  # last one: a replay deletes the row only if unchanged

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "content_type_id", "object_id"],
                name="alor_search_pending_object",
            )
        ]

    def __str__(self):
        return f"{self.backend} {self.content_type_id}:{self.object_id}"
