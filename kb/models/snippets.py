"""Translatable snippets: topics, organisations and people."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A subject the knowledge base is organised by (sykefravær, spill, pårørende …)."""

    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("kortnavn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, models.Model):
    """A KORUS centre, Akan, Digital sør or another party to the networks' work."""

    class Kind(models.TextChoices):
        KORUS = "korus", _("KORUS (regionalt kompetansesenter)")
        NATIONAL = "national", _("Nasjonalt kompetansesenter")
        DIGITAL = "digital", _("Digital drift")
        PUBLIC = "public", _("Offentlig etat")
        OTHER = "other", _("Annen")

    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    region = models.CharField(_("region"), max_length=40, blank=True)
    website = models.URLField(_("nettsted"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("website"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class Person(TranslatableMixin, models.Model):
    """A speaker, host or responsible person. Deliberately holds no phone or e-mail."""

    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    # The person's user, if they have one: reminders of the follow-up actions they are
    # responsible for go to that user. A foreign key, so the person's translations share it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("Brukeren som får påminnelser om oppfølgingspunktene personen har ansvar for."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        # The list of users is shown only to those who manage users.
        FieldPanel("user", permission="auth.change_user"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return self.name
