"""Part 3 Division 2: the Director's term (s15), absence (s20(2)(c)) and acting appointments (s22)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .parameters import Key, int_value
from .periods import (
    ONE_DAY,
    as_day,
    format_day,
    last_day_of_months_from,
    period_of_months_after,
    period_of_months_from,
    period_of_years_from,
)


def latest_term_end(term_start: date) -> date:
    """s15(1): the last day of the longest lawful term ("not exceeding 5 years") beginning on ``term_start``.

    The term begins on the day of appointment, which counts (AIA s36(1) item 2).
    """
    term_start = as_day(term_start, "term_start")
    years = int_value(Key.DIRECTOR_MAX_TERM_YEARS, on=term_start)
    return period_of_years_from(term_start, years).end


def term_is_lawful(term_start: date, term_end: date) -> bool:
    """s15(1) guard: the instrument's term ends on or after it starts and within 5 years."""
    return as_day(term_start, "term_start") <= as_day(term_end, "term_end") <= latest_term_end(term_start)


def acting_during_vacancy_last_day(acting_from: date) -> date:
    """s22(1): the last day a person appointed during a vacancy may act (12 months, first day counted)."""
    acting_from = as_day(acting_from, "acting_from")
    months = int_value(Key.ACTING_DURING_VACANCY_MAX_MONTHS, on=acting_from)
    return period_of_months_from(acting_from, months).end


def continued_acting_last_day(vacancy_occurred: date) -> date:
    """s22(5): a person already acting may go on until "12 months from the date" of the vacancy.

    "From" a day excludes that day (AIA s36(1) item 5). The Minister's direction or filling the
    vacancy may end it sooner.
    """
    vacancy_occurred = as_day(vacancy_occurred, "vacancy_occurred")
    months = int_value(Key.ACTING_DURING_VACANCY_MAX_MONTHS, on=vacancy_occurred)
    return period_of_months_after(vacancy_occurred, months).end


@dataclass(frozen=True)
class AbsenceGround:
    """s20(2)(c): absence without leave that obliges the Governor-General to terminate the appointment."""

    kind: str  # "consecutive" (14 consecutive days) or "in_12_months" (28 days in any 12 months)
    first_day: date
    last_day: date  # the day the ground is made out
    days: int
    message: str
    section: str = "s20(2)(c)"


def _consecutive_ground(days: list[date], needed: int) -> AbsenceGround | None:
    run_start = 0
    for i in range(len(days)):
        if i and days[i] - days[i - 1] != ONE_DAY:
            run_start = i
        if i - run_start + 1 == needed:
            first, last = days[run_start], days[i]
            message = (
                f"s20(2)(c): the Director was absent from duty without leave for {needed} consecutive days "
                f"({format_day(first)} to {format_day(last)})."
            )
            return AbsenceGround("consecutive", first, last, needed, message)
    return None


def _window_ground(days: list[date], needed: int, months: int) -> AbsenceGround | None:
    best: AbsenceGround | None = None
    for i, first in enumerate(days):
        window_end = last_day_of_months_from(first, months)
        if bisect.bisect_right(days, window_end) - i >= needed:
            last = days[i + needed - 1]
            if best is None or last < best.last_day:
                message = (
                    f"s20(2)(c): the Director was absent from duty without leave on {needed} days in "
                    f"the {months} months beginning {format_day(first)} (the last on {format_day(last)})."
                )
                best = AbsenceGround("in_12_months", first, last, needed, message)
    return best


def absence_ground(absent_days: Iterable[date], on: date | None = None) -> AbsenceGround | None:
    """s20(2)(c): the first ground made out by these days of absence without leave, or None.

    Give every calendar day the Director was absent from duty without leave granted by the
    Minister. A window of "any 12 months" may begin on any day; a window beginning on an absent day
    always holds the most absences, so only those are tried. If both grounds are made out, the one
    made out first is returned (the consecutive one on a tie).
    """
    days = sorted({as_day(d, "absent day") for d in absent_days})
    if not days:
        return None
    on = days[0] if on is None else as_day(on, "on")
    consecutive = _consecutive_ground(days, int_value(Key.ABSENCE_CONSECUTIVE_DAYS, on=on))
    window = _window_ground(
        days, int_value(Key.ABSENCE_DAYS_IN_WINDOW, on=on), int_value(Key.ABSENCE_WINDOW_MONTHS, on=on)
    )
    grounds = [g for g in (consecutive, window) if g is not None]
    return min(grounds, key=lambda g: g.last_day) if grounds else None
