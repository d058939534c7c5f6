"""Factories of every page type, each placed where the page type belongs in the site tree.

`parent` may always be given. Without it a page goes where its `parent_page_types` allow, in
the sections of the default site: an article under «Kunnskap», a gathering under «Alor Norge»,
minutes under RAG's «Møter» … The home page and the sections are made when missing (and the
home page made the default site's root), found otherwise, so `ArticlePageFactory()` alone
gives a page with a URL, and two calls give two articles in one knowledge section.

A page is live and has no revision, as `add_child` leaves it; `publish=True` publishes a
revision (as the Publish button does), `revision=True` saves one without publishing it (a
draft of a live page, or the first revision of a page made with `live=False`).
"""

import datetime

import factory
import wagtail_factories
from wagtail.models import Page, Site
from wagtail_factories import StreamFieldFactory

from home.models import HomePage
from kb.enums import Region
from kb.models import (
    ActivityPlanPage,
    AgreementPage,
    ArticleDocument,
    ArticlePage,
    GatheringPage,
    GovernanceIndexPage,
    KnowledgeIndexPage,
    MandatePage,
    MeetingIndexPage,
    MinutesPage,
    NationalGatheringIndexPage,
    NetworkIndexPage,
    NetworkPage,
)

from . import blocks
from .media import AlorDocumentFactory
from .snippets import OrganisationFactory, PersonFactory, TopicFactory, norwegian_slug


def full_body():
    """One block of each kind an article or a plan body takes."""
    kinds = ["heading", "paragraph", "quote", "figure", "document"]
    return blocks.BodyBlockFactory(**{str(i): kind for i, kind in enumerate(kinds)})


def full_governance_body(*kinds):
    """The given blocks of a mandate or an agreement, then a paragraph."""
    kinds = [*kinds, "paragraph"]
    return blocks.GovernanceBodyBlockFactory(**{str(i): kind for i, kind in enumerate(kinds)})


def full_programme():
    """A day of a gathering with two sessions, the second with a speaker."""
    return blocks.ProgrammeBlockFactory(
        **{
            "0__day__theme": "Arbeidsliv og rus",
            "0__day__sessions__0__title": "Registrering og kaffe",
            "0__day__sessions__1__title": "Rus i arbeidslivet",
            "0__day__sessions__1__start": datetime.time(11, 0),
            "0__day__sessions__1__end": datetime.time(11, 45),
            "0__day__sessions__1__speakers__0__person__name": "Kari Nordmann",
        }
    )


def full_agenda():
    return blocks.AgendaBlockFactory(**{"0__point__title": "Godkjenning av innkalling"})


def full_items():
    """A minutes item with a decision and two follow-up actions, one of them done."""
    return blocks.MinutesBlockFactory(
        **{
            "0__item__decision": "Digital sør drifter nettsiden.",
            "0__item__actions__0__what": "Sende avtalen på høring",
            "0__item__actions__1__what": "Oppdatere mandatet",
            "0__item__actions__1__status": "done",
        }
    )


# The traits (`full=True`) replace a whole StreamField: a trait's `body__0=…` would hide a
# caller's `body__0__heading__text=…` (factory_boy nests the two under one name).


class BasePageFactory(wagtail_factories.PageFactory):
    slug = factory.LazyAttribute(lambda o: norwegian_slug(o.title))

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def revision(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.save_revision()

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.save_revision().publish()


def site_home():
    """The default site's home page; made, and made the site's root, when it has none."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is HomePage:
        return site.root_page.specific
    return make_site_root(HomePageFactory())


def make_site_root(page):
    """Make `page` the default site's root page (making the site when there is none)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=page, is_default_site=True)
    else:
        site.root_page = page
        site.save()  # not update(): saving clears Wagtail's cache of the sites' root paths
    return page


def section(model):
    """The default parent of a page type: the first `model` page on the site, or a new one."""

    def find_or_make():
        found = model.objects.descendant_of(site_home()).order_by("path").first()
        return found if found is not None else PAGE_FACTORIES[model]()

    return find_or_make


class HomePageFactory(BasePageFactory):
    title = "alor"
    slug = factory.Sequence(lambda n: f"alor-{n}")
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage

    class Params:
        full = factory.Trait(intro="<p>Kunnskap og nettverk for et rusfritt arbeidsliv.</p>")


class KnowledgeIndexPageFactory(BasePageFactory):
    title = "Kunnskap"
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = KnowledgeIndexPage

    class Params:
        full = factory.Trait(intro="<p>Artikler om rus og arbeidsliv.</p>")


class ArticlePageFactory(BasePageFactory):
    """An article with a date of its own (the n-th article a day later), an empty body unless
    given (`body=[…]`, `body__0__heading__text=…`); `full=True` fills every kind of block."""

    title = factory.Sequence(lambda n: f"Artikkel {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(n % 300))
    body = StreamFieldFactory(blocks.BodyBlockFactory)
    parent = factory.LazyFunction(section(KnowledgeIndexPage))

    class Meta:
        model = ArticlePage

    class Params:
        full = factory.Trait(
            intro="Hva deltakerne mener om nettverkene.",
            author=factory.SubFactory(PersonFactory),
            organisation=factory.SubFactory(OrganisationFactory),
            topics=factory.LazyFunction(lambda: [TopicFactory()]),
            related_documents=factory.LazyFunction(
                lambda: [ArticleDocument(document=AlorDocumentFactory(title="Rapport"))]
            ),
            body=factory.LazyFunction(full_body),
        )


class NetworkIndexPageFactory(BasePageFactory):
    title = "Nettverk"
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = NetworkIndexPage

    class Params:
        full = factory.Trait(intro="<p>De regionale alor-nettverkene.</p>")


class NetworkPageFactory(BasePageFactory):
    """«Alor <city>» in region Vest, its slug numbered (two networks may share a city)."""

    city = factory.Sequence(lambda n: f"By{n}")
    title = factory.LazyAttribute(lambda o: f"Alor {o.city}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{norwegian_slug(o.title)}-{n}")
    region = Region.WEST
    parent = factory.LazyFunction(section(NetworkIndexPage))

    class Meta:
        model = NetworkPage

    class Params:
        full = factory.Trait(
            intro="<p>Nettverket for arbeidslivet i regionen.</p>",
            host_centre=factory.SubFactory(OrganisationFactory),
            main_host=factory.SubFactory(PersonFactory),
            meeting_rhythm="To samlinger i året",
        )


class NationalGatheringIndexPageFactory(BasePageFactory):
    title = "Alor Norge"
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = NationalGatheringIndexPage

    class Params:
        full = factory.Trait(intro="<p>De årlige samlingene for hele landet.</p>")


class GatheringPageFactory(BasePageFactory):
    """A gathering of Alor Norge unless `parent` is a network; its start date the n-th day of
    2025, its programme empty unless given (`full=True`: a day with two sessions)."""

    title = factory.Sequence(lambda n: f"Samling {n}")
    slug = factory.Sequence(lambda n: f"samling-{n}")
    start_date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(n % 300))
    programme = StreamFieldFactory(blocks.ProgrammeBlockFactory)
    parent = factory.LazyFunction(section(NationalGatheringIndexPage))

    class Meta:
        model = GatheringPage

    class Params:
        full = factory.Trait(
            venue="Hummeren hotell, Tananger",
            intro="<p>Programmet for samlingen.</p>",
            evaluation_notes="<p>Deltakerne ønsket mer tid til erfaringsdeling.</p>",
            registration_deadline=factory.LazyAttribute(
                lambda o: o.start_date - datetime.timedelta(days=30)
            ),
            programme=factory.LazyFunction(full_programme),
            topics=factory.LazyFunction(lambda: [TopicFactory()]),
        )


class GovernanceIndexPageFactory(BasePageFactory):
    """RAG's section: saving it restricts it to RAG and gives it the approval workflow."""

    title = "RAG"
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = GovernanceIndexPage

    class Params:
        full = factory.Trait(intro="<p>Den nasjonale arbeidsgruppens område.</p>")


class GovernanceDocumentPageFactory(BasePageFactory):
    summary = ""
    body = StreamFieldFactory(blocks.GovernanceBodyBlockFactory)
    parent = factory.LazyFunction(section(GovernanceIndexPage))

    class Meta:
        abstract = True

    class Params:
        full = factory.Trait(
            summary="Mandat og rollebeskrivelse.",
            parties=factory.LazyFunction(lambda: [OrganisationFactory()]),
            body=factory.LazyFunction(lambda: full_governance_body("section", "section")),
        )


class MandatePageFactory(GovernanceDocumentPageFactory):
    title = factory.Sequence(lambda n: f"Mandat {n}")

    class Meta:
        model = MandatePage


class AgreementPageFactory(GovernanceDocumentPageFactory):
    title = factory.Sequence(lambda n: f"Avtale {n}")

    class Meta:
        model = AgreementPage

    class Params:
        full = factory.Trait(
            summary="Avtale om drift av nettsiden.",
            parties=factory.LazyFunction(lambda: [OrganisationFactory(), OrganisationFactory()]),
            body=factory.LazyFunction(lambda: full_governance_body("section")),
            effective_from=datetime.date(2026, 1, 1),
            renewal_terms="<p>Fornyes for ett år om gangen.</p>",
            termination_terms="<p>Domenet tilbakeføres til KORUS.</p>",
            signed_copy=factory.SubFactory(AlorDocumentFactory, title="Signert avtale"),
        )


class MeetingIndexPageFactory(BasePageFactory):
    title = "Møter"
    parent = factory.LazyFunction(section(GovernanceIndexPage))

    class Meta:
        model = MeetingIndexPage

    class Params:
        full = factory.Trait(intro="<p>Møtene i RAG og referatene fra dem.</p>")


class MinutesPageFactory(BasePageFactory):
    """A meeting of RAG on the n-th day of 2025, its slug the date; `full=True` gives it an
    agenda and an item with two follow-up actions."""

    meeting_date = factory.Sequence(
        lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(n % 365)
    )
    title = factory.LazyAttribute(lambda o: f"RAG-møte {o.meeting_date:%d.%m.%Y}")
    slug = factory.LazyAttribute(lambda o: o.meeting_date.isoformat())
    agenda = StreamFieldFactory(blocks.AgendaBlockFactory)
    items = StreamFieldFactory(blocks.MinutesBlockFactory)
    parent = factory.LazyFunction(section(MeetingIndexPage))

    class Meta:
        model = MinutesPage

    class Params:
        full = factory.Trait(
            start_time=datetime.time(9, 0),
            end_time=datetime.time(11, 0),
            place="Stavanger",
            is_online=True,
            present="Kari, Ola",
            minute_taker="Ola",
            agenda=factory.LazyFunction(full_agenda),
            items=factory.LazyFunction(full_items),
        )


class ActivityPlanPageFactory(BasePageFactory):
    year = factory.Sequence(lambda n: 2026 + n)
    title = factory.LazyAttribute(lambda o: f"Aktivitetsplan {o.year}")
    body = StreamFieldFactory(blocks.BodyBlockFactory)
    parent = factory.LazyFunction(section(GovernanceIndexPage))

    class Meta:
        model = ActivityPlanPage

    class Params:
        full = factory.Trait(body=factory.LazyFunction(full_body))


PAGE_FACTORIES = {
    factory_class._meta.model: factory_class
    for factory_class in (
        HomePageFactory,
        KnowledgeIndexPageFactory,
        ArticlePageFactory,
        NetworkIndexPageFactory,
        NetworkPageFactory,
        NationalGatheringIndexPageFactory,
        GatheringPageFactory,
        GovernanceIndexPageFactory,
        MandatePageFactory,
        AgreementPageFactory,
        MeetingIndexPageFactory,
        MinutesPageFactory,
        ActivityPlanPageFactory,
    )
}
"""The factory of each page type, by model."""


# Where each page type may be created: the site's structure (DESIGN.md), spelled out.
PARENTS = {
    HomePage: {Page},
    KnowledgeIndexPage: {HomePage},
    ArticlePage: {KnowledgeIndexPage},
    NetworkIndexPage: {HomePage},
    NetworkPage: {NetworkIndexPage},
    NationalGatheringIndexPage: {HomePage},
    GatheringPage: {NetworkPage, NationalGatheringIndexPage},
    GovernanceIndexPage: {HomePage},
    MandatePage: {GovernanceIndexPage},
    AgreementPage: {GovernanceIndexPage},
    MeetingIndexPage: {GovernanceIndexPage},
    MinutesPage: {MeetingIndexPage},
    ActivityPlanPage: {GovernanceIndexPage},
}
