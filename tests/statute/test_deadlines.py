from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenhouse_office.statute import (
    CommentPeriod,
    NotInForce,
    UnlawfulClosingDay,
    annual_report_deadline,
    check_closing_day,
    closing_day_is_lawful,
    closing_day_refusal,
    comment_period,
    distant_closing_day_refusal,
    earliest_closing_day,
    effective_closing_day,
    evaluation_deadline,
    is_business_day,
    latest_unconfirmed_closing_day,
    next_plan_review_due,
    next_regulations_review,
    office_plan_deadline,
    office_plan_trigger_day,
    plan_publication_deadline,
    regulations_review_periods,
    taskforce_appointment_deadline,
)

PROPERTY = settings(database=None, deadline=None)
after_commencement = st.dates(min_value=date(2008, 3, 12), max_value=date(2099, 10, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- s33(3) --------------------------------------------------------------------------------------

COMMENT_PERIODS = [
    # (Gazette day, period start, period end, earliest closing day, recommended closing day)
    ("2027-03-03", "2027-03-04", "2027-05-03", "2027-05-04", "2027-05-04"),  # the worked example
    ("2026-12-31", "2027-01-01", "2027-02-28", "2027-03-01", "2027-03-01"),  # 31 December
    ("2026-12-30", "2026-12-31", "2027-02-28", "2027-03-01", "2027-03-01"),  # no 31 February
    ("2026-11-30", "2026-12-01", "2027-01-31", "2027-02-01", "2027-02-01"),  # 30-day month
    ("2026-11-29", "2026-11-30", "2027-01-29", "2027-01-30", "2027-02-01"),  # earliest is a Saturday
    ("2027-01-31", "2027-02-01", "2027-03-31", "2027-04-01", "2027-04-01"),  # 31 January
    ("2027-01-30", "2027-01-31", "2027-03-30", "2027-03-31", "2027-03-31"),
    ("2027-12-28", "2027-12-29", "2028-02-28", "2028-02-29", "2028-02-29"),  # earliest is 29 Feb 2028
    ("2027-12-29", "2027-12-30", "2028-02-29", "2028-03-01", "2028-03-01"),  # leap: ends 29 February
    ("2028-12-29", "2028-12-30", "2029-02-28", "2029-03-01", "2029-03-01"),  # not a leap year
    ("2028-02-28", "2028-02-29", "2028-04-28", "2028-04-29", "2028-05-01"),  # from 29 Feb; Saturday
    ("2027-01-07", "2027-01-08", "2027-03-07", "2027-03-08", "2027-03-09"),  # Canberra Day
    ("2027-01-25", "2027-01-26", "2027-03-25", "2027-03-26", "2027-03-30"),  # Good Friday to Easter Monday
    ("2027-03-30", "2027-03-31", "2027-05-30", "2027-05-31", "2027-06-01"),  # Reconciliation Day
    ("2027-10-24", "2027-10-25", "2027-12-24", "2027-12-25", "2027-12-29"),  # Christmas + substitutes
    ("2027-10-31", "2027-11-01", "2027-12-31", "2028-01-01", "2028-01-04"),  # New Year observed Monday
]


@pytest.mark.parametrize(("gazette", "start", "end", "earliest", "recommended"), COMMENT_PERIODS)
def test_s33_3_comment_period_and_closing_days(gazette, start, end, earliest, recommended):
    assert comment_period(d(gazette)) == CommentPeriod(
        gazette_date=d(gazette),
        period_start=d(start),
        period_end=d(end),
        earliest_closing_day=d(earliest),
        recommended_closing_day=d(recommended),
        section="s33(3)",
        months=2,
    )


def test_s33_3_worked_example_gazette_wednesday_3_march_2027():
    period = comment_period(d("2027-03-03"))
    assert (period.period_start, period.period_end) == (d("2027-03-04"), d("2027-05-03"))
    assert period.earliest_closing_day == period.recommended_closing_day == d("2027-05-04")
    assert period.earliest_closing_day.strftime("%A") == "Tuesday"


def test_s33_3_closing_day_inside_the_two_months_is_refused_citing_the_section():
    gazette = d("2027-03-03")
    assert not closing_day_is_lawful(gazette, d("2027-05-03"))
    assert closing_day_is_lawful(gazette, d("2027-05-04"))
    assert closing_day_refusal(gazette, d("2027-05-04")) is None
    assert closing_day_refusal(gazette, d("2027-05-03")) == (
        "s33(3): the closing day must not fall within 2 months after the Gazette notice "
        "(3 March 2027); the earliest lawful day is 4 May 2027."
    )
    with pytest.raises(UnlawfulClosingDay) as caught:
        check_closing_day(gazette, d("2027-04-01"))
    assert caught.value.section == "s33(3)"
    assert caught.value.code == "s33_3_closing_day"
    check_closing_day(gazette, d("2027-06-01"))  # lawful: no error


@pytest.mark.parametrize("closing", ["2027-03-03", "2027-03-02", "2026-01-01"])
def test_s33_3_closing_day_on_or_before_the_gazette_day_is_refused(closing):
    assert not closing_day_is_lawful(d("2027-03-03"), d(closing))


def test_s33_3_no_closing_day_rule_before_the_act_commences():
    with pytest.raises(NotInForce):
        comment_period(d("2008-03-11"))


@pytest.mark.parametrize(
    ("closing", "effective"),
    [("2027-05-04", "2027-05-04"), ("2027-05-08", "2027-05-10"), ("2027-05-31", "2027-06-01")],
)
def test_aia_s36_2_comments_on_a_weekend_or_holiday_closing_day_may_be_made_next_business_day(
    closing, effective
):
    assert effective_closing_day(d(closing)) == d(effective)


@PROPERTY
@given(gazette=after_commencement)
def test_s33_3_earliest_closing_day_is_day_after_two_month_period(gazette):
    period = comment_period(gazette)
    assert period.period_start == gazette + timedelta(days=1)
    assert period.earliest_closing_day == period.period_end + timedelta(days=1)
    assert not (period.period_start <= period.earliest_closing_day <= period.period_end)
    assert earliest_closing_day(gazette) == period.earliest_closing_day
    # About two months: never fewer than 59 days or more than 62.
    assert 59 <= (period.period_end - period.period_start).days + 1 <= 62


@PROPERTY
@given(gazette=after_commencement)
def test_s33_3_recommended_closing_day_is_first_business_day_on_or_after_earliest(gazette):
    period = comment_period(gazette)
    assert period.recommended_closing_day >= period.earliest_closing_day
    assert is_business_day(period.recommended_closing_day)
    skipped = (
        period.earliest_closing_day + timedelta(days=n)
        for n in range((period.recommended_closing_day - period.earliest_closing_day).days)
    )
    assert not any(is_business_day(x) for x in skipped)
    assert effective_closing_day(period.recommended_closing_day) == period.recommended_closing_day


@PROPERTY
@given(gazette=after_commencement, offset=st.integers(min_value=-10, max_value=120))
def test_s33_3_closing_day_is_lawful_exactly_when_not_within_the_period(gazette, offset):
    closing = gazette + timedelta(days=offset)
    period = comment_period(gazette)
    inside_or_before = closing <= period.period_end
    assert closing_day_is_lawful(gazette, closing) is not inside_or_before
    assert (closing_day_refusal(gazette, closing) is None) is not inside_or_before


# --- s32(1) --------------------------------------------------------------------------------------

EVALUATION_DEADLINES = [
    # (received, 30th day after receipt, deadline after AIA s36(2))
    ("2027-01-06", "2027-02-05", "2027-02-05"),  # the worked example (a Friday)
    ("2027-01-07", "2027-02-06", "2027-02-08"),  # Saturday -> Monday
    ("2027-02-06", "2027-03-08", "2027-03-09"),  # Canberra Day
    ("2027-02-24", "2027-03-26", "2027-03-30"),  # Good Friday, Easter weekend, Easter Monday
    ("2027-05-01", "2027-05-31", "2027-06-01"),  # Reconciliation Day
    ("2027-11-25", "2027-12-25", "2027-12-29"),  # Christmas Saturday, substitutes Mon and Tue
    ("2027-12-03", "2028-01-02", "2028-01-04"),  # Sunday, then New Year's Day observed
    ("2028-11-26", "2028-12-26", "2028-12-27"),  # Boxing Day
    ("2028-01-30", "2028-02-29", "2028-02-29"),  # leap day
    ("2027-01-30", "2027-03-01", "2027-03-01"),  # across a 28-day February
]


@pytest.mark.parametrize(("received", "last_day", "deadline"), EVALUATION_DEADLINES)
def test_s32_1_evaluation_within_30_days_after_receipt(received, last_day, deadline):
    result = evaluation_deadline(d(received))
    assert result.received == d(received)
    assert result.period_start == d(received) + timedelta(days=1)
    assert result.last_day == d(last_day)
    assert result.deadline == d(deadline)
    assert result.section == "s32(1)"


@PROPERTY
@given(received=after_commencement)
def test_s32_1_evaluation_deadline_is_30th_day_after_receipt_or_next_business_day(received):
    result = evaluation_deadline(received)
    assert result.last_day == received + timedelta(days=30)
    assert result.deadline >= result.last_day
    assert is_business_day(result.deadline)
    skipped = (result.last_day + timedelta(days=n) for n in range((result.deadline - result.last_day).days))
    assert not any(is_business_day(x) for x in skipped)


def test_aia_s36_2_the_act_bank_holiday_moves_the_s32_1_deadline():
    """AIA s36(2) (1948 text): "a public holiday or a bank holiday in the place". Received Saturday
    3 July 2027, the 30th day after is Monday 2 August 2027, the ACT Bank Holiday: due Tuesday 3 August."""
    result = evaluation_deadline(d("2027-07-03"))
    assert result.last_day == d("2027-08-02")
    assert result.deadline == d("2027-08-03")


def test_aia_s36_2_bank_holidays_are_those_of_the_place():
    # The first Monday in August is a bank holiday in the ACT and NSW, not in Victoria.
    assert evaluation_deadline(d("2027-07-03"), subdiv="NSW").deadline == d("2027-08-03")
    assert evaluation_deadline(d("2027-07-03"), subdiv="VIC").deadline == d("2027-08-02")


@pytest.mark.parametrize(
    ("gazette", "latest"),
    [("2027-03-03", "2028-03-03"), ("2027-12-31", "2028-12-31"), ("2028-02-29", "2029-02-28")],
)
def test_s33_3_closing_days_more_than_12_months_after_the_gazette_need_confirming(gazette, latest):
    assert latest_unconfirmed_closing_day(d(gazette)) == d(latest)
    assert distant_closing_day_refusal(d(gazette), d(latest)) is None
    refusal = distant_closing_day_refusal(d(gazette), d(latest) + timedelta(days=1))
    assert refusal is not None and refusal.startswith("s33(3): the closing day, ")
    assert "is more than 12 months after the Gazette notice" in refusal


# --- s13(1), Part 7, s8(4) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "last_day", "deadline"),
    [
        (2008, "2008-12-31", "2008-12-31"),
        (2027, "2027-12-31", "2027-12-31"),
        (2028, "2028-12-31", "2029-01-02"),  # Sunday, then New Year's Day
        (2022, "2022-12-31", "2023-01-03"),  # Saturday, Sunday, New Year's Day observed Monday
    ],
)
def test_s13_1_annual_report_within_6_months_after_30_june(year, last_day, deadline):
    result = annual_report_deadline(year)
    assert result.after == date(year, 6, 30)
    assert result.period_start == date(year, 7, 1)
    assert (result.last_day, result.deadline) == (d(last_day), d(deadline))
    assert result.section == "s13(1)"


def test_s13_1_no_annual_report_for_a_year_ending_before_commencement():
    with pytest.raises(NotInForce, match="s13"):
        annual_report_deadline(2007)


def test_s36_1_taskforces_within_6_months_after_commencement():
    result = taskforce_appointment_deadline()
    assert result.after == d("2008-03-12")
    assert result.period_start == d("2008-03-13")
    assert result.last_day == result.deadline == d("2008-09-12")  # a Friday


def test_s37_office_plan_due_6_months_after_2_years_from_commencement_expire():
    assert office_plan_trigger_day() == d("2010-03-12")
    result = office_plan_deadline()
    assert result.period_start == d("2010-03-13")
    assert result.last_day == d("2010-09-12")  # a Sunday
    assert result.deadline == d("2010-09-13")


def test_s37_follows_an_overridden_commencement(configured_settings):
    configured_settings(GREENHOUSE_COMMENCEMENT=d("2027-01-01"))
    assert office_plan_trigger_day() == d("2029-01-01")
    assert office_plan_deadline().last_day == d("2029-07-01")


@pytest.mark.parametrize(
    ("received", "last_day", "deadline"),
    [
        ("2027-01-31", "2027-02-28", "2027-03-01"),  # last day a Sunday
        ("2027-01-30", "2027-02-28", "2027-03-01"),  # no 31 February
        ("2027-03-03", "2027-04-03", "2027-04-05"),  # Saturday
        ("2027-05-10", "2027-06-10", "2027-06-10"),
    ],
)
def test_s38_plans_public_within_one_month_after_the_minister_receives_them(received, last_day, deadline):
    result = plan_publication_deadline(d(received))
    assert (result.last_day, result.deadline) == (d(last_day), d(deadline))
    assert result.section == "s38"


@pytest.mark.parametrize(
    ("since", "last_day", "deadline"),
    [
        ("2027-03-15", "2030-03-15", "2030-03-15"),
        ("2028-02-29", "2031-02-28", "2031-02-28"),
        ("2029-03-14", "2032-03-14", "2032-03-15"),  # a Sunday
    ],
)
def test_s39_1_plan_reviewed_within_every_rolling_3_years(since, last_day, deadline):
    result = next_plan_review_due(d(since))
    assert result.period_start == d(since) + timedelta(days=1)
    assert (result.last_day, result.deadline) == (d(last_day), d(deadline))


def test_s8_4_regulations_reviewed_after_each_5_years_from_commencement():
    reviews = regulations_review_periods(4)
    assert [(r.period_start, r.period_end, r.review_due_from) for r in reviews] == [
        (d("2008-03-12"), d("2013-03-11"), d("2013-03-12")),
        (d("2013-03-12"), d("2018-03-11"), d("2018-03-12")),
        (d("2018-03-12"), d("2023-03-11"), d("2023-03-12")),
        (d("2023-03-12"), d("2028-03-11"), d("2028-03-12")),
    ]
    assert next_regulations_review(d("2026-06-01")).number == 4
    assert next_regulations_review(d("2028-03-12")).review_due_from == d("2033-03-12")


def test_s8_4_review_periods_do_not_drift_from_a_month_end_commencement(configured_settings):
    configured_settings(GREENHOUSE_COMMENCEMENT=d("2008-02-29"))
    reviews = regulations_review_periods(4)
    assert [r.period_end for r in reviews] == [
        d("2013-02-28"),
        d("2018-02-28"),
        d("2023-02-28"),
        d("2028-02-28"),
    ]
    for earlier, later in zip(reviews, reviews[1:], strict=False):
        assert later.period_start == earlier.period_end + timedelta(days=1) == earlier.review_due_from
