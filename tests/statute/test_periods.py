import calendar
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenhouse_office.statute import (
    InvalidDate,
    InvalidPeriod,
    Period,
    UnknownSubdivision,
    aia_last_day,
    format_day,
    is_business_day,
    next_business_day_on_or_after,
    period_of_days_after,
    period_of_days_from,
    period_of_months_after,
    period_of_months_from,
    period_of_years_after,
    period_of_years_from,
)

PROPERTY = settings(database=None, deadline=None)
days = st.dates(min_value=date(1995, 1, 1), max_value=date(2099, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


MONTHS_AFTER = [
    # (day, months, first day of the period, last day of the period)
    ("2027-03-03", 2, "2027-03-04", "2027-05-03"),  # the s33(3) example
    ("2026-12-31", 2, "2027-01-01", "2027-02-28"),  # starts 1 Jan; corresponding day 1 March
    ("2026-12-30", 2, "2026-12-31", "2027-02-28"),  # no 31 February: ends at the end of February
    ("2027-01-30", 1, "2027-01-31", "2027-02-28"),  # 31 Jan -> Feb has no 31st
    ("2027-01-31", 1, "2027-02-01", "2027-02-28"),
    ("2027-01-29", 1, "2027-01-30", "2027-02-28"),  # no 30 February
    ("2027-01-27", 1, "2027-01-28", "2027-02-27"),  # 28 February exists
    ("2027-03-30", 1, "2027-03-31", "2027-04-30"),  # no 31 April
    ("2027-04-29", 1, "2027-04-30", "2027-05-29"),  # 30-day month into 31-day month
    ("2027-05-30", 1, "2027-05-31", "2027-06-30"),  # 31-day month into 30-day month
    ("2027-12-29", 2, "2027-12-30", "2028-02-29"),  # leap year: no 30 February, so 29 February
    ("2027-12-28", 2, "2027-12-29", "2028-02-28"),  # 29 February 2028 exists: ends the day before
    ("2028-02-28", 2, "2028-02-29", "2028-04-28"),
    ("2028-02-29", 12, "2028-03-01", "2029-02-28"),
    ("2028-12-29", 2, "2028-12-30", "2029-02-28"),  # not a leap year
    ("2027-06-30", 6, "2027-07-01", "2027-12-31"),  # s13(1): after 30 June
]


@pytest.mark.parametrize(("day", "months", "start", "end"), MONTHS_AFTER)
def test_aia_s2g_period_of_months_after_a_day(day, months, start, end):
    assert period_of_months_after(d(day), months) == Period(d(start), d(end))


MONTHS_FROM = [
    ("2028-02-29", 12, "2029-02-28"),  # no 29 February 2029: end of February
    ("2027-01-31", 1, "2027-02-28"),
    ("2027-01-01", 12, "2027-12-31"),
    ("2027-03-15", 12, "2028-03-14"),
    ("2027-08-31", 6, "2028-02-29"),
]


@pytest.mark.parametrize(("start", "months", "end"), MONTHS_FROM)
def test_aia_s36_1_item_2_period_beginning_on_a_day_includes_it(start, months, end):
    assert period_of_months_from(d(start), months) == Period(d(start), d(end))


def test_years_are_twelve_months():
    assert period_of_years_from(d("2028-02-29"), 5) == Period(d("2028-02-29"), d("2033-02-28"))
    assert period_of_years_after(d("2008-03-12"), 2) == Period(d("2008-03-13"), d("2010-03-12"))


def test_aia_s36_1_item_6_days_after_exclude_the_day():
    assert period_of_days_after(d("2027-01-06"), 30) == Period(d("2027-01-07"), d("2027-02-05"))
    assert period_of_days_from(d("2027-01-06"), 1) == Period(d("2027-01-06"), d("2027-01-06"))


def test_period_contains_and_counts_its_days():
    period = period_of_months_after(d("2027-03-03"), 2)
    assert d("2027-03-04") in period and d("2027-05-03") in period
    assert d("2027-03-03") not in period and d("2027-05-04") not in period
    assert period.days == 61


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_period_length_must_be_a_whole_number_of_at_least_one(bad):
    with pytest.raises(InvalidPeriod):
        period_of_months_after(d("2027-03-03"), bad)


@pytest.mark.parametrize("bad", [datetime(2027, 3, 3, 10, 0), "2027-03-03", None])  # noqa: DTZ001
def test_periods_count_days_not_datetimes(bad):
    with pytest.raises(InvalidDate):
        period_of_months_after(bad, 2)


def _oracle_last_day(start: date, months: int) -> date:
    """s2G without relativedelta: the day before the corresponding day, or the end of that month."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    length = calendar.monthrange(year, month0 + 1)[1]
    if start.day <= length:
        return date(year, month0 + 1, start.day) - timedelta(days=1)
    return date(year, month0 + 1, length)


@PROPERTY
@given(day=days, months=st.integers(min_value=1, max_value=60))
def test_aia_s2g_months_after_agree_with_an_independent_count(day, months):
    period = period_of_months_after(day, months)
    assert period.start == day + timedelta(days=1)
    assert period.end == _oracle_last_day(period.start, months)
    assert period.end >= period.start


@PROPERTY
@given(first=days, second=days, months=st.integers(min_value=1, max_value=24))
def test_aia_s2g_a_later_day_never_ends_its_period_earlier(first, second, months):
    early, late = sorted((first, second))
    assert period_of_months_after(early, months).end <= period_of_months_after(late, months).end


ACT_NON_BUSINESS_DAYS = [
    ("2027-03-06", "Saturday"),
    ("2027-03-07", "Sunday"),
    ("2027-03-08", "Canberra Day (2nd Monday of March)"),
    ("2028-03-13", "Canberra Day 2028"),
    ("2027-03-26", "Good Friday"),
    ("2027-03-29", "Easter Monday"),
    ("2027-04-26", "Anzac Day observed"),
    ("2027-05-31", "Reconciliation Day (Monday on or after 27 May)"),
    ("2026-06-01", "Reconciliation Day 2026"),
    ("2027-06-14", "King's Birthday"),
    ("2027-08-02", "ACT Bank Holiday (first Monday in August; AIA s36(2) counts bank holidays)"),
    ("2028-08-07", "ACT Bank Holiday 2028"),
    ("2027-10-04", "Labour Day"),
    ("2027-12-27", "Christmas Day substitute"),
    ("2027-12-28", "Boxing Day substitute"),
    ("2026-12-28", "Boxing Day substitute 2026"),
    ("2028-01-03", "New Year's Day substitute"),
    ("2028-12-26", "Boxing Day"),
]


@pytest.mark.parametrize(("day", "why"), ACT_NON_BUSINESS_DAYS)
def test_aia_s36_2_weekends_and_act_public_holidays_are_not_business_days(day, why):
    assert not is_business_day(d(day)), why


@pytest.mark.parametrize("day", ["2027-03-09", "2027-05-04", "2027-12-29", "2027-02-05", "2028-02-29"])
def test_aia_s36_2_ordinary_weekdays_are_business_days(day):
    assert is_business_day(d(day))


def test_aia_s36_2_holidays_are_those_of_the_place():
    assert not is_business_day(d("2027-03-08"), subdiv="ACT")
    assert is_business_day(d("2027-03-08"), subdiv="NSW")
    with pytest.raises(UnknownSubdivision):
        is_business_day(d("2027-03-08"), subdiv="XX")


NEXT_BUSINESS_DAY = [
    ("2027-05-04", "2027-05-04"),
    ("2027-03-06", "2027-03-09"),  # Sat, Sun, Canberra Day
    ("2027-03-26", "2027-03-30"),  # Easter
    ("2027-12-25", "2027-12-29"),  # Christmas, Boxing Day and both substitutes
    ("2028-01-01", "2028-01-04"),  # New Year's Day on a Saturday, observed Monday
    ("2028-12-31", "2029-01-02"),
]


@pytest.mark.parametrize(("day", "expected"), NEXT_BUSINESS_DAY)
def test_aia_s36_2_last_day_moves_to_next_business_day(day, expected):
    assert next_business_day_on_or_after(d(day)) == d(expected)
    assert aia_last_day(d(day)) == d(expected)


@PROPERTY
@given(day=days)
def test_aia_s36_2_moved_day_is_the_first_business_day_on_or_after(day):
    moved = aia_last_day(day)
    assert moved >= day
    assert is_business_day(moved)
    between = (day + timedelta(days=n) for n in range((moved - day).days))
    assert not any(is_business_day(x) for x in between)


def test_days_are_written_as_users_read_them():
    assert format_day(d("2027-03-03")) == "3 March 2027"
    assert format_day(d("2027-12-25")) == "25 December 2027"
