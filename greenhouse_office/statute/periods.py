"""Time under the Acts Interpretation Act 1901 (AIA): months, "after", and weekends and holidays.

All periods are whole days, given as inclusive ``Period(start, end)``.

Months (AIA s2G). A month is a period "starting at the start of any day of one of the calendar
months" and "ending immediately before the start of the corresponding day of the next calendar
month" or, "if there is no such day, at the end of the next calendar month". A period of *n* months
is read the same way, n calendar months on: a period beginning on day S ends immediately before
the start of the corresponding day n months later, so its last whole day is the day before that
corresponding day; if that month has no such day (S is the 29th-31st), it ends at the end of that
month. Months are counted from S directly, not chained one month at a time, so the answer never
depends on the lengths of the months in between.

"After" (AIA s36(1) item 6; item 5 for "from"). A period expressed to begin after (or from) a day
does not include that day: "within 2 months after 3 March 2027" begins at the start of 4 March.
A period "beginning on" a day includes it (item 2).

Worked examples:

* within 2 months after 3 March 2027: starts 4 March; corresponding day 4 May 2027 exists, so the
  period ends at the end of 3 May 2027.
* within 2 months after 31 December 2026: starts 1 January 2027; corresponding day 1 March 2027,
  so the last day is 28 February 2027.
* within 2 months after 29 December 2027: starts 30 December 2027; February 2028 has no 30th, so
  the period ends at the end of February: 29 February 2028 (a leap year).
* 12 months beginning on 29 February 2028: February 2029 has no 29th; last day 28 February 2029.

Last day on a weekend or holiday (AIA s36(2)). If the last day for doing a thing is a Saturday,
Sunday or public holiday at the place, it may be done on the next day that is none of these. The
place defaults to the Office's Territory (``settings.GREENHOUSE_OFFICE_SUBDIVISION``, "ACT").

The text of s36(2) the Bill was passed under (as substituted by the Acts Interpretation Act 1948)
counts "a public holiday or a bank holiday in the place in which the thing is to be or may be
done", so bank holidays are not business days either: in the ACT the Bank Holiday on the first
Monday in August (``HOLIDAY_CATEGORIES``). A GIA received on 3 July 2027 has its s32(1) last day on
Monday 2 August 2027, the ACT Bank Holiday, so the evaluation may be obtained on 3 August.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from . import config
from .errors import InvalidDate, InvalidPeriod

ONE_DAY = timedelta(days=1)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def as_day(value: object, name: str = "day") -> date:
    """``value`` if it is a calendar day; a ``datetime`` is refused (deadlines are days, not instants)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidDate(f"{name} must be a datetime.date, not {type(value).__name__}.")
    return value


@dataclass(frozen=True)
class Period:
    """Whole days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _check_length(n: object, unit: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidPeriod(f"A period of {unit} must be a whole number of at least 1, not {n!r}.")
    return n


def last_day_of_months_from(start: date, months: int) -> date:
    """Last whole day of a period of ``months`` months beginning on ``start`` (AIA s2G)."""
    start = as_day(start, "start")
    months = _check_length(months, "months")
    # relativedelta keeps the day of the month, or clips it to the month's last day when the
    # month is too short: exactly s2G's "corresponding day" and "if there is no such day".
    corresponding = start + relativedelta(months=months)
    if corresponding.day == start.day:
        return corresponding - ONE_DAY  # ends immediately before the corresponding day
    return corresponding  # no such day: ends at the end of that month


def period_of_months_from(start: date, months: int) -> Period:
    """A period of months beginning on ``start`` (AIA s36(1) item 2: ``start`` included)."""
    return Period(start, last_day_of_months_from(start, months))


def period_of_months_after(day: date, months: int) -> Period:
    """A period of months after ``day`` (AIA s36(1) items 5-6: ``day`` excluded)."""
    return period_of_months_from(as_day(day) + ONE_DAY, months)


def period_of_years_from(start: date, years: int) -> Period:
    """A period of years beginning on ``start``: 12 months a year, counted as in s2G."""
    return period_of_months_from(start, 12 * _check_length(years, "years"))


def period_of_years_after(day: date, years: int) -> Period:
    """A period of years after ``day`` (``day`` excluded)."""
    return period_of_years_from(as_day(day) + ONE_DAY, years)


def period_of_days_from(start: date, days: int) -> Period:
    """``days`` whole days beginning on ``start`` (included)."""
    start = as_day(start, "start")
    return Period(start, start + timedelta(days=_check_length(days, "days") - 1))


def period_of_days_after(day: date, days: int) -> Period:
    """``days`` whole days after ``day`` (``day`` excluded): after 6 January, 30 days end 5 February."""
    return period_of_days_from(as_day(day) + ONE_DAY, days)


# AIA s36(2) (1948 text): "a public holiday or a bank holiday in the place". The ``holidays``
# package keeps bank holidays (the ACT's and NSW's first Monday in August) in a category of their own.
HOLIDAY_CATEGORIES = (holidays.PUBLIC, holidays.BANK)


@lru_cache(maxsize=256)
def public_holidays(year: int, subdiv: str) -> frozenset[date]:
    """Public holidays and bank holidays in ``subdiv`` (an Australian State or Territory) in ``year``.

    Both count under AIA s36(2); see ``HOLIDAY_CATEGORIES``.
    """
    config.check_subdivision(subdiv)
    return frozenset(holidays.Australia(subdiv=subdiv, years=year, categories=HOLIDAY_CATEGORIES))


def _place(subdiv: str | None) -> str:
    return config.office_subdivision() if subdiv is None else config.check_subdivision(subdiv)


def is_business_day(day: date, subdiv: str | None = None) -> bool:
    """Not a Saturday, Sunday, public holiday or bank holiday at the place (AIA s36(2))."""
    day = as_day(day)
    return day.weekday() < 5 and day not in public_holidays(day.year, _place(subdiv))


def next_business_day_on_or_after(day: date, subdiv: str | None = None) -> date:
    """``day`` if it is a business day, else the next one."""
    place = _place(subdiv)
    day = as_day(day)
    while not is_business_day(day, place):
        day += ONE_DAY
    return day


def aia_last_day(day: date, subdiv: str | None = None) -> date:
    """AIA s36(2): the day a thing whose last day is ``day`` may still be done."""
    return next_business_day_on_or_after(day, subdiv)


def format_day(day: date) -> str:
    """A day as users read it in refusals: "3 March 2027" (locale-independent)."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def plural(n: int, unit: str) -> str:
    """ "1 month", "2 months"."""
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"
