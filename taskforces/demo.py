"""Part 7 in the demo: a task force for each source category since 2008 and its plan, walked through the
services at moments that could have happened, with the gaps the duties flag.

Used by ``seed_demo``. Idempotent: a category that already has a plan is skipped. History up to 2024
is fixed; the live cases are counted back from today, so a demo seeded any day shows them: a plan
given to the Minister and awaiting publication (s38), a review due within 90 days and one overdue
(s39), a plan under review, one still being prepared with the Office's s37 duty overdue, a category
without a task force (s36), and an appointment, an Office plan and a publication that were late.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from greenhouse_office import clock
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from taskforces import services
from taskforces.models import IndustryGreenhousePlan, PreparedBy, Reviewer, SourceCategory, Taskforce

APPOINTED = date(2008, 9, 1)  # s36(1): the Minister appointed the task forces before 12 September 2008
FIRST_GIVEN = date(2009, 11, 16)  # the task forces' first plans, before the s37 point (12 March 2010)
REVIEW_YEARS = (2012, 2015, 2018, 2021, 2024)

# Categories with a story of their own (the rest follow the common history).
NO_TASKFORCE = "1.A.5"  # never appointed: s36 overdue; the Office prepared its plan under s37
LATE_TASKFORCES = {"4.E": date(2009, 2, 16), "4.F": date(2009, 2, 16)}  # appointed after the s36 deadline
OFFICE_PLANS = {"1.A.5": date(2010, 8, 30), "4.E": date(2010, 11, 15)}  # s37 (4.E after its deadline)
LATE_PUBLICATION = {"1.B.3": date(2010, 1, 20)}  # s38: more than a month after receipt
AWAITING_PUBLICATION = "2.E"  # given to the Minister 10 days ago
BEING_PREPARED = "4.G"  # no plan yet given: the Office's s37 duty is overdue
UNDER_REVIEW = "1.A.3"
REVIEW_DUE_SOON = "1.A.1"  # due in about 60 days
REVIEW_OVERDUE = "6.A"  # due 20 days ago, not begun
REVIEWED_BY_A_PERSON = "2.C"  # s39(2): a person the Minister determined on the Office's advice

MEMBERS = [
    ("Dr Helen Marsh", "University of Melbourne", "None declared."),
    ("Peter Okafor", "Australian Industry Group", "Employed by an industry association whose members emit."),
    ("Li Wei", "Australian Conservation Foundation", "None declared."),
    ("Margaret O'Neill", "Department of the Environment", "None declared."),
    ("Tom Baker", "Australian Council of Trade Unions", "Member of a union with members in the industry."),
]


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=LEGAL_TIME_ZONE)


def plan_text(category: SourceCategory, version: int) -> tuple[str, str]:
    summary = (
        f"How {category.name.lower()} ({category.sector}) reduces its greenhouse gas emissions towards the "
        f"targets set under section 8, and how progress is measured."
    )
    text = "\n\n".join(
        [
            "# Where the emissions come from",
            f"The category's emissions are reported under code {category.code} of the national inventory. "
            "The largest sources, their trend since 1990 and the actions expected in the next three years.",
            "# Measures",
            "Energy efficiency standards, fuel switching where it is prudent and feasible, and the capture "
            "of methane where it is released.",
            "# Milestones and measurement",
            f"Version {version}: milestones for each of the next three years, reported to the Minister "
            "with the Office's annual report.",
        ]
    )
    return summary, text


@dataclass(frozen=True)
class Story:
    appointed: date | None
    prepared_by: str
    given: date | None
    published: date | None
    reviews: tuple[tuple[date, date | None, bool], ...]  # (began, completed, revised)


def story(code: str, today: date) -> Story:
    appointed = None if code == NO_TASKFORCE else LATE_TASKFORCES.get(code, APPOINTED)
    if code == BEING_PREPARED:
        return Story(appointed, PreparedBy.OFFICE, None, None, ())
    if code == AWAITING_PUBLICATION:
        return Story(appointed, PreparedBy.TASKFORCE, today - timedelta(days=10), None, ())
    given = OFFICE_PLANS.get(code, FIRST_GIVEN)
    prepared_by = PreparedBy.OFFICE if code in OFFICE_PLANS else PreparedBy.TASKFORCE
    published = LATE_PUBLICATION.get(code, given + timedelta(days=21))
    reviews = [(date(year, 4, 1), date(year, 6, 30), year in (2015, 2021)) for year in REVIEW_YEARS]
    if code == REVIEW_DUE_SOON:  # the last review completed so that the next is due in about 60 days
        last = _three_years_before(today + timedelta(days=60))
        reviews[-1] = (last - timedelta(days=90), last, False)
    elif code == REVIEW_OVERDUE:
        last = _three_years_before(today - timedelta(days=20))
        reviews[-1] = (last - timedelta(days=90), last, False)
    elif code == UNDER_REVIEW:
        reviews.append((today - timedelta(days=40), None, False))
    return Story(appointed, prepared_by, given, published, tuple(reviews))


def _three_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 3, day=28)


def seed_demo_plans(today: date | None = None) -> tuple[int, int]:
    """Create the task forces and plans that are missing; returns (created, already present)."""
    today = today or clock.legal_day()
    officer = get_user_model().objects.get(username="officer")
    created = present = 0
    for category in SourceCategory.objects.order_by("position"):
        if IndustryGreenhousePlan.objects.filter(source_category=category).exists():
            present += 1
            continue
        with transaction.atomic():
            _build(category, story(category.code, today), officer, today)
        created += 1
    return created, present


def _build(category: SourceCategory, plot: Story, officer, today: date) -> None:
    if plot.appointed and not hasattr(category, "taskforce"):
        taskforce = Taskforce.objects.create(
            source_category=category,
            name=f"{category.name} Greenhouse Taskforce",
            appointed_on=plot.appointed,
            instrument=f"Convention on Climate Change (Implementation) Task Force Appointment "
            f"({category.code}) {plot.appointed.year}",
            constitution="Five members appointed by the Minister for three years, with a chair from "
            "outside the industry.",
        )
        for name, affiliation, interests in MEMBERS:
            taskforce.members.create(
                name=name, affiliation=affiliation, interests=interests, appointed_on=plot.appointed
            )
        taskforce.recommendations.create(
            made_on=date(2010, 5, 3),
            subject=f"The {category.name.lower()} target for the first commitment period",
            text="The target should be met through efficiency first; a sectoral review in 2012.",
            response="Noted; taken into account in the 2012 targets review.",
        )
    summary, text = plan_text(category, 1)
    started = (plot.given or today) - timedelta(days=120)
    plan = services.prepare_plan(
        source_category=category,
        prepared_by=plot.prepared_by,
        title=f"Industry greenhouse plan: {category.label}",
        summary=summary,
        text=text,
        actor=officer,
        at=noon(max(started, date(2008, 10, 1))),
    )
    if plot.given is None:
        return
    services.give_to_minister(plan=plan, actor=officer, received_on=plot.given, at=noon(plot.given))
    if plot.published is None:
        return
    services.publish(plan=plan, actor=officer, published_on=plot.published, at=noon(plot.published))
    version = 1
    for began, completed, revised in plot.reviews:
        by_a_person = (category.code == REVIEWED_BY_A_PERSON and began.year == 2018) or not plot.appointed
        reviewer = {"reviewer": Reviewer.TASKFORCE}
        if by_a_person:  # s39(2): a person the Minister determined on the Office's advice
            reviewer = {
                "reviewer": Reviewer.DETERMINED,
                "reviewer_name": "Emeritus Professor Ann Carter",
                "determined_on": began - timedelta(days=14),
                "office_advice": "An independent reviewer with no interest in the category.",
            }
        services.begin_review(plan=plan, actor=officer, started_on=began, at=noon(began), **reviewer)
        if completed is None:
            continue
        revision = {}
        if revised:
            version += 1
            revision = dict(
                zip(("revised_summary", "revised_text"), plan_text(category, version), strict=True)
            )
        services.complete_review(
            plan=plan,
            actor=officer,
            outcome="Revised: milestones updated for the next three years."
            if revised
            else "No change needed: the measures are on track.",
            completed_on=completed,
            at=noon(completed),
            **revision,
        )
