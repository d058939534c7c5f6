"""The custom document and image models, with the metadata the networks search and govern by."""

from django.conf import settings
from django.core.exceptions import ValidationError
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
        """Check a newly chosen file by its content (kb.documents.validation), not its name."""
        models.Model.clean(self)
        if not self.file or self.file._committed:
            return
        from kb.documents.validation import validate_upload

        try:
            checked = validate_upload(self.file.file, self.file.name)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        self._validated_upload = checked
        self.file.name = checked.file_name
        self.checksum = checked.checksum
        self.mime_type = checked.mime_type

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_file_name = instance.__dict__.get("file")
        return instance

    def _has_new_file(self) -> bool:
        if not self.file:
            return False
        if not self.file._committed or self.pk is None:
            return True
        loaded = getattr(self, "_loaded_file_name", None)
        return loaded is not None and str(loaded) != self.file.name

    def save(self, *args, **kwargs):
        """Save; a file another document holds raises DuplicateFile, a file that cannot be
        written StorageFailed (kb.documents.uploads). Either way no row is written and the new
        file is not left on disk."""
        new_file = self._has_new_file()
        pending_file = bool(self.file) and not self.file._committed
        inserting = self._state.adding
        if new_file:
            checked = getattr(self, "_validated_upload", None)
            if checked is None:
                from kb.documents.validation import detect_type, file_checksum, sanitise_filename

                if not self.file._committed:
                    self.file.name = sanitise_filename(self.file.name)
                with self.open_file() as handle:
                    self.checksum = file_checksum(handle)
                    self.mime_type = detect_type(handle)
            self.processing_status = ProcessingStatus.PENDING
            self.processing_error = ""
            self.extracted_text = ""
            self.ocr_used = False
            self.page_count = checked.page_count if checked else None
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError as error:
            from kb.documents.uploads import DuplicateFile, find_duplicate, is_checksum_conflict

            if not is_checksum_conflict(error):
                raise
            self._discard_new_file(written=pending_file, fresh=inserting and new_file)
            raise DuplicateFile(find_duplicate(self.checksum, exclude_pk=self.pk)) from error
        except OSError as error:  # the storage could not write the file; it removed its part
            from kb.documents.uploads import StorageFailed

            self._discard_new_file(written=pending_file and self.file._committed, fresh=False)
            raise StorageFailed(error) from error
        self._loaded_file_name = self.file.name
        if new_file:
            self._validated_upload = None
            if not getattr(self, "_defer_processing", False):
                self.enqueue_processing()

    def _discard_new_file(self, *, written: bool, fresh: bool) -> None:
        """After a failed save: remove the file this save wrote (`written`), or the one stored
        just before the insert (`fresh`, as the multiple uploader's second step does) unless
        another row refers to it; then point the instance back at the file it had."""
        name = self.file.name if self.file else ""
        if name and (written or (fresh and not _file_in_use(name, self.pk))):
            self.file.storage.delete(name)
        if not self._state.adding:
            self.file.name = getattr(self, "_loaded_file_name", name)

    def enqueue_processing(self, *, ocr: bool = True):
        """Queue text extraction, OCR and the thumbnail (run at once in development and tests)."""
        from kb.documents.tasks import process_document

        return process_document.enqueue(self.pk, ocr=ocr)

    @property
    def permalink(self) -> str:
        """A link that stays the same whatever file the document holds now."""
        return reverse("kb_document_permalink", args=[self.pk])

    @property
    def thumbnail_url(self) -> str:
        return reverse("kb_document_thumbnail", args=[self.pk])

    @property
    def is_unreadable(self) -> bool:
        return self.processing_status == ProcessingStatus.UNREADABLE

    def next_version_number(self) -> int:
        latest = self.versions.aggregate(latest=models.Max("number"))["latest"]
        return (latest or 0) + 1


def _file_in_use(name: str, pk) -> bool:
    return (
        AlorDocument.objects.filter(file=name).exclude(pk=pk).exists()
        or DocumentVersion.objects.filter(file=name).exists()
    )


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
