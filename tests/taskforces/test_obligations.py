"""taskforces.obligations: every Part 7 duty on a day, each deadline checked by hand against the Bill.

Commencement is 12 March 2008. The day of an event is not counted (AIA s36(1) item 6) and a last day
on a Saturday, Sunday or ACT public holiday moves to the next business day (AIA s36(2)).
"""

from datetime import date, timedelta

import pytest

from greenhouse_office import statute
from greenhouse_office.roles import Role
from taskforces import services
from taskforces.models import PreparedBy, SourceCategory
from taskforces.obligations import Status, live_obligations, obligations

from .conftest import PLAN_TEXT, noon

pytestmark = pytest.mark.django_db


def duties(category, on, section=None):
    """The category's duties on day ``on`` (of one section, if given)."""
    return [
        o for o in obligations(on=on) if o.category == category and (section is None or o.section == section)
    ]


def only(category, on, section):
    found = duties(category, on, section)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def give(officer):
    """``give(category, on, prepared_by=)``: a plan prepared and given to the Minister on day ``on``."""

    def give(category, on, *, prepared_by=PreparedBy.TASKFORCE, prepared_on=None):
        prepared_on = prepared_on or on - timedelta(days=30)
        plan = services.prepare_plan(
            source_category=category,
            prepared_by=prepared_by,
            title=f"Industry greenhouse plan: {category.name}",
            summary="How the category reaches its targets.",
            text=PLAN_TEXT,
            actor=officer,
            at=noon(prepared_on),
        )
        services.give_to_minister(plan=plan, actor=officer, received_on=on, at=noon(on))
        plan.refresh_from_db()
        return plan

    return give


# --- s36(1): a task force for each source category within 6 months after commencement -----------


def test_s36_1_deadline_is_12_september_2008_by_hand():
    # 6 months after 12 March 2008 (not counted): 13 March to 12 September 2008, a Friday.
    deadline = statute.taskforce_appointment_deadline()
    assert (deadline.period_start, deadline.last_day, deadline.deadline) == (
        date(2008, 3, 13),
        date(2008, 9, 12),
        date(2008, 9, 12),
    )
    assert date(2008, 9, 12).weekday() == 4


def test_s36_1_no_task_force_is_due_on_the_last_day_and_overdue_the_day_after(transport):
    due = only(transport, date(2008, 9, 12), "s36(1)")
    assert (due.status, due.due_on, due.key) == (Status.DUE, date(2008, 9, 12), "s36:1.A.3")
    assert due.responsible == (Role.MINISTER,) and due.who == "Minister"
    assert due.duty == f"Appoint a task force for {transport.label}"
    assert only(transport, date(2008, 9, 13), "s36(1)").status == Status.OVERDUE
    # Every Annex A category without a task force owes the duty, none missed silently.
    overdue = [o for o in obligations(on=date(2008, 9, 13)) if o.section == "s36(1)"]
    assert len(overdue) == SourceCategory.objects.count()


def test_s36_1_appointed_late_stays_listed_as_history(transport, appoint):
    appoint(transport, on=date(2008, 11, 3))
    # On a day before the appointment it was still overdue.
    assert only(transport, date(2008, 10, 1), "s36(1)").status == Status.OVERDUE
    late = only(transport, date(2009, 1, 1), "s36(1)")
    assert (late.status, late.done_on, late.is_live) == (Status.LATE, date(2008, 11, 3), False)
    assert late.status.words == "Done late"
    assert late not in live_obligations(on=date(2009, 1, 1))
    # History is listed after every live duty.
    everything = obligations(on=date(2009, 1, 1))
    assert everything[-1] == late and all(o.is_live for o in everything[:-1])


def test_s36_1_appointed_on_the_last_day_owes_nothing(transport, appoint):
    appoint(transport, on=date(2008, 9, 12))
    assert duties(transport, date(2008, 9, 1), "s36(1)")[0].status == Status.DUE  # not yet appointed
    assert duties(transport, date(2008, 9, 12), "s36(1)") == []
    assert duties(transport, date(2030, 1, 1), "s36(1)") == []


# --- s37: the Office's plan where no task force plan was given within 2 years --------------------


def test_s37_deadline_is_monday_13_september_2010_by_hand():
    # 2 years after 12 March 2008 expire at the end of 12 March 2010; 6 months after that day (not
    # counted) end on 12 September 2010, a Sunday, so AIA s36(2) moves the last day to Monday.
    assert statute.office_plan_trigger_day() == date(2010, 3, 12)
    deadline = statute.office_plan_deadline()
    assert (deadline.period_start, deadline.last_day, deadline.deadline) == (
        date(2010, 3, 13),
        date(2010, 9, 12),
        date(2010, 9, 13),
    )
    assert date(2010, 9, 12).weekday() == 6 and date(2010, 9, 13).weekday() == 0


def test_s37_no_task_force_plan_by_12_march_2010_makes_it_the_offices_duty(transport, appoint):
    appoint(transport)
    assert duties(transport, date(2010, 3, 12), "s37") == []  # the 2 years have not yet expired
    due = only(transport, date(2010, 3, 13), "s37")
    assert (due.status, due.due_on, due.key) == (Status.DUE, date(2010, 9, 13), "s37:1.A.3")
    assert due.responsible == (Role.DIRECTOR, Role.OFFICE_STAFF)
    assert only(transport, date(2010, 9, 13), "s37").status == Status.DUE  # the moved last day
    assert only(transport, date(2010, 9, 14), "s37").status == Status.OVERDUE


def test_s37_a_task_force_plan_given_by_the_end_of_the_2_years_means_no_office_duty(transport, give):
    give(transport, date(2010, 3, 12))
    assert duties(transport, date(2010, 3, 13), "s37") == []
    assert duties(transport, date(2011, 1, 1), "s37") == []


def test_s37_a_drafted_task_force_plan_not_given_does_not_count(transport, officer):
    services.prepare_plan(
        source_category=transport,
        prepared_by=PreparedBy.TASKFORCE,
        title="Draft",
        summary="s",
        text=PLAN_TEXT,
        actor=officer,
        at=noon(date(2010, 1, 4)),
    )
    assert only(transport, date(2010, 4, 1), "s37").status == Status.DUE


def test_s37_the_offices_plan_given_after_the_deadline_is_history(transport, give):
    plan = give(transport, date(2010, 10, 1), prepared_by=PreparedBy.OFFICE)
    assert only(transport, date(2010, 9, 20), "s37").status == Status.OVERDUE  # before it was given
    late = only(transport, date(2010, 10, 1), "s37")
    assert (late.status, late.done_on, late.plan) == (Status.LATE, date(2010, 10, 1), plan)


def test_s37_the_offices_plan_given_on_time_owes_nothing(transport, give):
    give(transport, date(2010, 9, 13), prepared_by=PreparedBy.OFFICE)
    assert duties(transport, date(2010, 9, 14), "s37") == []


# --- s38: public within one month after the Minister received it ---------------------------------


def test_s38_a_receipt_on_31_january_is_due_the_next_business_day_after_28_february(transport, give):
    # One month after 31 January 2021 (not counted) ends on 28 February 2021, a Sunday: Monday
    # 1 March 2021 (Canberra Day that year was 8 March).
    assert date(2021, 2, 28).weekday() == 6
    plan = give(transport, date(2021, 1, 31))
    assert duties(transport, date(2021, 1, 30), "s38") == []  # not yet received
    due = only(transport, date(2021, 2, 1), "s38")
    assert (due.status, due.due_on, due.key, due.plan) == (Status.DUE, date(2021, 3, 1), "s38:1.A.3:v1", plan)
    assert due.responsible == (Role.MINISTER, Role.OFFICE_STAFF) and due.who == "Minister and Office staff"
    assert due.due_on == plan.publication_due_on  # the stored deadline is the same
    assert only(transport, date(2021, 3, 1), "s38").status == Status.DUE
    assert only(transport, date(2021, 3, 2), "s38").status == Status.OVERDUE


def test_s38_published_late_is_history_and_on_time_is_nothing(transport, give, officer, make_plan):
    plan = give(transport, date(2021, 1, 31))
    services.publish(plan=plan, actor=officer, published_on=date(2021, 3, 10), at=noon(date(2021, 3, 10)))
    assert only(transport, date(2021, 3, 9), "s38").status == Status.OVERDUE
    late = only(transport, date(2021, 3, 10), "s38")
    assert (late.status, late.done_on, late.is_live) == (Status.LATE, date(2021, 3, 10), False)

    energy = SourceCategory.objects.get(code="1.A.1")
    make_plan("published", category=energy, given=date(2021, 1, 31), published=date(2021, 3, 1))
    assert duties(energy, date(2021, 3, 2), "s38") == []


# --- s39(1): a review at least once in every period of 3 years ------------------------------------


def test_s39_1_a_review_is_due_from_the_warning_day_and_overdue_after_the_due_day(make_plan, transport):
    # 3 years after 14 February 2020 (not counted) end on Tuesday 14 February 2023; the warning day
    # is 90 days before: 14 (to 30 November) + 31 + 31 + 14 = 90, so 16 November 2022.
    plan = make_plan("published", given=date(2020, 1, 31), published=date(2020, 2, 14))
    plan.refresh_from_db()
    assert plan.review_due_on == date(2023, 2, 14)
    assert statute.plan_review_warning_day(plan.review_due_on) == date(2022, 11, 16)

    assert duties(transport, date(2022, 11, 15), "s39(1)") == []
    due = only(transport, date(2022, 11, 16), "s39(1)")
    assert (due.status, due.due_on, due.key) == (Status.DUE, date(2023, 2, 14), "s39:1.A.3:2023-02-14")
    assert due.responsible == (Role.MINISTER, Role.OFFICE_STAFF)
    assert only(transport, date(2023, 2, 14), "s39(1)").status == Status.DUE
    assert only(transport, date(2023, 2, 15), "s39(1)").status == Status.OVERDUE


def test_s39_1_a_period_ending_on_a_saturday_before_canberra_day_moves_to_the_tuesday(make_plan, transport):
    # 3 years after 6 March 2018 end on Saturday 6 March 2021; Monday 8 March 2021 is Canberra Day
    # (the second Monday of March, an ACT public holiday), so the last day is Tuesday 9 March.
    assert date(2021, 3, 6).weekday() == 5 and date(2021, 3, 8).weekday() == 0
    assert not statute.is_business_day(date(2021, 3, 8), "ACT")
    plan = make_plan("published", given=date(2018, 3, 1), published=date(2018, 3, 6))
    plan.refresh_from_db()
    assert plan.review_due_on == date(2021, 3, 9)
    for day in (date(2021, 3, 6), date(2021, 3, 7), date(2021, 3, 8), date(2021, 3, 9)):
        assert only(transport, day, "s39(1)").status == Status.DUE, day
    assert only(transport, date(2021, 3, 10), "s39(1)").status == Status.OVERDUE


def test_s39_1_a_review_begun_owes_nothing_until_the_next_period(make_plan, transport):
    make_plan("under_review", published=date(2020, 2, 14), review_began=date(2022, 6, 1))
    assert duties(transport, date(2023, 3, 1), "s39(1)") == []


# --- Order and queries -----------------------------------------------------------------------------


def test_live_duties_come_first_soonest_first(make_plan, transport, appoint):
    make_plan("given_to_minister", given=date(2020, 1, 31))
    on = date(2020, 2, 10)
    found = obligations(on=on)
    live = [o for o in found if o.is_live]
    assert found[: len(live)] == live
    assert [o.due_on for o in live] == sorted(o.due_on for o in live)


def _plans(make_plan, appoint, count: int) -> None:
    taken = {plan_category.pk for plan_category in SourceCategory.objects.filter(plan__isnull=False)}
    for category in SourceCategory.objects.exclude(pk__in=taken).order_by("position")[:count]:
        appoint(category, on=date(2008, 10, 1))
        make_plan("published", category=category)


def test_obligations_makes_the_same_three_queries_at_two_sizes(django_assert_num_queries, make_plan, appoint):
    _plans(make_plan, appoint, 1)
    with django_assert_num_queries(3):
        small = obligations(on=date(2022, 12, 1))
    _plans(make_plan, appoint, 4)
    with django_assert_num_queries(3):
        large = obligations(on=date(2022, 12, 1))
    assert len([o for o in small if o.section == "s39(1)"]) == 1
    assert len([o for o in large if o.section == "s39(1)"]) == 5


def test_a_duty_overdue_for_long_says_since_when_rather_than_thousands_of_days(transport):
    live = obligations(on=date(2026, 12, 1))
    (duty,) = [o for o in live if o.category == transport and o.section == "s36(1)"]
    assert duty.status_in_words(date(2026, 12, 1)) == "Overdue since 12 September 2008"
    assert duty.status_in_words(date(2008, 9, 20)) == "Overdue by 8 days"
