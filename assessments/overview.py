"""The Minister's overview: the figures of the whole process on one day, for the dashboard.

Applications by stage (the workflow's states, in its order), the decisions of the calendar year of the
day (s30), the days from receipt (s31) to decision, the statutory deadlines kept and missed (the
independent evaluation within 30 days of receipt, s32(1); directions to prepare an assessment by their
due date, s35), and the actions approved against each target in force on the day (s8).

A fixed number of queries whatever the number of applications: counts are aggregated in the database;
the days to decision and the approved emissions (the screening is JSON) are read as value lists and
reckoned here, so it runs on PostgreSQL and SQLite alike.
"""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q

from greenhouse_office import clock
from greenhouse_office.emission_targets import EmissionTarget
from greenhouse_office.statute.source_categories import SOURCE_CATEGORIES

from .models import Application, Direction, State
from .services.deadlines import AWAITING_EVALUATION
from .targets import Chart, annual_emissions, bar_chart, tonnes_in_words, tonnes_text

# What each stage means, beside its name (State's labels), in the workflow's order.
STAGE_NOTES = {
    State.DRAFT: "Started by the proponent, not yet lodged",
    State.LODGED: "Received by the Office (s31); the evaluation is to be obtained (s32)",
    State.RETURNED: "Returned to the proponent for amendment (s31)",
    State.EVALUATION_COMMISSIONED: "Independent environmental auditor appointed (s32(2))",
    State.EVALUATED: "Evaluation obtained (s32(1)), not yet published",
    State.OPEN_FOR_COMMENT: "Published, inviting public comment (s33)",
    State.COMMENTS_CLOSED: "Comments closed; the Office is preparing its advice (s34)",
    State.ADVICE_GIVEN: "Awaiting your decision (s30, s34)",
    State.APPROVED: "Approved by you (s30)",
    State.REFUSED: "Refused by you (s30)",
    State.WITHDRAWN: "Withdrawn by the proponent",
}


def days_in_words(days) -> str:
    """12 days, 1 day, 12.5 days (a median of an even count may fall between two whole days)."""
    if days is None:
        return "None decided"
    text = f"{days:g}" if isinstance(days, float) else str(days)
    return f"{text} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class StageCount:
    state: str
    label: str
    note: str
    count: int


@dataclass(frozen=True)
class Decisions:
    """The s30 decisions made in a calendar year, and the days from receipt (s31) to each."""

    year: int
    approved: int
    refused: int
    days: tuple[int, ...]  # receipt to decision, one per decision with a day of receipt

    @property
    def total(self) -> int:
        return self.approved + self.refused

    @property
    def median_days(self) -> int | float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def longest_days(self) -> int | None:
        return max(self.days) if self.days else None

    @property
    def median_in_words(self) -> str:
        return days_in_words(self.median_days)

    @property
    def longest_in_words(self) -> str:
        return days_in_words(self.longest_days)


@dataclass(frozen=True)
class EvaluationDeadlines:
    """s32(1): the evaluation is to be obtained within 30 days of receipt (``evaluation_due_on``);
    when it was obtained is ``evaluation_received_on`` (stamped by ``record_evaluation``)."""

    met: int  # obtained on or before the due day
    obtained_late: int  # obtained after it
    overdue: int  # still awaited (AWAITING_EVALUATION) and the due day has passed
    not_yet_due: int  # still awaited, due today or later

    @property
    def missed(self) -> int:
        return self.obtained_late + self.overdue


@dataclass(frozen=True)
class DirectionDeadlines:
    """s35: a direction is fulfilled when the person lodges an application for the action by its due
    date; overdue when the due date has passed and none is lodged (as on the directions page)."""

    fulfilled: int
    overdue: int
    outstanding: int  # not fulfilled, due today or later


@dataclass(frozen=True)
class TargetShare:
    """One target in force on the day (s8) against the annual emissions of the actions approved in its
    period (for a source category, those in that category, counted whole: assessments.targets)."""

    target: EmissionTarget
    approved_t_co2e: Decimal
    approved_count: int

    @property
    def label(self) -> str:
        return self.target.category_label

    @property
    def share_percent(self) -> Decimal | None:
        """The approved emissions as a percentage of the target, to one place; None for a nil target."""
        if self.target.target_t_co2e <= 0:
            return None
        return (self.approved_t_co2e * 100 / self.target.target_t_co2e).quantize(Decimal("0.1"))

    @property
    def share_in_words(self) -> str:
        if self.share_percent is None:
            return "The target is nil: any approved emissions exceed it" if self.approved_t_co2e else "Nil"
        words = f"{self.share_percent}% of the target"
        return f"{words} (over the target)" if self.approved_t_co2e > self.target.target_t_co2e else words

    @property
    def figures(self) -> dict[str, str]:
        return {
            "target": tonnes_text(self.target.target_t_co2e),
            "approved": tonnes_text(self.approved_t_co2e),
        }

    @property
    def chart(self) -> Chart:
        return bar_chart(
            title=f"{self.label}: target and approved emissions",
            values=[
                ("Target", self.target.target_t_co2e, "target"),
                ("Approved in the period", self.approved_t_co2e, "approved"),
            ],
        )

    @property
    def approved_in_words(self) -> str:
        return tonnes_in_words(self.approved_t_co2e)


@dataclass(frozen=True)
class Overview:
    on: date
    stages: tuple[StageCount, ...]
    decisions: Decisions
    evaluations: EvaluationDeadlines
    directions: DirectionDeadlines
    targets: tuple[TargetShare, ...]

    @property
    def applications(self) -> int:
        return sum(stage.count for stage in self.stages)


def applications_by_stage() -> tuple[StageCount, ...]:
    """Every state, in the workflow's order, with its count (0 included). One query."""
    counts = dict(Application.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return tuple(
        StageCount(state.value, state.label, STAGE_NOTES[state], counts.get(state, 0)) for state in State
    )


def decisions_in_year(year: int) -> Decisions:
    """The approvals and refusals (s30) made in ``year`` in Canberra, with the days from receipt. One
    query: the decisions of a year are few, and the legal day of each is the legal clock's."""
    rows = Application.objects.filter(
        state__in=(State.APPROVED, State.REFUSED),
        decided_at__gte=clock.day_start(date(year, 1, 1)),
        decided_at__lt=clock.day_start(date(year + 1, 1, 1)),
    ).values_list("state", "received_on", "decided_at")
    approved = refused = 0
    days = []
    for state, received_on, decided_at in rows:
        if state == State.APPROVED:
            approved += 1
        else:
            refused += 1
        if received_on is not None:
            days.append((clock.legal_day(decided_at) - received_on).days)
    return Decisions(year=year, approved=approved, refused=refused, days=tuple(sorted(days)))


def evaluation_deadlines(on: date) -> EvaluationDeadlines:
    """s32(1) on ``on``: evaluations obtained in time or late, and those awaited past their due day."""
    awaited = Q(
        state__in=AWAITING_EVALUATION, evaluation_received_on__isnull=True, evaluation_due_on__isnull=False
    )
    with_due = Application.objects.filter(evaluation_due_on__isnull=False)
    figures = with_due.aggregate(
        met=Count("pk", filter=Q(evaluation_received_on__lte=F("evaluation_due_on"))),
        obtained_late=Count("pk", filter=Q(evaluation_received_on__gt=F("evaluation_due_on"))),
        overdue=Count("pk", filter=awaited & Q(evaluation_due_on__lt=on)),
        not_yet_due=Count("pk", filter=awaited & Q(evaluation_due_on__gte=on)),
    )
    return EvaluationDeadlines(**figures)


def direction_deadlines(on: date) -> DirectionDeadlines:
    """s35 on ``on``: directions fulfilled, overdue (due day passed, none lodged) and outstanding."""
    unfulfilled = Q(fulfilled_at__isnull=True)
    figures = Direction.objects.aggregate(
        fulfilled=Count("pk", filter=Q(fulfilled_at__isnull=False)),
        overdue=Count("pk", filter=unfulfilled & Q(due_on__lt=on)),
        outstanding=Count("pk", filter=unfulfilled & Q(due_on__gte=on)),
    )
    return DirectionDeadlines(**figures)


def targets_in_force(on: date) -> tuple[TargetShare, ...]:
    """s8: each target in force on ``on`` (the total first, then Annex A's order) against the actions
    approved in its period. Two queries (one when no target is in force)."""
    order = {code: index for index, code in enumerate(["", *SOURCE_CATEGORIES])}
    targets = sorted(
        EmissionTarget.objects.filter(starts_on__lte=on, ends_on__gte=on),
        key=lambda target: (order.get(target.source_category, len(order)), target.source_category),
    )
    if not targets:
        return ()
    first = min(target.starts_on for target in targets)
    last = max(target.ends_on for target in targets)
    approved = [
        (clock.legal_day(decided_at), set(codes or ()), annual_emissions(screening) or Decimal(0))
        for decided_at, codes, screening in Application.objects.filter(
            state=State.APPROVED,
            decided_at__gte=clock.day_start(first),
            decided_at__lt=clock.day_start(last + timedelta(days=1)),
        ).values_list("decided_at", "source_categories", "screening")
    ]
    shares = []
    for target in targets:
        code = target.source_category
        counted = [
            tonnes
            for decided_on, codes, tonnes in approved
            if target.applies_on(decided_on) and (not code or code in codes)
        ]
        shares.append(TargetShare(target, sum(counted, Decimal(0)), len(counted)))
    return tuple(shares)


def ministers_overview(*, on: date | None = None) -> Overview:
    """The overview on ``on`` (default: today in Canberra). Six queries whatever the data's size."""
    day = on or clock.legal_day()
    return Overview(
        on=day,
        stages=applications_by_stage(),
        decisions=decisions_in_year(day.year),
        evaluations=evaluation_deadlines(day),
        directions=direction_deadlines(day),
        targets=targets_in_force(day),
    )
