"""Test factories: every page type, snippet, document and image, and the StreamField blocks.

For example `ArticlePageFactory(title="Om spill", topics=[topic], publish=True)` publishes an
article in the knowledge section of the default site, making the section and the home page
if they are missing (tests/factories/pages.py says where each page type goes).
"""

from .blocks import (
    ActionBlockFactory,
    AgendaItemBlockFactory,
    DocumentLinkBlockFactory,
    FigureBlockFactory,
    HeadingBlockFactory,
    MinutesItemBlockFactory,
    ProgrammeDayBlockFactory,
    QuoteBlockFactory,
    SectionBlockFactory,
    SessionBlockFactory,
)
from .media import AlorDocumentFactory, AlorImageFactory
from .pages import (
    PAGE_FACTORIES,
    PARENTS,
    ActivityPlanPageFactory,
    AgreementPageFactory,
    ArticlePageFactory,
    GatheringPageFactory,
    GovernanceIndexPageFactory,
    HomePageFactory,
    KnowledgeIndexPageFactory,
    MandatePageFactory,
    MeetingIndexPageFactory,
    MinutesPageFactory,
    NationalGatheringIndexPageFactory,
    NetworkIndexPageFactory,
    NetworkPageFactory,
    make_site_root,
    site_home,
)
from .snippets import OrganisationFactory, PersonFactory, TopicFactory, norwegian_slug

__all__ = [
    "PAGE_FACTORIES",
    "PARENTS",
    "ActionBlockFactory",
    "ActivityPlanPageFactory",
    "AgendaItemBlockFactory",
    "AgreementPageFactory",
    "AlorDocumentFactory",
    "AlorImageFactory",
    "ArticlePageFactory",
    "DocumentLinkBlockFactory",
    "FigureBlockFactory",
    "GatheringPageFactory",
    "GovernanceIndexPageFactory",
    "HeadingBlockFactory",
    "HomePageFactory",
    "KnowledgeIndexPageFactory",
    "MandatePageFactory",
    "MeetingIndexPageFactory",
    "MinutesItemBlockFactory",
    "MinutesPageFactory",
    "NationalGatheringIndexPageFactory",
    "NetworkIndexPageFactory",
    "NetworkPageFactory",
    "OrganisationFactory",
    "PersonFactory",
    "ProgrammeDayBlockFactory",
    "QuoteBlockFactory",
    "SectionBlockFactory",
    "SessionBlockFactory",
    "TopicFactory",
    "norwegian_slug",
    "make_site_root",
    "site_home",
]
