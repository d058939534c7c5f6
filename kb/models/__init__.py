from kb.models.governance import (
    ActivityPlanPage,
    AgreementPage,
    GovernanceIndexPage,
    GovernanceStatus,
    MandatePage,
    MeetingIndexPage,
    MinutesPage,
)
from kb.models.media import (
    AlorDocument,
    AlorImage,
    AlorRendition,
    DocumentKind,
    DocumentLanguage,
    DocumentVersion,
    ProcessingStatus,
)
from kb.models.pages import (
    ArticleDocument,
    ArticlePage,
    GatheringPage,
    KnowledgeIndexPage,
    NationalGatheringIndexPage,
    NetworkIndexPage,
    NetworkPage,
    Region,
)
from kb.models.snippets import Organisation, Person, Topic
from kb.models.versions import Action, GovernanceVersion, SentReminder
from kb.models.workers import TaskWorker

__all__ = [
    "Action",
    "GovernanceVersion",
    "SentReminder",
    "ActivityPlanPage",
    "AgreementPage",
    "AlorDocument",
    "AlorImage",
    "AlorRendition",
    "ArticleDocument",
    "ArticlePage",
    "DocumentKind",
    "DocumentLanguage",
    "DocumentVersion",
    "GatheringPage",
    "GovernanceIndexPage",
    "GovernanceStatus",
    "KnowledgeIndexPage",
    "MandatePage",
    "MeetingIndexPage",
    "MinutesPage",
    "NationalGatheringIndexPage",
    "NetworkIndexPage",
    "NetworkPage",
    "Organisation",
    "Person",
    "ProcessingStatus",
    "Region",
    "TaskWorker",
    "Topic",
]
