"""What the public sees of Part 7 (s36-s39): the source categories, their task forces, and each plan
from its publication (s38). A plan being prepared shows nothing; one given to the Minister shows only
the day and the day by which it must be published. Each query here is a fixed number of SQL queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from taskforces.models import (
    IndustryGreenhousePlan,
    PlanReview,
    PlanState,
    PlanVersion,
    SourceCategory,
    Taskforce,
    TaskforceMember,
)

# The plan's state as the public reads it (a plan being prepared is not yet the public's).
PUBLIC_STATE = {
    None: "No plan published yet",
    PlanState.DRAFTING: "No plan published yet",
    PlanState.GIVEN_TO_MINISTER: "Given to the Minister; to be published (s38)",
    PlanState.PUBLISHED: "Published",
    PlanState.UNDER_REVIEW: "Published; under review (s39)",
}


@dataclass(frozen=True)
class PublicPlan:
    """One category's plan as the public may see it: ``plan`` is None before it is given to the
    Minister; ``published`` is False until the Minister publishes it (s38)."""

    category: SourceCategory
    taskforce: Taskforce | None
    plan: IndustryGreenhousePlan | None
    state: str  # in words

    @property
    def published(self) -> bool:
        return self.plan is not None and self.plan.state in (PlanState.PUBLISHED, PlanState.UNDER_REVIEW)

    @property
    def given_on(self) -> date | None:
        return self.plan.received_on if self.plan is not None else None


def public_plan(category: SourceCategory) -> PublicPlan:
    """``category`` with its (select_related) task force and plan, hiding a plan being prepared."""
    plan = getattr(category, "plan", None)
    taskforce = getattr(category, "taskforce", None)
    shown = plan if plan is not None and plan.state != PlanState.DRAFTING else None
    return PublicPlan(category, taskforce, shown, PUBLIC_STATE[shown.state if shown else None])


def categories_with_plans() -> list[PublicPlan]:
    """Every Annex A category in Annex A's order, its task force and its plan: one query."""
    return [public_plan(category) for category in SourceCategory.objects.select_related("taskforce", "plan")]


def categories_for_open_data() -> list[PublicPlan]:
    """As ``categories_with_plans``, with each plan's published versions: two queries."""
    versions = Prefetch(
        "plan__versions",
        queryset=PlanVersion.objects.filter(published_on__isnull=False).order_by("number"),
        to_attr="published_versions",
    )
    return [
        public_plan(category)
        for category in SourceCategory.objects.select_related("taskforce", "plan").prefetch_related(versions)
    ]


def category_page(code: str) -> PublicPlan | None:
    """One category for its page: its task force with members and recommendations, its plan with the
    published versions (newest first) and the reviews. None if there is no such category."""
    members = Prefetch("taskforce__members", queryset=TaskforceMember.objects.order_by("ended_on", "name"))
    versions = Prefetch(
        "plan__versions",
        queryset=PlanVersion.objects.filter(published_on__isnull=False).order_by("-number"),
        to_attr="published_versions",
    )
    reviews = Prefetch(
        "plan__reviews",
        queryset=PlanReview.objects.select_related("revised_version").order_by("-started_on", "-pk"),
    )
    category = (
        SourceCategory.objects.select_related("taskforce", "plan")
        .prefetch_related(members, "taskforce__recommendations__target", versions, reviews)
        .filter(code=code)
        .first()
    )
    return public_plan(category) if category is not None else None


def published_version(code: str, number: int) -> PlanVersion | None:
    """A published version of the category's plan (s38), or None."""
    return (
        PlanVersion.objects.select_related("plan__source_category")
        .filter(plan__source_category__code=code, number=number, published_on__isnull=False)
        .exclude(plan__state=PlanState.DRAFTING)
        .first()
    )


def plan_for_copies(code: str) -> IndustryGreenhousePlan | None:
    """The category's plan if it is published (s38: available on request), else None."""
    return (
        IndustryGreenhousePlan.objects.select_related("source_category")
        .filter(source_category__code=code, state__in=[PlanState.PUBLISHED, PlanState.UNDER_REVIEW])
        .first()
    )
