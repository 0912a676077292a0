"""What /plans/ and a category's page show, as a cheap version for their ETags (one query each;
greenhouse_office.public_pages). Every act on a plan writes a PlanEvent; versions, reviews, task
forces, their members and recommendations are counted and their newest ids read."""

from greenhouse_office.public_pages import count, fingerprint, latest
from taskforces.models import (
    IndustryGreenhousePlan,
    PlanEvent,
    PlanReview,
    PlanVersion,
    Recommendation,
    SourceCategory,
    Taskforce,
    TaskforceMember,
)

TABLES = (
    SourceCategory,
    Taskforce,
    TaskforceMember,
    Recommendation,
    IndustryGreenhousePlan,
    PlanVersion,
    PlanReview,
    PlanEvent,
)


def plans_version(request, code=None) -> tuple:
    """Every category's (the list, and a category's page, which shows its task force and plan)."""
    parts = []
    for model in TABLES:
        parts += [latest(model.objects, "pk"), count(model.objects)]
    parts.append(latest(PlanVersion.objects, "rendered_at"))
    return fingerprint(*parts)
