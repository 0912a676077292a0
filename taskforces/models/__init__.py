"""Part 7: source categories, their greenhouse taskforces (s36) and industry greenhouse plans (ss37-39)."""

from .categories import SourceCategory
from .copy_requests import PlanCopyRequest
from .notices import DutyNotice
from .plans import IndustryGreenhousePlan, PlanEvent, PlanReview, PlanState, PlanVersion, PreparedBy, Reviewer
from .taskforces import Recommendation, Taskforce, TaskforceMember

__all__ = [
    "DutyNotice",
    "IndustryGreenhousePlan",
    "PlanCopyRequest",
    "PlanEvent",
    "PlanReview",
    "PlanState",
    "PlanVersion",
    "PreparedBy",
    "Recommendation",
    "Reviewer",
    "SourceCategory",
    "Taskforce",
    "TaskforceMember",
]
