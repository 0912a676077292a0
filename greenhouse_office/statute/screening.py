"""Threshold screening: does an action emit "in excess of 50,000 tonnes in any period of 12 months"?

ss25, 27, 29, 30 and 31 turn on that test. A profile gives tonnes of each Annex A gas by calendar
month, keyed by the first day of the month (``parse_month("2027-03")``); months left out count as
zero. Every run of 12 consecutive months within the profile is a window; a profile shorter than
12 months is one window beginning at its first month. The result gives the largest window total
in tonnes of CO2-e, the earliest window where it occurs, that window's totals by gas, and whether
it exceeds (strictly) the threshold in force.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass
from datetime import date
from decimal import Decimal

from . import config
from .errors import InvalidProfile, UnknownGas
from .gwp import EXACT, canonical_gas, check_tonnes, gas_sort_key, get_gwp_set, to_co2e
from .parameters import Key, decimal_value, int_value, parameter
from .periods import as_day

Profile = Mapping[date, Mapping[str, Decimal]]

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class ScreeningResult:
    """The largest 12-month total and whether it is in excess of the threshold.

    ``window_start`` and ``window_end`` are the first days of the window's first and last months;
    ``rolling_totals`` pairs each window's last month with its total, for a chart.
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


def parse_month(text: str) -> date:
    """ "YYYY-MM" as the first day of that month."""
    match = _MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or not 1 <= int(match[2]) <= 12:
        raise InvalidProfile(f"Month {text!r} is not in the form YYYY-MM (e.g. 2027-03).")
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


def _co2e_by_gas(month: date, gases: Mapping[str, Decimal], gwp_set: str) -> dict[str, Decimal]:
    if not isinstance(gases, Mapping):
        raise InvalidProfile(f"{_label(month)}: expected tonnes by gas, not {type(gases).__name__}.")
    converted: dict[str, Decimal] = {}
    for given, tonnes in gases.items():
        try:
            gas = canonical_gas(given)
            if gas in converted:
                raise InvalidProfile(f"{gas} is given more than once.")
            check_tonnes(tonnes, f"tonnes of {gas} in {_label(month)}")
            converted[gas] = to_co2e(gas, tonnes, gwp_set)
        except (UnknownGas, InvalidProfile) as error:
            # Say which month, so a user can find the row in a long profile.
            raise type(error)(f"{_label(month)}: {error.message}", section=error.section) from None
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


def screen_profile(profile: Profile, gwp_set: str, on: date | None = None) -> ScreeningResult:
    """Screen a monthly emission profile against the threshold in force on ``on`` (default: today)."""
    on = config.legal_today() if on is None else as_day(on, "on")
    chosen = get_gwp_set(gwp_set)
    if not isinstance(profile, Mapping) or not profile:
        raise InvalidProfile("The emission profile is empty; give tonnes of each gas for at least one month.")
    by_month: dict[int, dict[str, Decimal]] = {}
    for key, gases in profile.items():
        month = _check_month(key)
        by_month[_month_index(month)] = _co2e_by_gas(month, gases, chosen.name)

    first = min(by_month)
    span = max(by_month) - first + 1
    width = int_value(Key.EMISSIONS_WINDOW_MONTHS, on=on)
    totals = [Decimal(0)] * max(span, width)  # a short profile is padded to one window
    for index, gases in by_month.items():
        for co2e in gases.values():
            totals[index - first] = EXACT.add(totals[index - first], co2e)
    start, best, rolling = _best_window(totals, width)

    by_gas: dict[str, Decimal] = {}
    for index in range(first + start, first + start + width):
        for gas, co2e in by_month.get(index, {}).items():
            by_gas[gas] = EXACT.add(by_gas.get(gas, Decimal(0)), co2e)

    limit = decimal_value(Key.EMISSIONS_THRESHOLD_T_CO2E, on=on)
    # "in excess of": strictly greater (the comparison is a parameter so an amendment is one edit).
    strict = parameter(Key.EMISSIONS_THRESHOLD_COMPARISON, on=on).value == "strictly_greater"
    return ScreeningResult(
        gwp_set=chosen.name,
        threshold_t_co2e=limit,
        max_12_month_t_co2e=best,
        window_start=_month_at(first + start),
        window_end=_month_at(first + start + width - 1),
        by_gas=dict(sorted(by_gas.items(), key=lambda item: gas_sort_key(item[0]))),
        exceeds_threshold=best > limit if strict else best >= limit,
        section=parameter(Key.EMISSIONS_THRESHOLD_T_CO2E, on=on).section,
        rolling_totals=tuple((_month_at(first + end), total) for end, total in rolling),
        on=on,
        window_months=width,
        partial_window=span < width,
    )
