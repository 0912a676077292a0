"""Monthly emission profiles as people keep them: CSV in, a statute.screen_profile() profile out.

Two layouts are accepted, with a header row:
- wide: ``month,CO2,CH4,...`` — one row a month, one column a gas (an empty cell is zero);
- long: ``month,gas,tonnes`` — one row a month and gas.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta

from greenhouse_office import statute
from greenhouse_office.statute.gwp import check_tonnes

# Input limits, not rules of the Bill: a century of months, and a CSV of that size with room to spare.
MAX_PROFILE_MONTHS = 1200
MAX_CSV_BYTES = 1024 * 1024

TEMPLATE_GASES = ("CO2", "CH4", "N2O", "SF6", "HFC-134a", "CF4")
LONG_HEADER = ("month", "gas", "tonnes")


@dataclass
class ParsedProfile:
    profile: dict[date, dict[str, Decimal]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def template_csv(first_month: date) -> str:
    """A wide CSV template of 12 empty months from ``first_month``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", *TEMPLATE_GASES])
    for offset in range(12):
        month = first_month + relativedelta(months=offset)
        writer.writerow([month.strftime("%Y-%m"), *[""] * len(TEMPLATE_GASES)])
    return out.getvalue()


def parse_csv(text: str) -> ParsedProfile:
    """Parse CSV text; every problem is reported with its row, nothing is silently dropped."""
    result = ParsedProfile()
    rows = [
        row for row in csv.reader(io.StringIO(text.strip().lstrip("\ufeff"))) if any(c.strip() for c in row)
    ]
    if not rows:
        result.errors.append("The CSV is empty: give a header row and at least one month.")
        return result
    header = [cell.strip() for cell in rows[0]]
    if not header or header[0].lower() != "month":
        result.errors.append('Row 1: the first column must be headed "month".')
        return result
    if tuple(h.lower() for h in header) == LONG_HEADER:
        _parse_long(rows[1:], result)
    else:
        _parse_wide(header, rows[1:], result)
    if not result.errors and not result.profile:
        result.errors.append("The CSV has a header but no months.")
    if len(result.profile) > MAX_PROFILE_MONTHS:
        result.errors.append(f"At most {MAX_PROFILE_MONTHS} months can be screened at once.")
    return result


def _parse_wide(header: list[str], rows: list[list[str]], result: ParsedProfile) -> None:
    gases = []
    for column, name in enumerate(header[1:], start=2):
        gases.append(_gas(name, f"Row 1, column {column}", result))
    for number, row in enumerate(rows, start=2):
        month = _month(row[0] if row else "", number, result)
        if len(row) > len(header):
            result.errors.append(f"Row {number}: more cells than there are column headings.")
            continue
        amounts = {}
        for gas, cell in zip(gases, row[1:], strict=False):
            tonnes = _tonnes(cell, number, gas, result)
            if gas and tonnes is not None:
                amounts[gas] = tonnes
        _add(month, amounts, number, result)


def _parse_long(rows: list[list[str]], result: ParsedProfile) -> None:
    seen: set[tuple[date, str]] = set()
    for number, row in enumerate(rows, start=2):
        if len(row) != len(LONG_HEADER):
            result.errors.append(f"Row {number}: expected 3 cells (month, gas, tonnes), found {len(row)}.")
            continue
        month = _month(row[0], number, result)
        gas = _gas(row[1], f"Row {number}", result)
        tonnes = _tonnes(row[2], number, gas, result)
        if month is None or gas is None or tonnes is None:
            continue
        if (month, gas) in seen:
            result.errors.append(f"Row {number}: {gas} for {month:%Y-%m} is given twice.")
            continue
        seen.add((month, gas))
        result.profile.setdefault(month, {})[gas] = tonnes


def _add(month: date | None, amounts: dict[str, Decimal], number: int, result: ParsedProfile) -> None:
    if month is None:
        return
    if month in result.profile:
        result.errors.append(f"Row {number}: {month:%Y-%m} appears more than once.")
        return
    result.profile[month] = amounts


def _month(text: str, number: int, result: ParsedProfile) -> date | None:
    try:
        return statute.parse_month(text)
    except statute.StatuteError:
        result.errors.append(
            f"Row {number}: {text.strip()!r} is not a month; write it as YYYY-MM, e.g. 2027-03."
        )
        return None


def _gas(name: str, where: str, result: ParsedProfile) -> str | None:
    try:
        return statute.canonical_gas(name)
    except statute.StatuteError:
        result.errors.append(
            f"{where}: {name.strip()!r} is not a Kyoto Annex A gas (e.g. CO2, CH4, N2O, SF6, HFC-134a, CF4)."
        )
        return None


def _tonnes(cell: str, number: int, gas: str | None, result: ParsedProfile) -> Decimal | None:
    text = cell.strip().replace(",", "") if cell else ""
    if not text:
        return None
    try:
        tonnes = Decimal(text)
    except InvalidOperation:
        result.errors.append(f"Row {number}: {cell.strip()!r} is not a number of tonnes{_of(gas)}.")
        return None
    if not tonnes.is_finite() or tonnes < 0:
        result.errors.append(f"Row {number}: tonnes{_of(gas)} must be zero or more, not {cell.strip()}.")
        return None
    return tonnes


def _of(gas: str | None) -> str:
    return f" of {gas}" if gas else ""


def profile_from_months(months) -> dict[date, dict[str, Decimal]]:
    """The JSON form ``[{"month": "2027-01", "gases": {"CO2": "4000"}}, ...]`` as a screening profile.

    Raises statute.InvalidProfile (with every problem listed) for anything malformed.
    """
    if not isinstance(months, list) or not months:
        raise statute.InvalidProfile("The emission profile needs at least one month.")
    if len(months) > MAX_PROFILE_MONTHS:
        raise statute.InvalidProfile(f"At most {MAX_PROFILE_MONTHS} months can be given.")
    profile: dict[date, dict[str, Decimal]] = {}
    problems = []
    for index, entry in enumerate(months, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("gases"), dict):
            problems.append(f'Month {index}: give {{"month": "YYYY-MM", "gases": {{...}}}}.')
            continue
        try:
            month = statute.parse_month(entry.get("month"))
            gases = {
                statute.canonical_gas(gas): check_tonnes(_decimal(t), f"tonnes of {gas}")
                for gas, t in entry["gases"].items()
            }
        except statute.StatuteError as error:
            problems.append(f"Month {index}: {error}")
            continue
        if month in profile:
            problems.append(f"Month {index}: {month:%Y-%m} appears more than once.")
        profile[month] = gases
    if problems:
        raise statute.InvalidProfile(" ".join(problems))
    return profile


def exact_text(value: Decimal) -> str:
    """A Decimal as plain exact text: no exponent, no padding ("56520", "4210.5")."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def months_from_profile(profile: dict[date, dict[str, Decimal]]) -> list[dict]:
    """The stored JSON form, with tonnes as exact decimal strings."""
    return [
        {"month": month.strftime("%Y-%m"), "gases": {gas: str(tonnes) for gas, tonnes in gases.items()}}
        for month, gases in sorted(profile.items())
    ]


def _decimal(value) -> Decimal:
    # JSON numbers arrive as int or float; str() keeps what the sender wrote (0.1 stays 0.1).
    if isinstance(value, bool):
        raise statute.InvalidQuantity(f"{value!r} is not a number of tonnes.")
    if isinstance(value, int | float):
        value = str(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise statute.InvalidQuantity(f"{value!r} is not a number of tonnes.") from error
