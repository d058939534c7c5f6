"""StreamField blocks: article bodies, gathering programmes and minutes items.

Every block has a template of its own under templates/blocks/, an icon and a preview value.
Only what a reader reads is indexed for search: a block's settings (a heading's level, an
action's status) are choices whose labels («Nivå 2», «Åpen») would make every page that uses
the block a hit for those words, so their choice blocks have `search_index=False`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from kb.enums import ActionStatus

RICH_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading, level 2 or 3, which also feeds the page's table of contents."""

    text = blocks.CharBlock(label=_("Tekst"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Nivå 2")), ("h3", _("Nivå 3"))],
        default="h2",
        label=_("Nivå"),
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Overskrift")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Bakgrunn", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    text = blocks.TextBlock(label=_("Sitat"))
    source = blocks.CharBlock(required=False, label=_("Kilde"))

    class Meta:
        icon = "openquote"
        label = _("Sitat")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Det å høre om andres erfaringer er den viktigste grunnen til å delta.",
            "source": "Proba samfunnsanalyse",
        }


class FigureBlock(blocks.StructBlock):
    """An image with a caption."""

    image = ImageBlock(label=_("Bilde"))
    caption = blocks.CharBlock(required=False, label=_("Bildetekst"))

    class Meta:
        icon = "image"
        label = _("Bilde")
        template = "blocks/figure_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to an uploaded document, shown with its type and size."""

    document = DocumentChooserBlock(label=_("Dokument"))
    label = blocks.CharBlock(required=False, label=_("Lenketekst"))

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "blocks/document_link_block.html"


class SectionBlock(blocks.StructBlock):
    """A numbered or titled section of a governance text: a heading and its paragraphs."""

    heading = blocks.CharBlock(label=_("Overskrift"))
    body = blocks.RichTextBlock(features=RICH_FEATURES, label=_("Tekst"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Avsnitt")
        template = "blocks/section_block.html"
        preview_value = {
            "heading": "Målsetting",
            "body": "<p>RAG har til hensikt å løse definerte arbeidsoppgaver.</p>",
        }


class BodyBlock(blocks.StreamBlock):
    """The free body of articles and plans."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_FEATURES, icon="pilcrow", label=_("Avsnitt"),
        template="blocks/paragraph_block.html",
    )  # fmt: skip
    quote = QuoteBlock()
    figure = FigureBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "blocks/stream_block.html"


class GovernanceBodyBlock(blocks.StreamBlock):
    """The body of a mandate or an agreement: titled sections, each kept apart for diffs."""

    section = SectionBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_FEATURES, icon="pilcrow", label=_("Avsnitt"),
        template="blocks/paragraph_block.html",
    )  # fmt: skip

    class Meta:
        template = "blocks/stream_block.html"


class SessionBlock(blocks.StructBlock):
    """One slot of a gathering's programme."""

    start = blocks.TimeBlock(label=_("Start"))
    end = blocks.TimeBlock(required=False, label=_("Slutt"))
    title = blocks.CharBlock(label=_("Tittel"))
    description = blocks.TextBlock(required=False, label=_("Beskrivelse"))
    responsible = blocks.CharBlock(required=False, label=_("Ansvarlig"))
    speakers = blocks.ListBlock(
        SnippetChooserBlock("kb.Person"), required=False, label=_("Innledere")
    )
    presentation = DocumentChooserBlock(required=False, label=_("Presentasjon"))
    note = blocks.CharBlock(required=False, label=_("Merknad"))

    class Meta:
        icon = "time"
        label = _("Programpost")
        template = "blocks/session_block.html"
        preview_value = {"start": "10:30", "title": "Registrering"}


class ProgrammeDayBlock(blocks.StructBlock):
    """A day of a gathering's programme, with its sessions in order."""

    title = blocks.CharBlock(label=_("Dag"), help_text=_("For eksempel «Dag 1»"))
    date = blocks.DateBlock(required=False, label=_("Dato"))
    theme = blocks.CharBlock(required=False, label=_("Tema"))
    sessions = blocks.ListBlock(SessionBlock(), label=_("Programposter"))

    class Meta:
        icon = "date"
        label = _("Programdag")
        template = "blocks/programme_day_block.html"


class ProgrammeBlock(blocks.StreamBlock):
    day = ProgrammeDayBlock()

    class Meta:
        template = "blocks/stream_block.html"


class ActionBlock(blocks.StructBlock):
    """A follow-up action from a minutes item: what, who, by when, and how far it has come."""

    what = blocks.TextBlock(label=_("Hva"))
    responsible = blocks.CharBlock(label=_("Ansvarlig"))
    person = SnippetChooserBlock(
        "kb.Person",
        required=False,
        label=_("Ansvarlig person"),
        help_text=_("Påminnelser går til personens bruker (ellers til referenten)."),
    )
    due_date = blocks.DateBlock(required=False, label=_("Frist"))
    status = blocks.ChoiceBlock(
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        label=_("Status"),
        search_index=False,
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Oppfølging")
        template = "blocks/action_block.html"


class MinutesItemBlock(blocks.StructBlock):
    """A numbered item (sak) of the minutes: what was discussed, decided and followed up."""

    number = blocks.CharBlock(label=_("Nummer"), max_length=20)
    title = blocks.CharBlock(label=_("Sak"))
    discussion = blocks.RichTextBlock(features=RICH_FEATURES, required=False, label=_("Drøfting"))
    decision = blocks.TextBlock(required=False, label=_("Vedtak/avklaring"))
    actions = blocks.ListBlock(ActionBlock(), required=False, label=_("Oppfølging"))

    class Meta:
        icon = "list-ol"
        label = _("Sak")
        template = "blocks/minutes_item_block.html"
        preview_value = {
            "number": "1",
            "title": "Godkjenning av innkalling",
            "decision": "Godkjent",
        }


class MinutesBlock(blocks.StreamBlock):
    item = MinutesItemBlock()

    class Meta:
        template = "blocks/stream_block.html"


class AgendaItemBlock(blocks.StructBlock):
    """A point on a meeting's agenda, with its time slot."""

    start = blocks.TimeBlock(required=False, label=_("Start"))
    end = blocks.TimeBlock(required=False, label=_("Slutt"))
    title = blocks.CharBlock(label=_("Tema"))
    responsible = blocks.CharBlock(required=False, label=_("Ansvarlig"))

    class Meta:
        icon = "list-ul"
        label = _("Dagsordenpunkt")
        template = "blocks/agenda_item_block.html"


class AgendaBlock(blocks.StreamBlock):
    point = AgendaItemBlock()

    class Meta:
        template = "blocks/stream_block.html"
