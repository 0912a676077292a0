"""Open data: the source categories, their task forces and industry greenhouse plans (s36-s39) as CSV
and JSON, one row per Annex A category, at /open-data/plans.csv and .json (``assessments.open_data``
serves every register; ``TaskforcesConfig.ready`` adds this one). A plan being prepared is not in the
file; one given to the Minister shows only its s38 dates (the selectors' rule, as on /plans/)."""

from django.urls import reverse

from assessments.open_data import Column, Register
from taskforces import selectors
from taskforces.selectors import PublicPlan


def _versions(row: PublicPlan) -> list:
    return row.plan.published_versions if row.published else []


def _current(row: PublicPlan):
    versions = _versions(row)
    return versions[-1] if versions else None


def _published(row: PublicPlan, field: str):
    return getattr(row.plan, field) if row.published else None


def _shown(row: PublicPlan, field: str):
    return getattr(row.plan, field) if row.plan is not None else None


def _received_on(row: PublicPlan, _link=None):
    current = _current(row)
    return current.received_on if current is not None else _shown(row, "received_on")


def _pdf(row: PublicPlan, link) -> str:
    current = _current(row)
    if current is None:
        return ""
    return link(reverse("plans:version-pdf", kwargs={"code": row.category.code, "number": current.number}))


def _taskforce(row: PublicPlan, field: str):
    return getattr(row.taskforce, field) if row.taskforce is not None else None


PLANS = Register(
    slug="plans",
    title="Industry greenhouse plans",
    description="Every Kyoto Protocol Annex A source category, its greenhouse taskforce (s36) and its "
    "industry greenhouse plan: published within a month after the Minister receives it (s38) and reviewed "
    "at least once in every 3 years (s39).",
    columns=(
        Column(
            "source_category", "text", "The category's IPCC code, e.g. 1.A.3.", lambda r, _: r.category.code
        ),
        Column("sector", "text", "The Annex A sector.", lambda r, _: r.category.sector),
        Column("name", "text", "The category's name in Annex A.", lambda r, _: r.category.name),
        Column(
            "taskforce",
            "text",
            "The greenhouse taskforce the Minister appointed for it (s36(1)); empty if none.",
            lambda r, _: _taskforce(r, "name"),
        ),
        Column(
            "taskforce_appointed_on",
            "date",
            "Day the Minister appointed the task force (s36(1)).",
            lambda r, _: _taskforce(r, "appointed_on"),
        ),
        Column("stage", "text", "Where the plan stands, in words.", lambda r, _: r.state),
        Column("plan_title", "text", "The published plan's title.", lambda r, _: _published(r, "title")),
        Column(
            "prepared_by",
            "text",
            "Who prepared the published plan: the task force (s36(1)(a)) or the Greenhouse Office (s37).",
            lambda r, _: r.plan.get_prepared_by_display() if r.published else None,
        ),
        Column(
            "received_on",
            "date",
            "Day the Minister received the plan's current (or awaited) version (s38).",
            _received_on,
        ),
        Column(
            "publication_due_on",
            "date",
            "Last day to publish the plan given to the Minister: one month after receipt (s38).",
            lambda r, _: _shown(r, "publication_due_on"),
        ),
        Column(
            "first_published_on",
            "date",
            "Day the plan was first published (s38).",
            lambda r, _: _published(r, "first_published_on"),
        ),
        Column(
            "published_on",
            "date",
            "Day the current version was published (s38).",
            lambda r, _: _published(r, "published_on"),
        ),
        Column(
            "current_version",
            "text",
            "The number of the current version (1, then one more for each revision after a review).",
            lambda r, _: _current(r).number if _current(r) else None,
        ),
        Column(
            "versions",
            "text",
            'Every published version as "<number> (<published on>)", oldest first, separated by "; ".',
            lambda r, _: "; ".join(f"{v.number} ({v.published_on.isoformat()})" for v in _versions(r)),
        ),
        Column(
            "last_reviewed_on",
            "date",
            "Day the last review was completed (s39(1)); empty if none yet.",
            lambda r, _: _published(r, "last_reviewed_on"),
        ),
        Column(
            "review_due_on",
            "date",
            "Day by which the next review must be caused to be undertaken (s39(1)).",
            lambda r, _: _published(r, "review_due_on"),
        ),
        Column("plan_pdf", "URL", "The current version as a PDF.", _pdf),
        Column(
            "url",
            "URL",
            "The category's page on the site.",
            lambda r, link: link(reverse("plans:plan", kwargs={"code": r.category.code})),
        ),
    ),
    rows=selectors.categories_for_open_data,
)
