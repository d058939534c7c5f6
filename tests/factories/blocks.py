"""Factories of the StreamField blocks (kb.blocks), for wagtail-factories' StreamFieldFactory.

Each struct factory gives every field a value a reader would recognise. A value may be given
as the block's raw form too (a string for rich text, a list for a list block): the struct is
normalised by its block, as a StreamField normalises what is assigned to it.

    ArticlePageFactory(body__0__heading__text="Bakgrunn", body__1="paragraph")
"""

import datetime
from functools import partial

import factory
import wagtail_factories
from wagtail.blocks import RichTextBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from kb import blocks
from kb.enums import ActionStatus

from .media import AlorDocumentFactory, AlorImageFactory
from .snippets import PersonFactory


class StructFactory(wagtail_factories.StructBlockFactory):
    """A struct block's value, each child normalised by its block (raw values accepted)."""

    class Meta:
        abstract = True

    @classmethod
    def _construct_struct_value(cls, block_class, params):
        return block_class().normalize(params)


class RichTextFactory(wagtail_factories.blocks.BlockFactory):
    """A paragraph of rich text: `paragraph__value="<p>…</p>"`."""

    value = factory.Sequence(lambda n: f"<p>Avsnitt {n} om rus i arbeidslivet.</p>")

    class Meta:
        model = partial(RichTextBlock, features=blocks.RICH_FEATURES)

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class AlorImageChooserFactory(wagtail_factories.ImageChooserBlockFactory):
    image = factory.SubFactory(AlorImageFactory)


class AlorImageBlockFactory(wagtail_factories.ImageBlockFactory):
    """An image with alt text, never decorative (wagtail-factories draws that at random)."""

    image = factory.SubFactory(AlorImageChooserFactory)
    decorative = False
    alt_text = factory.Sequence(lambda n: f"Bilde fra samling {n}")


class AlorDocumentChooserFactory(wagtail_factories.DocumentChooserBlockFactory):
    document = factory.SubFactory(AlorDocumentFactory)


class PersonChooserFactory(wagtail_factories.blocks.ChooserBlockFactory):
    person = factory.SubFactory(PersonFactory)

    class Meta:
        model = partial(SnippetChooserBlock, "kb.Person")

    @classmethod
    def _build(cls, model_class, person):
        return person

    @classmethod
    def _create(cls, model_class, person):
        return person


class HeadingBlockFactory(StructFactory):
    text = factory.Sequence(lambda n: f"Overskrift {n}")
    level = "h2"

    class Meta:
        model = blocks.HeadingBlock


class QuoteBlockFactory(StructFactory):
    text = "Det å høre om andres erfaringer er den viktigste grunnen til å delta."
    source = "Proba samfunnsanalyse"

    class Meta:
        model = blocks.QuoteBlock


class FigureBlockFactory(StructFactory):
    image = factory.SubFactory(AlorImageBlockFactory)
    caption = factory.Sequence(lambda n: f"Bildetekst {n}")

    class Meta:
        model = blocks.FigureBlock


class DocumentLinkBlockFactory(StructFactory):
    document = factory.SubFactory(AlorDocumentChooserFactory)
    label = factory.Sequence(lambda n: f"Les dokument {n}")

    class Meta:
        model = blocks.DocumentLinkBlock


class SectionBlockFactory(StructFactory):
    heading = factory.Sequence(lambda n: f"Avsnitt {n}")
    body = "<p>RAG har til hensikt å løse definerte arbeidsoppgaver.</p>"

    class Meta:
        model = blocks.SectionBlock


class SessionBlockFactory(StructFactory):
    """A programme slot; no speakers or presentation unless given (`speakers__0__person__…`,
    `presentation=document`)."""

    start = datetime.time(10, 0)
    end = datetime.time(10, 45)
    title = factory.Sequence(lambda n: f"Programpost {n}")
    description = ""
    responsible = ""
    speakers = wagtail_factories.ListBlockFactory(PersonChooserFactory)
    presentation = None
    note = ""

    class Meta:
        model = blocks.SessionBlock


class ProgrammeDayBlockFactory(StructFactory):
    title = factory.Sequence(lambda n: f"Dag {n}")
    date = None
    theme = ""
    sessions = wagtail_factories.ListBlockFactory(SessionBlockFactory)

    class Meta:
        model = blocks.ProgrammeDayBlock


class ActionBlockFactory(StructFactory):
    what = factory.Sequence(lambda n: f"Oppfølging {n}")
    responsible = "Kari"
    due_date = None
    status = ActionStatus.OPEN

    class Meta:
        model = blocks.ActionBlock


class MinutesItemBlockFactory(StructFactory):
    number = factory.Sequence(lambda n: f"{n}/26")
    title = factory.Sequence(lambda n: f"Sak {n}")
    discussion = ""
    decision = ""
    actions = wagtail_factories.ListBlockFactory(ActionBlockFactory)

    class Meta:
        model = blocks.MinutesItemBlock


class AgendaItemBlockFactory(StructFactory):
    start = datetime.time(9, 0)
    end = None
    title = factory.Sequence(lambda n: f"Dagsordenpunkt {n}")
    responsible = ""

    class Meta:
        model = blocks.AgendaItemBlock


class BodyBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(RichTextFactory)
    quote = factory.SubFactory(QuoteBlockFactory)
    figure = factory.SubFactory(FigureBlockFactory)
    document = factory.SubFactory(DocumentLinkBlockFactory)

    class Meta:
        model = blocks.BodyBlock


class GovernanceBodyBlockFactory(wagtail_factories.StreamBlockFactory):
    section = factory.SubFactory(SectionBlockFactory)
    paragraph = factory.SubFactory(RichTextFactory)

    class Meta:
        model = blocks.GovernanceBodyBlock


class ProgrammeBlockFactory(wagtail_factories.StreamBlockFactory):
    day = factory.SubFactory(ProgrammeDayBlockFactory)

    class Meta:
        model = blocks.ProgrammeBlock


class MinutesBlockFactory(wagtail_factories.StreamBlockFactory):
    item = factory.SubFactory(MinutesItemBlockFactory)

    class Meta:
        model = blocks.MinutesBlock


class AgendaBlockFactory(wagtail_factories.StreamBlockFactory):
    point = factory.SubFactory(AgendaItemBlockFactory)

    class Meta:
        model = blocks.AgendaBlock
