"""Deadlines the Bill sets for the Office, the Minister and task forces.

How each phrase is counted (see ``periods`` for the AIA rules):

* "within N after <day or event>" (s13(1), s32(1), s33(3), s36(1), s37, s38): the day of the
  event is not counted (AIA s36(1) item 6), so the period starts the next day. Commencement is an
  event on the day the Act commences, so its day is not counted either.
* "at least once in every period of 3 years" (s39(1)): read as every rolling 3-year period, so the
  next review is due within 3 years after the plan was made or last reviewed.
* "after each period of 5 years beginning on the day on which this Act commences" (s8(4)): the
  first period includes commencement day (AIA s36(1) item 2); the duty arises the day after each
  period ends.
* Where the Bill fixes the last day for doing a thing and that day is a Saturday, Sunday or ACT
  public holiday, AIA s36(2) lets it be done on the next business day: ``deadline`` is that day,
  ``last_day`` the unmoved one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass
from datetime import date

from .commencement import commencement
from .errors import InvalidDate, InvalidPeriod, NotInForce, UnlawfulClosingDay
from .parameters import Key, int_value, parameter_history
from .periods import (
    ONE_DAY,
    Period,
    aia_last_day,
    as_day,
    format_day,
    last_day_of_months_from,
    next_business_day_on_or_after,
    period_of_days_after,
    period_of_months_after,
    period_of_years_after,
    plural,
)


@dataclass(frozen=True)
class Deadline:
    """A thing to be done within a period after ``after`` (a day not itself counted)."""

    section: str
    after: date
    period_start: date
    last_day: date
    deadline: date  # ``last_day`` moved to the next business day under AIA s36(2)
    rule: str


@dataclass(frozen=True)
class CommentPeriod:
    """s33(3): the days a closing day may not fall on, and the first day it may."""

    gazette_date: date
    period_start: date
    period_end: date
    earliest_closing_day: date
    recommended_closing_day: date  # first business day on or after the earliest
    section: str = "s33(3)"
    _: KW_ONLY
    months: int


@dataclass(frozen=True)
class EvaluationDeadline:
    """s32(1): the day by which the Office must obtain the independent evaluation."""

    received: date
    deadline: date
    section: str = "s32(1)"
    _: KW_ONLY
    period_start: date
    last_day: date
    days: int


@dataclass(frozen=True)
class RegulationsReview:
    """s8(4): the n-th period of 5 years, and the day from which its review is due."""

    number: int
    period_start: date
    period_end: date
    review_due_from: date
    section: str = "s8(4)"


def _within_after(section: str, after: date, period: Period, rule: str, subdiv: str | None) -> Deadline:
    return Deadline(section, after, period.start, period.end, aia_last_day(period.end, subdiv), rule)


# --- s33(3): the closing day for public comment -------------------------------------------------


def comment_period(gazette_date: date, subdiv: str | None = None) -> CommentPeriod:
    """s33(3): the period "within 2 months after" the Gazette notice, and the first lawful closing day.

    The earliest lawful closing day is the first day after that period; the recommended one is the
    first business day on or after it, so the closing day is never moved by AIA s36(2).
    """
    gazette_date = as_day(gazette_date, "gazette_date")
    months = int_value(Key.COMMENT_PERIOD_MONTHS, on=gazette_date)
    period = period_of_months_after(gazette_date, months)
    earliest = period.end + ONE_DAY
    return CommentPeriod(
        gazette_date,
        period.start,
        period.end,
        earliest,
        next_business_day_on_or_after(earliest, subdiv),
        months=months,
    )


def earliest_closing_day(gazette_date: date) -> date:
    """s33(3): the first day that is not within 2 months after the Gazette notice."""
    return comment_period(gazette_date).earliest_closing_day


def closing_day_is_lawful(gazette_date: date, closing_day: date) -> bool:
    """s33(3) guard: the closing day is on or after the earliest lawful day.

    A day on or before the Gazette day is refused too: comments cannot close before they are invited.
    """
    return as_day(closing_day, "closing_day") >= earliest_closing_day(gazette_date)


def closing_day_refusal(gazette_date: date, closing_day: date) -> str | None:
    """The s33(3) refusal in the user's words, or None if the closing day is lawful."""
    if closing_day_is_lawful(gazette_date, closing_day):
        return None
    period = comment_period(gazette_date)
    return (
        f"s33(3): the closing day must not fall within {plural(period.months, 'month')} after the "
        f"Gazette notice ({format_day(period.gazette_date)}); the earliest lawful day is "
        f"{format_day(period.earliest_closing_day)}."
    )


def latest_unconfirmed_closing_day(gazette_date: date) -> date:
    """The last closing day accepted without confirmation: the end of 12 months after the Gazette notice.

    s33(3) sets no latest day; a later one is lawful but is refused unless the Office confirms it,
    as it is far more likely a typing error (``Key.CLOSING_DAY_CONFIRM_AFTER_MONTHS``).
    """
    gazette_date = as_day(gazette_date, "gazette_date")
    months = int_value(Key.CLOSING_DAY_CONFIRM_AFTER_MONTHS, on=gazette_date)
    return period_of_months_after(gazette_date, months).end


def distant_closing_day_refusal(gazette_date: date, closing_day: date) -> str | None:
    """Why a closing day far after the Gazette notice needs confirming, or None if it does not."""
    latest = latest_unconfirmed_closing_day(gazette_date)
    if as_day(closing_day, "closing_day") <= latest:
        return None
    months = int_value(Key.CLOSING_DAY_CONFIRM_AFTER_MONTHS, on=gazette_date)
    return (
        f"s33(3): the closing day, {format_day(closing_day)}, is more than {plural(months, 'month')} after "
        f"the Gazette notice ({format_day(gazette_date)}), which is likely a typing error. Correct it, or "
        f"confirm that comments are to close that late."
    )


def check_closing_day(gazette_date: date, closing_day: date) -> None:
    """Raise ``UnlawfulClosingDay`` (citing s33(3)) unless the closing day is lawful."""
    refusal = closing_day_refusal(gazette_date, closing_day)
    if refusal is not None:
        raise UnlawfulClosingDay(refusal, section="s33(3)")


def effective_closing_day(closing_day: date, subdiv: str | None = None) -> date:
    """AIA s36(2): comments made by this day are on time (the closing day, or the next business day).

    s34(a) has the Office consider comments made "on or before the day" specified; when that day
    is a weekend or holiday, s36(2) lets them be made on the next business day.
    """
    return aia_last_day(as_day(closing_day, "closing_day"), subdiv)


# --- s32(1): independent evaluation ------------------------------------------------------------


def evaluation_deadline(received: date, subdiv: str | None = None) -> EvaluationDeadline:
    """s32(1): within 30 days after receiving the Greenhouse Impact Assessment (receipt day excluded)."""
    received = as_day(received, "received")
    days = int_value(Key.EVALUATION_DAYS, on=received)
    period = period_of_days_after(received, days)
    return EvaluationDeadline(
        received,
        aia_last_day(period.end, subdiv),
        period_start=period.start,
        last_day=period.end,
        days=days,
    )


# --- s13(1): annual report ---------------------------------------------------------------------


def annual_report_year_end(year: int) -> date:
    """s13(1): the 30 June that ends the reporting year ``year``."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidDate(f"year must be a whole number, not {year!r}.", section="s13(1)")
    versions = parameter_history(Key.ANNUAL_REPORT_YEAR_END)
    for version in versions:
        month, day = version.value  # type: ignore[misc]  # a (month, day) pair
        if version.in_force_on(year_end := date(year, month, day)):
            return year_end
    raise NotInForce(
        f"s13(1): no annual report is due for {year}; the Act commenced on "
        f"{format_day(versions[0].valid_from)}.",
        section="s13(1)",
    )


def annual_report_deadline(year: int, subdiv: str | None = None) -> Deadline:
    """s13(1): the report for the year ending 30 June ``year`` is due within 6 months after that day."""
    year_end = annual_report_year_end(year)
    months = int_value(Key.ANNUAL_REPORT_MONTHS, on=year_end)
    period = period_of_months_after(year_end, months)
    rule = f"within {plural(months, 'month')} after {format_day(year_end)}"
    return _within_after("s13(1)", year_end, period, rule, subdiv)


# --- Part 7: industry greenhouse plans ---------------------------------------------------------


def taskforce_appointment_deadline(subdiv: str | None = None) -> Deadline:
    """s36(1): task forces for each source category within 6 months after commencement."""
    commenced = commencement()
    months = int_value(Key.TASKFORCE_APPOINTMENT_MONTHS, on=commenced)
    period = period_of_months_after(commenced, months)
    rule = f"within {plural(months, 'month')} after the commencement of this Act"
    return _within_after("s36(1)", commenced, period, rule, subdiv)


def office_plan_trigger_day() -> date:
    """s37: the day at whose end "2 years after the commencement" expire.

    If a task force has not prepared a plan for a source category by then, the Office must.
    """
    commenced = commencement()
    years = int_value(Key.OFFICE_PLAN_TRIGGER_YEARS, on=commenced)
    return period_of_years_after(commenced, years).end


def office_plan_deadline(subdiv: str | None = None) -> Deadline:
    """s37: the Office's plan is due within 6 months after the 2 years expire."""
    trigger = office_plan_trigger_day()
    months = int_value(Key.OFFICE_PLAN_MONTHS, on=trigger)
    years = int_value(Key.OFFICE_PLAN_TRIGGER_YEARS, on=trigger)
    period = period_of_months_after(trigger, months)
    rule = (
        f"within {plural(months, 'month')} after the expiration of {plural(years, 'year')} "
        "after the commencement"
    )
    return _within_after("s37", trigger, period, rule, subdiv)


def plan_publication_deadline(received_by_minister: date, subdiv: str | None = None) -> Deadline:
    """s38: a plan must be public within one month after the Minister receives it."""
    received = as_day(received_by_minister, "received_by_minister")
    months = int_value(Key.PLAN_PUBLICATION_MONTHS, on=received)
    period = period_of_months_after(received, months)
    rule = f"within {plural(months, 'month')} after being received by the Minister"
    return _within_after("s38", received, period, rule, subdiv)


def next_plan_review_due(since: date, subdiv: str | None = None) -> Deadline:
    """s39(1): the next review of a plan, due within 3 years after it was made or last reviewed.

    "At least once in every period of 3 years" is read as every rolling period, so no 3 years may
    pass without a review.
    """
    since = as_day(since, "since")
    years = int_value(Key.PLAN_REVIEW_PERIOD_YEARS, on=since)
    period = period_of_years_after(since, years)
    rule = f"at least once in every period of {plural(years, 'year')}"
    return _within_after("s39(1)", since, period, rule, subdiv)


def plan_review_warning_day(review_due: date) -> date:
    """The first day a plan's review is shown as due soon (the Office's practice, not the Bill's)."""
    review_due = as_day(review_due, "review_due")
    return review_due - int_value(Key.PLAN_REVIEW_WARNING_DAYS, on=review_due) * ONE_DAY


# --- s8(4): review of the regulations (targets) ------------------------------------------------


def _regulations_reviews() -> Iterator[RegulationsReview]:
    commenced = commencement()
    months = 12 * int_value(Key.REGULATIONS_REVIEW_PERIOD_YEARS, on=commenced)
    start = commenced
    for number in itertools.count(1):
        # Each end is counted from commencement (5, 10, 15... years), not chained from the last
        # period, so a commencement on the 29th-31st does not drift.
        end = last_day_of_months_from(commenced, months * number)
        yield RegulationsReview(number, start, end, end + ONE_DAY)
        start = end + ONE_DAY


def regulations_review_periods(count: int = 4) -> tuple[RegulationsReview, ...]:
    """s8(4): the first ``count`` periods of 5 years from commencement, and when each review is due."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InvalidPeriod(f"count must be a whole number of at least 1, not {count!r}.", section="s8(4)")
    return tuple(itertools.islice(_regulations_reviews(), count))


def next_regulations_review(on: date) -> RegulationsReview:
    """s8(4): the first review that falls due after ``on``."""
    on = as_day(on, "on")
    return next(review for review in _regulations_reviews() if review.review_due_from > on)
