"""One service per act on an industry greenhouse plan (Part 7). Views, admin and jobs call these only.

Each takes the moment of its act as ``at`` (default: now in Canberra); days the Office records
(received, published, begun, completed) default to that moment's legal day and may not be later.
"""

from datetime import date, datetime

from django.db import transaction

from greenhouse_office import access, clock
from taskforces import guards
from taskforces.errors import PlanError, Refusal
from taskforces.models import (
    IndustryGreenhousePlan,
    PlanReview,
    PlanVersion,
    PreparedBy,
    Reviewer,
    SourceCategory,
)

from .documents import queue_version_pdf
from .executor import Outcome, lock, record_change, run_transition


def _require_office(actor, what: str) -> None:
    if not access.is_office(actor):
        raise PlanError(Refusal.FORBIDDEN, f"Only Office staff may {what}.")


def _required(**fields) -> None:
    missing = {
        name: [f"Give the {name.replace('_', ' ')}."] for name, value in fields.items() if not value.strip()
    }
    if missing:
        raise PlanError(Refusal.INVALID, "The plan needs correcting.", field_errors=missing)


def prepare_plan(
    *,
    source_category: SourceCategory,
    prepared_by: str,
    title: str,
    summary: str,
    text: str,
    actor,
    at: datetime | None = None,
) -> IndustryGreenhousePlan:
    """s36(1)(a), s37: begin the plan for a source category (its first version, being prepared).

    Office staff record it, whether the task force prepares it or the Office does under s37. Each
    category has one plan; later versions come from its reviews (s39).
    """
    at = clock.moment(at)
    _require_office(actor, "record an industry greenhouse plan")
    _required(title=title, summary=summary, text=text)
    if prepared_by not in PreparedBy.values:
        raise PlanError(
            Refusal.INVALID,
            "Say who prepared the plan.",
            field_errors={"prepared_by": ["Choose who prepared it."]},
        )
    with transaction.atomic():
        if IndustryGreenhousePlan.objects.filter(source_category=source_category).exists():
            raise PlanError(
                Refusal.CONFLICT,
                f"{source_category.label} already has an industry greenhouse plan; "
                "revise it through a review (s39).",
            )
        plan = IndustryGreenhousePlan(
            source_category=source_category, prepared_by=prepared_by, title=title.strip(), created_at=at
        )
        plan.full_clean(exclude=["state"])
        plan.save()
        PlanVersion.objects.create(plan=plan, number=1, summary=summary.strip(), text=text.strip())
        record_change(
            plan,
            "prepare_plan",
            actor=actor,
            at=at,
            section="s37" if prepared_by == PreparedBy.OFFICE else "s36(1)(a)",
            payload={
                "source_category": source_category.code,
                "prepared_by": prepared_by,
                "title": plan.title,
            },
        )
    return plan


def revise_draft(
    *, plan: IndustryGreenhousePlan, summary: str, text: str, actor, at: datetime | None = None
) -> PlanVersion:
    """Change the text of the version being prepared (before it is given to the Minister)."""
    at = clock.moment(at)
    _require_office(actor, "change a plan's text")
    _required(summary=summary, text=text)
    with transaction.atomic():
        locked = lock(plan)
        draft = locked.draft
        if locked.state != "drafting" or draft is None:
            raise PlanError(
                Refusal.NOT_AVAILABLE,
                "The plan has been given to the Minister; its text changes only through a review (s39).",
            )
        draft.summary, draft.text = summary.strip(), text.strip()
        draft.save(update_fields=["summary", "text"])
        record_change(
            locked, "revise_draft", actor=actor, at=at, section="s36(1)(a)", payload={"version": draft.number}
        )
    return draft


def give_to_minister(
    *, plan: IndustryGreenhousePlan, actor, received_on: date | None = None, at: datetime | None = None
) -> Outcome:
    """s36(1)(a), s37: record the day the Minister received the plan; s38's month to publish starts."""
    at = clock.moment(at)
    received_on = received_on or at.date()

    def refusals(locked):
        return guards.day_not_in_future(received_on, at.date(), "the Minister received it")

    def stamp_version(locked):
        draft = locked.draft
        draft.received_on = received_on
        draft.save(update_fields=["received_on"])

    return run_transition(
        plan,
        "give_to_minister",
        actor=actor,
        at=at,
        payload={"received_on": received_on},
        refusals=refusals,
        after_save=stamp_version,
    )


def publish(
    *, plan: IndustryGreenhousePlan, actor, published_on: date | None = None, at: datetime | None = None
) -> Outcome:
    """s38: record the plan as available on the Internet and on request; its PDF is issued after commit.

    Publishing after the s38 month is still the Minister's duty: it is done, with a warning.
    """
    at = clock.moment(at)
    published_on = published_on or at.date()

    def refusals(locked):
        return guards.day_not_in_future(published_on, at.date(), "it was published") + guards.not_before(
            published_on, locked.received_on, "it was published", "the day the Minister received it"
        )

    def stamp_version(locked):
        version = locked.draft
        version.published_on = published_on
        version.save(update_fields=["published_on"])
        transaction.on_commit(lambda: queue_version_pdf(version.pk), robust=True)

    outcome = run_transition(
        plan,
        "publish",
        actor=actor,
        at=at,
        payload={"published_on": published_on},
        refusals=refusals,
        after_save=stamp_version,
    )
    due = outcome.record.publication_due_on
    if due and published_on > due:
        outcome.warnings.append(f"s38: published after the last day to publish it ({due:%-d %B %Y}).")
    return outcome


def begin_review(
    *,
    plan: IndustryGreenhousePlan,
    actor,
    reviewer: str,
    started_on: date | None = None,
    reviewer_name: str = "",
    determined_on: date | None = None,
    office_advice: str = "",
    at: datetime | None = None,
) -> Outcome:
    """s39: record the review the Minister causes to be undertaken, by the task force or by the person or
    persons the Minister determined on the Office's advice (s39(2))."""
    at = clock.moment(at)
    started_on = started_on or at.date()
    errors = {}
    if reviewer not in Reviewer.values:
        errors["reviewer"] = ["s39(2): say who undertakes the review: the task force or a person determined."]
    elif reviewer == Reviewer.DETERMINED:
        if not reviewer_name.strip():
            errors["reviewer_name"] = ["s39(2): name the person or persons the Minister determined."]
        if determined_on is None:
            errors["determined_on"] = ["s39(2): give the day the Minister determined the reviewer."]
        if not office_advice.strip():
            errors["office_advice"] = ["s39(2): the Minister determines on the Office's advice: record it."]
    if errors:
        raise PlanError(Refusal.INVALID, "The review needs correcting.", field_errors=errors)

    def refusals(locked):
        found = guards.day_not_in_future(started_on, at.date(), "the review began")
        found += guards.not_before(
            started_on, locked.published_on, "the review began", "the plan's publication"
        )
        if determined_on is not None:
            found += guards.day_not_in_future(
                determined_on, at.date(), "the Minister determined the reviewer"
            )
        return found

    def record_review(locked):
        PlanReview.objects.create(
            plan=locked,
            reviewer=reviewer,
            reviewer_name=reviewer_name.strip(),
            determined_on=determined_on,
            office_advice=office_advice.strip(),
            started_on=started_on,
            recorded_by=actor,
        )

    return run_transition(
        plan,
        "begin_review",
        actor=actor,
        at=at,
        payload={},
        refusals=refusals,
        after_save=record_review,
        logged={
            "reviewer": reviewer,
            "reviewer_name": reviewer_name.strip(),
            "determined_on": determined_on,
            "started_on": started_on,
        },
    )


def complete_review(
    *,
    plan: IndustryGreenhousePlan,
    actor,
    outcome: str,
    completed_on: date | None = None,
    revised_summary: str = "",
    revised_text: str = "",
    at: datetime | None = None,
) -> Outcome:
    """s39(1): record the review's outcome; a revision becomes the plan's new version, published the same
    day (s38), and its PDF is issued after commit. The next review is due within 3 years of completion."""
    at = clock.moment(at)
    completed_on = completed_on or at.date()
    revised = bool(revised_text.strip())
    errors = {}
    if not outcome.strip():
        errors["outcome"] = ["s39(1): say what the review found."]
    if revised and not revised_summary.strip():
        errors["revised_summary"] = ["Give the revised plan's summary."]
    if errors:
        raise PlanError(Refusal.INVALID, "The review's outcome needs correcting.", field_errors=errors)

    def review_of(locked) -> PlanReview:
        return locked.reviews.filter(completed_on__isnull=True).order_by("-started_on", "-pk").first()

    def refusals(locked):
        review = review_of(locked)
        return guards.day_not_in_future(
            completed_on, at.date(), "the review was completed"
        ) + guards.not_before(
            completed_on,
            review.started_on if review else None,
            "the review was completed",
            "the day it began",
        )

    def record_outcome(locked):
        review = review_of(locked)
        review.completed_on, review.outcome = completed_on, outcome.strip()
        if revised:
            number = max(v.number for v in locked.versions.all()) + 1
            review.revised_version = PlanVersion.objects.create(
                plan=locked,
                number=number,
                summary=revised_summary.strip(),
                text=revised_text.strip(),
                received_on=completed_on,
                published_on=completed_on,
            )
            version_pk = review.revised_version.pk
            transaction.on_commit(lambda: queue_version_pdf(version_pk), robust=True)
        review.save()

    return run_transition(
        plan,
        "complete_review",
        actor=actor,
        at=at,
        payload={"completed_on": completed_on, "revised": revised},
        refusals=refusals,
        after_save=record_outcome,
        logged={"completed_on": completed_on, "revised": revised, "outcome": outcome.strip()},
    )
