from .amendments import AmendmentRequest
from .applications import (
    BEFORE_DECISION,
    DECIDED,
    PUBLISHED,
    Application,
    Limb,
    Recommendation,
    ReturnGround,
    State,
)
from .auditors import AuditorEvent, Engagement, IndependentAuditor
from .comments import Comment, CommentRedaction
from .copy_requests import CopyRequest
from .directions import Direction
from .documents import Document
from .events import ApplicationEvent, ImmutableEvent
from .issue_failures import IssueFailure
from .ministerial_access import MinisterialAccess
from .opinions import MinisterialOpinion
from .publication import NewspaperNotice
from .withheld import WithheldInformation

__all__ = [
    "BEFORE_DECISION",
    "DECIDED",
    "PUBLISHED",
    "AmendmentRequest",
    "Application",
    "ApplicationEvent",
    "AuditorEvent",
    "Comment",
    "CommentRedaction",
    "CopyRequest",
    "Direction",
    "Document",
    "Engagement",
    "ImmutableEvent",
    "IndependentAuditor",
    "IssueFailure",
    "Limb",
    "MinisterialAccess",
    "MinisterialOpinion",
    "NewspaperNotice",
    "Recommendation",
    "ReturnGround",
    "State",
    "WithheldInformation",
]
