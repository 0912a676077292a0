"""The duties of Part 7 on a given day, computed from the statute rules and the records, none missed
silently.

Live duties are shown until done: a plan given to the Minister and not yet public (s38), a review due
within the warning days or overdue (s39(1)), a category with no task force (s36(1)) or, after the s37
point, no plan given to the Minister (s37). Duties done after their deadline stay listed as history
(``LATE``), so a gap in 2008-2010 is on the record rather than lost. Read-only: three queries (the
categories with their task forces, the plans, their versions) whatever the data.

On a day ``on`` in the past, a thing recorded as done after ``on`` was not yet done that day: a task
force appointed, a plan given or a version published later counts as outstanding on ``on``, and a
version received after ``on`` owes nothing yet.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from greenhouse_office import clock, statute
from greenhouse_office.roles import Role
from taskforces.models import IndustryGreenhousePlan, PlanState, PreparedBy, SourceCategory


class Status(StrEnum):
    OVERDUE = "overdue"  # past its deadline and not done
    DUE = "due"  # not done, deadline ahead
    LATE = "late"  # done, after its deadline (history)

    @property
    def words(self) -> str:
        return {"overdue": "Overdue", "due": "Due", "late": "Done late"}[self.value]


@dataclass(frozen=True)
class Obligation:
    """One duty of Part 7 for one source category (and plan), in words, with its deadline."""

    key: str  # stable: the same duty has the same key every day (the job emails once per key/status)
    section: str
    duty: str
    responsible: tuple[Role, ...]
    category: SourceCategory
    due_on: date
    status: Status
    plan: IndustryGreenhousePlan | None = None
    done_on: date | None = None

    @property
    def is_live(self) -> bool:
        return self.status != Status.LATE

    @property
    def who(self) -> str:
        return " and ".join(role.label for role in self.responsible)

    def status_in_words(self, on: date) -> str:
        """The status on day ``on``, in words: "Overdue by 3 days", "Due today", "Due in 5 days"."""
        if self.status == Status.LATE:
            return f"Done late, on {self.done_on:%-d %B %Y}"
        days = (self.due_on - on).days
        if days < -LONG_OVERDUE_DAYS:  # "6,655 days" says less than the day it fell due
            return f"Overdue since {self.due_on:%-d %B %Y}"
        if days < 0:
            return f"Overdue by {-days} day{'' if days == -1 else 's'}"
        if days == 0:
            return "Due today"
        return f"Due in {days} day{'' if days == 1 else 's'}"


MINISTER_AND_OFFICE = (Role.MINISTER, Role.OFFICE_STAFF)
LONG_OVERDUE_DAYS = 90  # how it is said, not a number of the Bill: past this, the day it fell due


def obligations(*, on: date | None = None) -> list[Obligation]:
    """Every Part 7 duty on day ``on`` (default: today in Canberra): live ones first, soonest first."""
    on = on or clock.legal_day()
    categories = list(SourceCategory.objects.select_related("taskforce").order_by("position"))
    plans = {
        plan.source_category_id: plan
        for plan in IndustryGreenhousePlan.objects.prefetch_related("versions").order_by("pk")
    }
    found: list[Obligation] = []
    for category in categories:
        plan = plans.get(category.pk)
        found += _taskforce(category, on)
        found += _office_plan(category, plan, on)
        if plan is not None:
            found += _publication(category, plan, on)
            found += _review(category, plan, on)
    return sorted(found, key=lambda o: (not o.is_live, o.due_on, o.category.position, o.section))


def live_obligations(*, on: date | None = None) -> list[Obligation]:
    return [o for o in obligations(on=on) if o.is_live]


def _status(due: date, done: date | None, on: date) -> Status | None:
    done = _done_by(done, on)  # done after the day asked about: outstanding on that day
    if done is not None:
        return Status.LATE if done > due else None
    return Status.OVERDUE if on > due else Status.DUE


def _done_by(done: date | None, on: date) -> date | None:
    return done if done is not None and done <= on else None


def _taskforce(category: SourceCategory, on: date) -> list[Obligation]:
    # s36(1): "within 6 months after the commencement of this Act, the Minister must appoint a task force"
    deadline = statute.taskforce_appointment_deadline()
    taskforce = getattr(category, "taskforce", None)
    appointed = taskforce.appointed_on if taskforce else None
    status = _status(deadline.deadline, appointed, on)
    if status is None:
        return []
    return [
        Obligation(
            key=f"s36:{category.code}",
            section="s36(1)",
            duty=f"Appoint a task force for {category.label}",
            responsible=(Role.MINISTER,),
            category=category,
            due_on=deadline.deadline,
            status=status,
            done_on=_done_by(appointed, on),
        )
    ]


def _office_plan(category: SourceCategory, plan, on: date) -> list[Obligation]:
    # s37: if at the end of 2 years no task force had prepared a plan, the Office must within 6 months.
    trigger = statute.office_plan_trigger_day()
    if on <= trigger:
        return []
    first_given = _first_given(plan)
    if (
        plan is not None
        and plan.prepared_by == PreparedBy.TASKFORCE
        and first_given
        and first_given <= trigger
    ):
        return []  # the task force's plan was given in time: s37 never applied
    deadline = statute.office_plan_deadline()
    status = _status(deadline.deadline, first_given, on)
    if status is None:
        return []
    return [
        Obligation(
            key=f"s37:{category.code}",
            section="s37",
            duty=f"Prepare and give the Minister an industry greenhouse plan for {category.label}",
            responsible=(Role.DIRECTOR, Role.OFFICE_STAFF),
            category=category,
            due_on=deadline.deadline,
            status=status,
            plan=plan,
            done_on=_done_by(first_given, on),
        )
    ]


def _first_given(plan) -> date | None:
    """The day the Minister first received the plan (its first version), or None."""
    if plan is None:
        return None
    first = min((v for v in plan.versions.all()), key=lambda v: v.number, default=None)
    return first.received_on if first is not None else None


def _publication(category: SourceCategory, plan, on: date) -> list[Obligation]:
    # s38: each version public on the Internet and on request within one month after the Minister
    # received it (a revision after review is published the day it is received).
    found = []
    for version in sorted(plan.versions.all(), key=lambda v: v.number):
        if version.received_on is None or version.received_on > on:
            continue  # not yet received by the Minister on that day: s38's month has not begun
        due = statute.plan_publication_deadline(version.received_on).deadline
        status = _status(due, version.published_on, on)
        if status is None:
            continue
        found.append(
            Obligation(
                key=f"s38:{category.code}:v{version.number}",
                section="s38",
                duty=f"Make the plan for {category.label} public on the Internet and on request",
                responsible=MINISTER_AND_OFFICE,
                category=category,
                due_on=due,
                status=status,
                plan=plan,
                done_on=_done_by(version.published_on, on),
            )
        )
    return found


def _review(category: SourceCategory, plan, on: date) -> list[Obligation]:
    # s39(1): "at least once in every period of 3 years, the Minister must cause a review".
    if plan.state != PlanState.PUBLISHED or plan.review_due_on is None:
        return []
    due = plan.review_due_on
    if on < statute.plan_review_warning_day(due):
        return []
    return [
        Obligation(
            key=f"s39:{category.code}:{due.isoformat()}",
            section="s39(1)",
            duty=f"Cause a review of the plan for {category.label}",
            responsible=MINISTER_AND_OFFICE,
            category=category,
            due_on=due,
            status=Status.OVERDUE if on > due else Status.DUE,
            plan=plan,
        )
    ]
