from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenhouse_office.statute import (
    absence_ground,
    acting_during_vacancy_last_day,
    continued_acting_last_day,
    latest_term_end,
    term_is_lawful,
)
from greenhouse_office.statute.periods import last_day_of_months_from

PROPERTY = settings(database=None, deadline=None)


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "latest_end"),
    [("2027-03-15", "2032-03-14"), ("2027-01-01", "2031-12-31"), ("2028-02-29", "2033-02-28")],
)
def test_s15_1_director_term_not_exceeding_5_years(start, latest_end):
    assert latest_term_end(d(start)) == d(latest_end)
    assert term_is_lawful(d(start), d(latest_end))
    assert not term_is_lawful(d(start), d(latest_end) + timedelta(days=1))
    assert not term_is_lawful(d(start), d(start) - timedelta(days=1))


@pytest.mark.parametrize(
    ("acting_from", "last_day"), [("2027-03-15", "2028-03-14"), ("2028-02-29", "2029-02-28")]
)
def test_s22_1_acting_during_a_vacancy_for_no_more_than_12_months(acting_from, last_day):
    assert acting_during_vacancy_last_day(d(acting_from)) == d(last_day)


def test_s22_5_continued_acting_ends_12_months_from_the_vacancy_day_excluded():
    assert continued_acting_last_day(d("2027-03-15")) == d("2028-03-15")


def _run(first: str, count: int, step: int = 1) -> list[date]:
    return [d(first) + timedelta(days=step * n) for n in range(count)]


def test_s20_2_c_thirteen_consecutive_days_are_not_a_ground():
    assert absence_ground(_run("2027-03-01", 13)) is None


def test_s20_2_c_fourteen_consecutive_days_are_a_ground():
    ground = absence_ground(_run("2027-03-01", 20))
    assert ground is not None
    assert (ground.kind, ground.first_day, ground.last_day) == (
        "consecutive",
        d("2027-03-01"),
        d("2027-03-14"),
    )
    assert ground.message.startswith("s20(2)(c):")


def test_s20_2_c_twenty_eight_days_in_12_months_are_a_ground():
    # 12 months beginning 1 January 2027 end with 31 December 2027 (AIA s2G).
    days = _run("2027-01-01", 27, step=7) + [d("2027-12-31")]
    ground = absence_ground(days)
    assert ground is not None
    assert (ground.kind, ground.first_day, ground.last_day) == (
        "in_12_months",
        d("2027-01-01"),
        d("2027-12-31"),
    )


def test_s20_2_c_twenty_eight_days_spread_over_more_than_12_months_are_not_a_ground():
    days = _run("2027-01-01", 27, step=7) + [d("2028-01-01")]
    assert absence_ground(days) is None


def _brute_force(days: set[date]) -> bool:
    ordered = sorted(days)
    if any(all(x + timedelta(days=k) in days for k in range(14)) for x in ordered):
        return True
    return any(sum(1 for y in ordered if x <= y <= last_day_of_months_from(x, 12)) >= 28 for x in ordered)


@PROPERTY
@given(st.sets(st.dates(min_value=date(2027, 1, 1), max_value=date(2028, 12, 31)), max_size=60))
def test_s20_2_c_ground_matches_a_brute_force_check(days):
    assert (absence_ground(days) is not None) == _brute_force(days)
