from kb.enums import (
    ActionStatus,
    DocumentKind,
    DocumentLanguage,
    GovernanceStatus,
    ProcessingStatus,
    Region,
)
from kb.models.governance import (
    ActivityPlanPage,
    AgreementPage,
    CalendarFeedKey,
    GovernanceIndexPage,
    MandatePage,
    MeetingIndexPage,
    MinutesPage,
)
from kb.models.media import (
    AlorDocument,
    AlorImage,
    AlorRendition,
    DocumentVersion,
)
from kb.models.pages import (
    ArticleDocument,
    ArticlePage,
    GatheringPage,
    KnowledgeIndexPage,
    NationalGatheringIndexPage,
    NetworkIndexPage,
    NetworkPage,
)
from kb.models.snippets import Organisation, Person, Topic
from kb.models.versions import Action, GovernanceVersion, SentReminder
from kb.models.workers import TaskWorker
from kb.models.workflow import GovernanceApprovalTask, StepDecision

__all__ = [
    "Action",
    "ActionStatus",
    "GovernanceApprovalTask",
    "GovernanceVersion",
    "SentReminder",
    "StepDecision",
    "ActivityPlanPage",
    "AgreementPage",
    "CalendarFeedKey",
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
