"""Industry greenhouse plans through their acts (Part 7): the workflow core's executor, guards and chain."""

from datetime import date

import pytest

from greenhouse_office.statute.source_categories import SOURCE_CATEGORIES
from greenhouse_office.workflow.verify import verify_model
from taskforces import services
from taskforces.acts import PLAN_ACTS
from taskforces.errors import PlanError, Refusal
from taskforces.models import IndustryGreenhousePlan, PlanEvent, PlanState, SourceCategory
from tests.factories import UserFactory

from .conftest import noon

pytestmark = pytest.mark.django_db


def test_source_categories_are_annex_a_as_the_statute_lists_them():
    rows = list(SourceCategory.objects.values_list("code", "sector", "name"))
    assert rows == [(c.code, c.sector, c.name) for c in SOURCE_CATEGORIES.values()]


def test_every_transition_is_a_declared_act_with_its_section():
    assert PLAN_ACTS.names() == ("give_to_minister", "publish", "begin_review", "complete_review")
    assert [act.section for act in PLAN_ACTS] == ["s36(1)(a), s37", "s38", "s39", "s39(1)"]


def test_s38_receipt_on_31_january_is_due_by_the_next_business_day_after_28_february(make_plan, officer):
    plan = make_plan(given=date(2027, 1, 31))
    services.give_to_minister(
        plan=plan, actor=officer, received_on=date(2027, 1, 31), at=noon(date(2027, 2, 1))
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.GIVEN_TO_MINISTER
    # One month after 31 January ends on 28 February 2027, a Sunday: AIA s36(2) moves it to Monday.
    assert plan.publication_due_on == date(2027, 3, 1)
    assert plan.draft.received_on == date(2027, 1, 31)


def test_s39_review_due_three_years_after_publication_moved_off_a_weekend(make_plan):
    plan = make_plan("published", given=date(2024, 3, 1), published=date(2024, 3, 6))
    plan.refresh_from_db()
    # 3 years after 6 March 2024 end on Saturday 6 March 2027; Monday 8 March is Canberra Day (an ACT
    # public holiday), so under AIA s36(2) the review may be caused by Tuesday 9 March.
    assert plan.review_due_on == date(2027, 3, 9)
    assert plan.first_published_on == plan.published_on == date(2024, 3, 6)
    assert plan.current_version.number == 1


def test_give_to_minister_refused_without_the_plan_text_in_the_acts_words(make_plan, officer):
    plan = make_plan()
    draft = plan.draft
    draft.text = " "
    draft.save()
    with pytest.raises(PlanError) as refused:
        services.give_to_minister(
            plan=plan, actor=officer, received_on=date(2020, 1, 31), at=noon(date(2020, 2, 1))
        )
    assert refused.value.kind == Refusal.RULE
    assert "s36(1)(a): write the plan" in str(refused.value)


def test_only_office_staff_run_the_acts(make_plan):
    plan = make_plan()
    with pytest.raises(PlanError) as refused:
        services.give_to_minister(plan=plan, actor=UserFactory(), received_on=date(2020, 1, 31))
    assert refused.value.kind == Refusal.FORBIDDEN
    assert "Only Office staff may record the plan as given to the minister" in str(refused.value)


def test_days_recorded_cannot_be_in_the_future_or_before_receipt(make_plan, officer):
    plan = make_plan("given_to_minister", given=date(2020, 1, 31))
    with pytest.raises(PlanError, match="cannot be after today"):
        services.publish(plan=plan, actor=officer, published_on=date(2020, 3, 1), at=noon(date(2020, 2, 10)))
    with pytest.raises(PlanError, match="cannot be before the day the Minister received it"):
        services.publish(plan=plan, actor=officer, published_on=date(2020, 1, 30), at=noon(date(2020, 2, 10)))


def test_publishing_late_is_done_with_a_warning(make_plan, officer):
    plan = make_plan("given_to_minister", given=date(2020, 1, 31))
    outcome = services.publish(
        plan=plan, actor=officer, published_on=date(2020, 3, 20), at=noon(date(2020, 3, 20))
    )
    assert outcome.record.state == PlanState.PUBLISHED
    assert outcome.warnings == ["s38: published after the last day to publish it (2 March 2020)."]


def test_a_review_by_a_person_needs_the_ministers_determination_on_the_offices_advice(make_plan, officer):
    plan = make_plan("published")
    with pytest.raises(PlanError) as refused:
        services.begin_review(plan=plan, actor=officer, reviewer="determined", at=noon(date(2022, 6, 1)))
    assert set(refused.value.field_errors) == {"reviewer_name", "determined_on", "office_advice"}
    outcome = services.begin_review(
        plan=plan,
        actor=officer,
        reviewer="determined",
        reviewer_name="Dr Ada Ng",
        determined_on=date(2022, 5, 20),
        office_advice="An independent economist should review it.",
        started_on=date(2022, 6, 1),
        at=noon(date(2022, 6, 1)),
    )
    assert outcome.record.state == PlanState.UNDER_REVIEW
    review = plan.reviews.get()
    assert (review.reviewer_in_words, review.determined_on) == ("Dr Ada Ng", date(2022, 5, 20))


def test_completing_a_review_with_a_revision_publishes_version_2_and_resets_the_s39_period(
    make_plan, officer
):
    plan = make_plan("under_review", published=date(2020, 2, 14), review_began=date(2022, 6, 1))
    outcome = services.complete_review(
        plan=plan,
        actor=officer,
        outcome="Targets tightened; freight measures added.",
        completed_on=date(2022, 9, 30),
        revised_summary="The revised plan.",
        revised_text="# Measures\n\nMore.",
        at=noon(date(2022, 9, 30)),
    )
    plan = outcome.record
    assert plan.state == PlanState.PUBLISHED
    assert (plan.last_reviewed_on, plan.published_on, plan.first_published_on) == (
        date(2022, 9, 30),
        date(2022, 9, 30),
        date(2020, 2, 14),
    )
    assert plan.review_due_on == date(2025, 9, 30)
    assert [v.number for v in plan.versions.all()] == [1, 2]
    assert plan.current_version.number == 2
    review = plan.reviews.get()
    assert review.revised_version.number == 2 and review.outcome.startswith("Targets tightened")


def test_completing_a_review_without_a_revision_keeps_the_version(make_plan, officer):
    plan = make_plan("under_review")
    with pytest.raises(PlanError) as refused:
        services.complete_review(plan=plan, actor=officer, outcome=" ", at=noon(date(2022, 9, 30)))
    assert refused.value.field_errors == {"outcome": ["s39(1): say what the review found."]}
    plan = services.complete_review(
        plan=plan,
        actor=officer,
        outcome="No change needed.",
        completed_on=date(2022, 9, 30),
        at=noon(date(2022, 9, 30)),
    ).record
    assert plan.published_on == date(2020, 2, 14) and plan.current_version.number == 1


def test_one_plan_per_category(make_plan, officer, transport):
    make_plan()
    with pytest.raises(PlanError) as refused:
        services.prepare_plan(
            source_category=transport, prepared_by="office", title="t", summary="s", text="x", actor=officer
        )
    assert refused.value.kind == Refusal.CONFLICT


def test_every_act_is_in_the_plans_hash_chain(make_plan, officer):
    plan = make_plan("under_review")
    names = list(PlanEvent.objects.filter(plan=plan).values_list("transition", flat=True))
    assert names == ["prepare_plan", "give_to_minister", "publish", "begin_review"]
    breaks, events, records = verify_model(IndustryGreenhousePlan, PlanEvent)
    assert (breaks, events, records) == ([], 4, 1)
