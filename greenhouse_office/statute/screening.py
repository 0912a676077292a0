"""Threshold screening: does an action emit "in excess of 50,000 tonnes in any period of 12 months"?

ss25, 27, 29, 30 and 31 turn on that test. A profile gives tonnes of each Annex A gas by calendar
month, keyed by the first day of the month (``parse_month("2027-03")``); months left out count as
zero. Each month is converted to tonnes of CO2-e (s6) with the GWP set in force for that month
(Kyoto Art 5(3)), unless a set is chosen to compare; a gas counts only in the months Annex A lists it.

Every run of 12 consecutive months within the profile is a window; a profile shorter than 12 months
is one window beginning at its first month. The result gives the largest window total, the earliest
window where it occurs, that window's totals by gas, and whether it exceeds (strictly) the threshold
in force. A period of 12 months need not begin on the first of a month, and one that does not touches
13 calendar months; so the result also gives the largest 13-month total, and its ``conclusion``:
``in_excess`` (some 12 calendar months are), ``cannot_rule_out`` (only a 13-month span is, so
monthly figures cannot settle it) or ``not_in_excess`` (no 13-month span is, so no period can be).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from . import config
from .errors import InvalidProfile, UnknownGas
from .gwp import (
    EXACT,
    GwpSet,
    canonical_gas,
    check_greenhouse_gas,
    check_tonnes,
    gas_sort_key,
    get_gwp_set,
    gwp,
    gwp_in_force,
    gwp_periods_in_words,
)
from .parameters import GWP_SECTION, Key, decimal_value, int_value, parameter, parameter_history
from .periods import as_day

Profile = Mapping[date, Mapping[str, Decimal]]

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class Conclusion(StrEnum):
    """What monthly figures can say about "in excess of 50,000 tonnes in any period of 12 months"."""

    IN_EXCESS = "in_excess"  # some 12 consecutive calendar months are in excess
    CANNOT_RULE_OUT = "cannot_rule_out"  # no 12 calendar months are, but some 13 are
    NOT_IN_EXCESS = "not_in_excess"  # not even 13 consecutive calendar months are


class GwpBasis(StrEnum):
    """Which global warming potentials converted the profile."""

    IN_FORCE = "in_force"  # each month with the set in force for it (s6, Kyoto Art 5(3)): the law
    COMPARISON = "comparison"  # one chosen set for every month: to compare only


@dataclass(frozen=True)
class GwpSpan:
    """The months of the profile (first days of the first and last month) converted with one set."""

    gwp_set: str
    start: date
    end: date
    citation: str


@dataclass(frozen=True)
class ScreeningResult:
    """The largest 12-month total, whether it is in excess of the threshold, and the conclusion.

    ``window_start`` and ``window_end`` are the first days of the window's first and last months;
    ``rolling_totals`` pairs each window's last month with its total, for a chart. ``span_13_*`` is
    the earliest 13-month span with the largest total; ``spans_to_settle`` lists every 13-month span
    over the threshold when the conclusion is ``cannot_rule_out`` (daily figures for the first and
    last month of each would settle it). ``gwp_set`` names the set(s) used, in month order.
    """

    gwp_set: str
    threshold_t_co2e: Decimal
    max_12_month_t_co2e: Decimal
    window_start: date
    window_end: date
    by_gas: dict[str, Decimal]
    exceeds_threshold: bool
    section: str
    rolling_totals: tuple[tuple[date, Decimal], ...]
    _: KW_ONLY
    on: date
    window_months: int
    partial_window: bool  # the profile is shorter than one window
    conclusion: Conclusion
    max_13_month_t_co2e: Decimal
    span_13_start: date
    span_13_end: date
    spans_to_settle: tuple[tuple[date, date], ...]
    gwp_basis: GwpBasis
    gwp_spans: tuple[GwpSpan, ...]
    gwp_section: str = GWP_SECTION


def parse_month(text: str) -> date:
    """ "YYYY-MM" as the first day of that month."""
    match = _MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or not 1 <= int(match[2]) <= 12:
        raise InvalidProfile(f"Month {text!r} is not in the form YYYY-MM (e.g. 2027-03).")
    if int(match[1]) < 1:
        raise InvalidProfile(f"Month {text!r} is before year 1; give it as YYYY-MM (e.g. 2027-03).")
    return date(int(match[1]), int(match[2]), 1)


def _month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _month_at(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _check_month(key: object) -> date:
    month = as_day(key, "month")
    if month.day != 1:
        raise InvalidProfile(f"Month {month.isoformat()} must be given as the first day of the month.")
    return month


class _Factors:
    """The GWP factor of each gas for one screening, looked up once for each stretch of months in which
    neither the set in force nor Annex A changes (between the days their versions begin and end), not
    once a month: the answer is the same, as every month of a stretch has the same versions in force."""

    def __init__(self, chosen: GwpSet | None):
        self.chosen = chosen
        changes = set()
        for key in (Key.GWP_SET_IN_FORCE, Key.ANNEX_A_GAS_GROUPS):
            for version in parameter_history(key):
                changes.add(version.valid_from)
                if version.valid_to is not None and version.valid_to < date.max:
                    changes.add(version.valid_to + timedelta(days=1))
        self.changes = sorted(changes)
        self.gases: dict[object, str] = {}
        self.known: dict[tuple[str, int], Decimal] = {}

    def canonical(self, given: object) -> str:
        gas = self.gases.get(given)
        if gas is None:
            gas = self.gases[given] = canonical_gas(given)  # type: ignore[arg-type]
        return gas

    def factor(self, gas: str, month: date) -> Decimal:
        stretch = (gas, bisect_right(self.changes, month))
        found = self.known.get(stretch)
        if found is None:  # refusals are not kept: each names its own month
            # Annex A as amended is the law whichever set converts: NF3 never counts before 2013.
            check_greenhouse_gas(gas, month)
            found = gwp_in_force(gas, month) if self.chosen is None else gwp(gas, self.chosen)
            self.known[stretch] = found
        return found


def _co2e_by_gas(month: date, gases: Mapping[str, Decimal], factors: _Factors) -> dict[str, Decimal]:
    """Tonnes CO2-e of each gas in ``month``: with the set in force then, or the one chosen to compare."""
    if not isinstance(gases, Mapping):
        raise InvalidProfile(f"{_label(month)}: expected tonnes by gas, not {type(gases).__name__}.")
    converted: dict[str, Decimal] = {}
    for given, tonnes in gases.items():
        try:
            gas = factors.canonical(given)
            if gas in converted:
                raise InvalidProfile(f"{gas} is given more than once.")
            if type(tonnes) is Decimal and tonnes.is_finite() and tonnes >= 0:
                quantity = tonnes  # as check_tonnes gives it, without wording a refusal first
            else:
                quantity = check_tonnes(tonnes, f"tonnes of {gas} in {_label(month)}")
            converted[gas] = EXACT.multiply(quantity, factors.factor(gas, month))
        except (UnknownGas, InvalidProfile) as error:
            # Say which month, so a user can find the row in a long profile.
            raise type(error)(
                f"{_label(month)}: {error.message}", code=error.code, section=error.section
            ) from None
    return converted


def _best_window(totals: list[Decimal], width: int) -> tuple[int, Decimal, list[tuple[int, Decimal]]]:
    """Start of the earliest window with the largest total, that total, and every window's total."""
    running = Decimal(0)
    for value in totals[:width]:
        running = EXACT.add(running, value)
    best_start, best = 0, running
    rolling = [(width - 1, running)]
    for end in range(width, len(totals)):
        # Exact Decimal, so sliding the window never drifts from a fresh sum.
        running = EXACT.subtract(EXACT.add(running, totals[end]), totals[end - width])
        rolling.append((end, running))
        if running > best:  # strictly greater: ties keep the earliest window
            best_start, best = end - width + 1, running
    return best_start, best, rolling


def _gwp_spans(first: int, last: int, chosen: GwpSet | None) -> tuple[GwpSpan, ...]:
    """Which set converted which months, from the first to the last month given."""
    first_month, last_month = _month_at(first), _month_at(last)
    if chosen is not None:
        return (GwpSpan(chosen.name, first_month, last_month, f"chosen to compare: {chosen.citation}"),)
    spans = []
    for version in parameter_history(Key.GWP_SET_IN_FORCE):
        start = max(first_month, version.valid_from)
        end = last_month if version.valid_to is None else min(last_month, version.valid_to.replace(day=1))
        if start <= end:
            spans.append(GwpSpan(str(version.value), start, end, version.citation))
    return tuple(spans)


def _padded_totals(by_month: dict[int, dict[str, Decimal]], first: int, length: int) -> list[Decimal]:
    totals = [Decimal(0)] * length  # a short profile is padded with months of zero
    for index, gases in by_month.items():
        for co2e in gases.values():
            totals[index - first] = EXACT.add(totals[index - first], co2e)
    return totals


def screen_profile(profile: Profile, gwp_set: str | None = None, on: date | None = None) -> ScreeningResult:
    """Screen a monthly emission profile against the threshold in force on ``on`` (default: today).

    Without ``gwp_set`` each month is converted with the set in force for it (the legal answer);
    with one, every month is converted with that set, to compare.
    """
    on = config.legal_today() if on is None else as_day(on, "on")
    chosen = None if gwp_set is None else get_gwp_set(gwp_set)
    if not isinstance(profile, Mapping) or not profile:
        raise InvalidProfile("The emission profile is empty; give tonnes of each gas for at least one month.")
    factors = _Factors(chosen)
    by_month: dict[int, dict[str, Decimal]] = {}
    for key, gases in profile.items():
        month = _check_month(key)
        by_month[_month_index(month)] = _co2e_by_gas(month, gases, factors)

    first, last = min(by_month), max(by_month)
    span = last - first + 1
    width = int_value(Key.EMISSIONS_WINDOW_MONTHS, on=on)
    # A period of 12 months beginning after the first day of a month ends in the 13th calendar month
    # (AIA s2G), so every period of 12 months lies within some 13 consecutive calendar months.
    touched = width + 1
    totals = _padded_totals(by_month, first, max(span, touched))
    start, best, rolling = _best_window(totals[: max(span, width)], width)
    start_13, best_13, rolling_13 = _best_window(totals, touched)

    by_gas: dict[str, Decimal] = {}
    for index in range(first + start, first + start + width):
        for gas, co2e in by_month.get(index, {}).items():
            by_gas[gas] = EXACT.add(by_gas.get(gas, Decimal(0)), co2e)

    limit = decimal_value(Key.EMISSIONS_THRESHOLD_T_CO2E, on=on)
    # "in excess of": strictly greater (the comparison is a parameter so an amendment is one edit).
    strict = parameter(Key.EMISSIONS_THRESHOLD_COMPARISON, on=on).value == "strictly_greater"
    over: Callable[[Decimal], bool] = (lambda t: t > limit) if strict else (lambda t: t >= limit)
    if over(best):
        conclusion = Conclusion.IN_EXCESS
    elif over(best_13):
        conclusion = Conclusion.CANNOT_RULE_OUT
    else:
        conclusion = Conclusion.NOT_IN_EXCESS
    to_settle = tuple(
        (_month_at(first + end - touched + 1), _month_at(first + end))
        for end, total in (rolling_13 if conclusion is Conclusion.CANNOT_RULE_OUT else ())
        if over(total)
    )
    spans = _gwp_spans(first, last, chosen)
    return ScreeningResult(
        gwp_set=", ".join(dict.fromkeys(s.gwp_set for s in spans)),
        threshold_t_co2e=limit,
        max_12_month_t_co2e=best,
        window_start=_month_at(first + start),
        window_end=_month_at(first + start + width - 1),
        by_gas=dict(sorted(by_gas.items(), key=lambda item: gas_sort_key(item[0]))),
        exceeds_threshold=over(best),
        section=parameter(Key.EMISSIONS_THRESHOLD_T_CO2E, on=on).section,
        rolling_totals=tuple((_month_at(first + end), total) for end, total in rolling),
        on=on,
        window_months=width,
        partial_window=span < width,
        conclusion=conclusion,
        max_13_month_t_co2e=best_13,
        span_13_start=_month_at(first + start_13),
        span_13_end=_month_at(first + start_13 + touched - 1),
        spans_to_settle=to_settle,
        gwp_basis=GwpBasis.COMPARISON if chosen else GwpBasis.IN_FORCE,
        gwp_spans=spans,
    )


# --- The answer in words (the page and the API say the same) ------------------------------------


def _t(tonnes: Decimal) -> str:
    return format(tonnes.normalize(), ",f")


def _m(month: date) -> str:
    return f"{month:%B %Y}"


def explain(result: ScreeningResult) -> tuple[str, ...]:
    """The conclusion, why, and which global warming potentials were used, in plain sentences."""
    limit = _t(result.threshold_t_co2e)
    window = f"{_m(result.window_start)} to {_m(result.window_end)}"
    span_13 = f"{_m(result.span_13_start)} to {_m(result.span_13_end)}"
    n = result.window_months
    if result.conclusion is Conclusion.IN_EXCESS:
        verdict = (
            f"In excess: the {n} months {window} total {_t(result.max_12_month_t_co2e)} tonnes CO2-e, more "
            f"than {limit} tonnes in a period of {n} months ({result.section})."
        )
    elif result.conclusion is Conclusion.CANNOT_RULE_OUT:
        first, last = result.spans_to_settle[0]
        more = len(result.spans_to_settle) - 1
        others = f" (and likewise for the other {more} such spans)" if more else ""
        verdict = (
            f"Cannot rule out an excess: no {n} consecutive calendar months total more than {limit} tonnes "
            f"CO2-e (the largest, {window}, total {_t(result.max_12_month_t_co2e)} tonnes), but the "
            f"{n + 1} calendar months {span_13} total {_t(result.max_13_month_t_co2e)} tonnes. A period "
            f"of {n} months need not begin on the first of a month: one beginning in {_m(first)} ends in "
            f"{_m(last)}, taking in part of each, so monthly figures cannot tell whether some such period "
            f"is in excess ({result.section}). Daily emissions for {_m(first)} and {_m(last)}{others} "
            f"would settle it: total each period of {n} months beginning on a day of {_m(first)} (it ends "
            f"the day before the same date in {_m(last)})."
        )
    else:
        verdict = (
            f"Not in excess: even the largest total over {n + 1} consecutive calendar months, "
            f"{_t(result.max_13_month_t_co2e)} tonnes CO2-e ({span_13}), is not more than {limit} tonnes, "
            f"and every period of {n} months lies within {n + 1} consecutive calendar months "
            f"({result.section})."
        )
    used = "; ".join(f"{s.gwp_set} for {_m(s.start)} to {_m(s.end)}" for s in result.gwp_spans)
    if result.gwp_basis is GwpBasis.IN_FORCE:
        gwps = (
            f"Each month was converted to CO2-e with the global warming potentials in force for it "
            f"({result.gwp_section}: {gwp_periods_in_words()}): {used}."
        )
    else:
        gwps = (
            f"For comparison only: every month was converted with {result.gwp_set}. The legal answer "
            f"converts each month with the set in force for it ({result.gwp_section}); leave the set "
            "unchosen to get it."
        )
    return verdict, gwps
