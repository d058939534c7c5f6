"""The fixed sets of values the content model uses, each defined once as Django choices.

Models, blocks, forms, views, templates and the demo all name these members instead of
repeating the strings; `kb.models` re-exports them for existing imports. This module imports
nothing from the project, so anything may use it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentasjon")
    PROGRAMME = "programme", _("Program")
    MANDATE = "mandate", _("Mandat")
    AGREEMENT = "agreement", _("Avtale")
    MINUTES = "minutes", _("Referat")
    REPORT = "report", _("Rapport")
    OTHER = "other", _("Annet")


class DocumentLanguage(models.TextChoices):
    NB = "nb", _("Norsk bokmål")
    NN = "nn", _("Nynorsk")
    EN = "en", _("Engelsk")


class ProcessingStatus(models.TextChoices):
    """How far the pipeline (kb/documents) has come with a document's file."""

    PENDING = "pending", _("Venter")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")
    UNREADABLE = "unreadable", _("Kan ikke leses")
    NO_OCR = "no_ocr", _("OCR ikke tilgjengelig")


class Region(models.TextChoices):
    SOUTH = "sor", _("Sør")
    WEST = "vest", _("Vest")
    MIDDLE = "midt", _("Midt")
    EAST = "ost", _("Øst")
    NORTH = "nord", _("Nord")


class GovernanceStatus(models.TextChoices):
    """Where a mandate or an agreement stands on its approval road (kb/governance/workflow.py)."""

    DRAFT = "draft", _("Utkast")
    FEEDBACK = "feedback", _("Til innspill")
    APPROVAL = "approval", _("Til godkjenning")
    APPROVED = "approved", _("Godkjent")
    SIGNED = "signed", _("Signert")
    EXPIRED = "expired", _("Utløpt")
    TERMINATED = "terminated", _("Oppsagt")


class ActionStatus(models.TextChoices):
    """How far a follow-up action of the minutes has come (the minutes' block and `Action`)."""

    OPEN = "open", _("Åpen")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Utført")
    CANCELLED = "cancelled", _("Avlyst")


# An action still to be done: listed by «Oppfølging», reminded, and overdue once past its date.
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
