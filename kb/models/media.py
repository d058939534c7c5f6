"""The custom document and image models, with the metadata the networks search and govern by."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.search import index

from kb.enums import DocumentKind, DocumentLanguage, ProcessingStatus


class AlorDocument(AbstractDocument):
    """A file: presentation, programme, mandate, agreement, minutes or report."""

    kind = models.CharField(
        _("type"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    network = models.ForeignKey(
        "kb.NetworkPage",
        verbose_name=_("nettverk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    gathering = models.ForeignKey(
        "kb.GatheringPage",
        verbose_name=_("samling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    topics = models.ManyToManyField("kb.Topic", verbose_name=_("temaer"), blank=True)
    # Who presents it: a programme session that links this document and names speakers keeps
    # this list in step with the session (kb/signal_handlers.py).
    speakers = models.ManyToManyField(
        "kb.Person", verbose_name=_("innledere"), blank=True, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True, db_index=True)
    language = models.CharField(
        _("språk"), max_length=5, choices=DocumentLanguage.choices, default=DocumentLanguage.NB
    )
    checksum = models.CharField(
        _("SHA-256"), max_length=64, blank=True, db_index=True, editable=False
    )
    mime_type = models.CharField(_("filtype"), max_length=120, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("sider"), null=True, blank=True, editable=False)
    extracted_text = models.TextField(_("tekst fra filen"), blank=True, editable=False)
    ocr_used = models.BooleanField(_("lest med OCR"), default=False, editable=False)
    processing_status = models.CharField(
        _("behandling"),
        max_length=20,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.PENDING,
        editable=False,
    )
    processing_error = models.TextField(_("feilmelding"), blank=True, editable=False)
    processed_at = models.DateTimeField(_("behandlet"), null=True, blank=True, editable=False)
    thumbnail = models.ImageField(
        _("miniatyrbilde"), upload_to="thumbnails", blank=True, editable=False
    )

    admin_form_fields = WagtailDocument.admin_form_fields + (
        "kind",
        "description",
        "network",
        "gathering",
        "topics",
        "year",
        "language",
    )

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description", boost=2),
        index.SearchField("extracted_text"),
        index.FilterField("kind"),
        index.FilterField("network"),
        index.FilterField("gathering"),
        index.FilterField("year"),
        index.FilterField("language"),
        index.FilterField("processing_status"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        # A speaker's name finds their presentations (reindexed when the speakers change,
        # search/signal_handlers.py).
        index.RelatedFields("speakers", [index.SearchField("name")]),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        permissions = [("choose_alordocument", "Can choose document")]
        constraints = [
            # One document per file: two uploads of the same file at the same moment cannot
            # both be stored (a look-up before the insert cannot promise that). Earlier files
            # of a document live on as DocumentVersion rows, outside this constraint.
            models.UniqueConstraint(
                fields=["checksum"], condition=~Q(checksum=""), name="unique_document_checksum"
            )
        ]

    def clean(self):
        """Wagtail's own check compares the file name with WAGTAILDOCS_EXTENSIONS; a new file is
        checked by its content instead, once, by kb.documents.ingest (which says what the file
        really is), so the name alone refuses nothing here."""
        models.Model.clean(self)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_file_name = instance.__dict__.get("file")
        instance._loaded_checksum = instance.__dict__.get("checksum")
        return instance

    def _has_new_file(self) -> bool:
        if not self.file:
            return False
        if not self.file._committed or self.pk is None:
            return True
        loaded = getattr(self, "_loaded_file_name", None)
        return loaded is not None and str(loaded) != self.file.name

    def save(self, *args, **kwargs):
        """Save; when the row cannot be written (IntegrityError: the one-document-per-file
        constraint) or the new file cannot be (OSError), the file this save wrote is removed
        before the error is raised, so nothing is left half-written.

        Storing a file is kb.documents.ingest's work: it checks the file, sets its checksum and
        type, turns these errors into the answer the uploader sees and queues the processing;
        saving queues nothing. A new file whose checksum was not set (demo data, tests) gets
        it here, so the constraint holds for every row."""
        new_file = self._has_new_file()
        pending_file = bool(self.file) and not self.file._committed
        if new_file and self.checksum in ("", getattr(self, "_loaded_checksum", None)):
            with self.open_file() as handle:
                self.checksum = hashlib.file_digest(handle, "sha256").hexdigest()
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError:
            self._discard_new_file(written=pending_file)
            raise
        except OSError:  # the storage could not write the file; it removed its part
            self._discard_new_file(written=pending_file and self.file._committed)
            raise
        self._loaded_file_name = self.file.name
        self._loaded_checksum = self.checksum

    def _discard_new_file(self, *, written: bool) -> None:
        """After a failed save: remove the file this save wrote, and point the instance back at
        the file it had."""
        name = self.file.name if self.file else ""
        if name and written:
            self.file.storage.delete(name)
        if not self._state.adding:
            self.file.name = getattr(self, "_loaded_file_name", name)

    def get_absolute_url(self) -> str:
        """The document's page: a link that stays the same whatever file it holds now."""
        return reverse("kb_document_page", args=[self.pk])

    @property
    def permalink(self) -> str:
        return self.get_absolute_url()

    @property
    def download_url(self) -> str:
        """The newest file, whatever its name."""
        return reverse("kb_document_download", args=[self.pk])

    @property
    def thumbnail_url(self) -> str:
        return reverse("kb_document_thumbnail", args=[self.pk])

    @property
    def is_unreadable(self) -> bool:
        return self.processing_status == ProcessingStatus.UNREADABLE

    def next_version_number(self) -> int:
        latest = self.versions.aggregate(latest=models.Max("number"))["latest"]
        return (latest or 0) + 1


class DocumentVersion(models.Model):
    """An earlier file of a document, kept when the file is replaced."""

    document = models.ForeignKey(
        AlorDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("dokument")
    )
    number = models.PositiveIntegerField(_("versjon"))
    file = models.FileField(_("fil"), upload_to="documents/versions")
    file_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("størrelse"), null=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dokumentversjon")
        verbose_name_plural = _("dokumentversjoner")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    @property
    def url(self) -> str:
        return reverse("kb_document_version", args=[self.document_id, self.number])


class AlorImage(AbstractImage):
    """An image with an optional credit line."""

    credit = models.CharField(_("kreditering"), max_length=255, blank=True)

    admin_form_fields = WagtailImage.admin_form_fields + ("credit",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("bilde")
        verbose_name_plural = _("bilder")
        permissions = [("choose_alorimage", "Can choose image")]


class AlorRendition(AbstractRendition):
    image = models.ForeignKey(AlorImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
