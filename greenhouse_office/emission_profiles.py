"""Monthly emission profiles as people keep them: CSV in, a statute.screen_profile() profile out.

Two layouts are accepted, with a header row:
- wide: ``month,CO2,CH4,...`` — one row a month, one column a gas (an empty cell is zero);
- long: ``month,gas,tonnes`` — one row a month and gas.

Months may be written as spreadsheets save them: ``2027-01``, ``Jan-27``, ``Jan 2027``, ``January
2027``, ``1/01/2027`` (Australian order: day first) or ``2027-01-01``. Every input is held to the
bounds in greenhouse_office.bounds (months, span, tonnes, size), which are the system's, not the Bill's.
"""

import csv
import hashlib
import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from greenhouse_office import bounds, statute
from greenhouse_office.statute.gwp import check_tonnes, gas_sort_key
from greenhouse_office.statute.parameters import Key, int_value

# Input limits, not rules of the Bill (greenhouse_office.bounds): a century of months, and a CSV of that
# size with room to spare.
MAX_PROFILE_MONTHS = bounds.MAX_PROFILE_MONTHS
MAX_CSV_BYTES = 1024 * 1024
# Problems listed on the page at most; the rest are counted.
MAX_LISTED_ERRORS = 20
# Reading stops after this many, so a megabyte of bad rows costs no more than a few thousand.
MAX_COUNTED_ERRORS = 1000
# How much of a refused cell a message quotes.
_QUOTED = 40

TEMPLATE_GASES = ("CO2", "CH4", "N2O", "SF6", "HFC-134a", "CF4")
LONG_HEADER = ("month", "gas", "tonnes")
MONTH_FORMS = "2027-03, Mar-27, Mar 2027 or 1/03/2027 (day first)"

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")  # 2027-01, 2027/1
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")  # 2027-01-01
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")  # 1/01/2027, 1.1.27
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")  # 01/2027
_NAMED = re.compile(r"([A-Za-z]+)\.?[-\s/.']*(\d{4}|\d{2})")  # Jan-27, Jan 2027, January 2027
_API_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NUMBER = re.compile(r"[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_ANY_NUMBER = re.compile(r"[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?)\d+)?")


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


# --- Bounds (greenhouse_office.bounds) -----------------------------------------------------------


def month_in_bounds(year: int, month: int, day: int = 1) -> date:
    """The first day of that month, if it is a month the system screens; else InvalidProfile."""
    if not bounds.FIRST_PROFILE_YEAR <= year <= bounds.LAST_PROFILE_YEAR:
        raise statute.InvalidProfile(
            f"{year:04d} is outside the years this service screens: months from January "
            f"{bounds.FIRST_PROFILE_YEAR} to December {bounds.LAST_PROFILE_YEAR}."
        )
    if not 1 <= month <= 12:
        raise statute.InvalidProfile(f"{month} is not a month of the year (1 to 12).")
    try:
        date(year, month, day)
    except ValueError as error:
        raise statute.InvalidProfile(f"{day}/{month}/{year} is not a day of the calendar.") from error
    return date(year, month, 1)


def check_span(months: Iterable[date]) -> None:
    """Refuse a profile whose first and last months are more than MAX_PROFILE_MONTHS apart."""
    months = list(months)
    if not months:
        return
    first, last = min(months), max(months)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > MAX_PROFILE_MONTHS:
        raise statute.InvalidProfile(
            f"The profile runs from {first:%B %Y} to {last:%B %Y}, {span:,} months; at most "
            f"{MAX_PROFILE_MONTHS:,} months ({MAX_PROFILE_MONTHS // 12} years) can be screened at once."
        )


def bounded_tonnes(value, what: str = "tonnes") -> Decimal:
    """Tonnes as an exact Decimal within the bounds, checked before the text is read as a number.

    Accepts a Decimal, an int, a JSON float or text ("4,000", "1.5E+04"); refuses (InvalidQuantity,
    naming the limit) anything negative, not finite, of ``MAX_TONNES_INTEGER_DIGITS`` digits or more
    before the point, or with more than ``MAX_TONNES_DECIMAL_PLACES`` decimal places.
    """
    quantity = _as_decimal(value, what)
    if not quantity.is_finite():
        raise statute.InvalidQuantity(f"{what} must be a finite number, not {_quoted(value)}.")
    if quantity < 0:
        raise statute.InvalidQuantity(f"{what} must be zero or more, not {_quoted(value)}.")
    if quantity.is_zero():
        return Decimal(0)
    if quantity.adjusted() >= bounds.MAX_TONNES_INTEGER_DIGITS:
        raise _too_large(what, value)
    if quantity.normalize().as_tuple().exponent < -bounds.MAX_TONNES_DECIMAL_PLACES:
        raise _too_fine(what, value)
    return check_tonnes(quantity, what)


def _as_decimal(value, what: str) -> Decimal:
    """The number ``value`` holds; text is matched against a plain number first, so no exponent of
    more than three digits (and no text longer than MAX_NUMBER_TEXT) is ever read as a number."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise statute.InvalidQuantity(f"{_quoted(value)} is not a number of {what}.")
    if isinstance(value, Decimal | int):
        return Decimal(value)
    # A JSON float keeps what the sender wrote (0.1 stays 0.1); inf and nan do not match.
    text = value.strip().replace(",", "") if isinstance(value, str) else repr(value)
    if len(text) <= bounds.MAX_NUMBER_TEXT and _NUMBER.fullmatch(text):
        return Decimal(text)
    if text.startswith("-") and _ANY_NUMBER.fullmatch(text[1:]):
        raise statute.InvalidQuantity(f"{what} must be zero or more, not {_quoted(value)}.")
    if match := _ANY_NUMBER.fullmatch(text):  # a number, too long or with a large exponent
        if (match[1] or "").startswith("-"):
            raise _too_fine(what, value)
        raise _too_large(what, value)
    raise statute.InvalidQuantity(f"{_quoted(value)} is not a number of {what}.")


def _too_large(what: str, value) -> statute.InvalidQuantity:
    return statute.InvalidQuantity(
        f"{what} must be {bounds.max_tonnes_text()} (at most {bounds.MAX_TONNES_INTEGER_DIGITS} "
        f"digits before the decimal point), not {_quoted(value)}."
    )


def _too_fine(what: str, value) -> statute.InvalidQuantity:
    return statute.InvalidQuantity(
        f"{what} may have at most {bounds.MAX_TONNES_DECIMAL_PLACES} decimal places (a gram), "
        f"not {_quoted(value)}."
    )


def _quoted(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.strip()
    return repr(text if len(text) <= _QUOTED else text[:_QUOTED] + "…")


# --- Months --------------------------------------------------------------------------------------


def parse_month(text) -> date:
    """A month as a program sends it, ``YYYY-MM``, within the bounds; else InvalidProfile."""
    match = _API_MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise statute.InvalidProfile(f"Month {_quoted(text)} is not in the form YYYY-MM (e.g. 2027-03).")
    return month_in_bounds(int(match[1]), int(match[2]))


def parse_spreadsheet_month(text: str) -> date:
    """A month as a spreadsheet writes it (see the module docstring); else InvalidProfile."""
    text = text.strip()
    if match := _YEAR_MONTH.fullmatch(text):
        return month_in_bounds(int(match[1]), int(match[2]))
    if match := _ISO_DAY.fullmatch(text):
        return month_in_bounds(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.fullmatch(text):
        return month_in_bounds(_year(match[3]), int(match[2]), int(match[1]))
    if match := _MONTH_YEAR.fullmatch(text):
        return month_in_bounds(int(match[2]), int(match[1]))
    if (match := _NAMED.fullmatch(text)) and match[1].lower() in _MONTH_NAMES:
        return month_in_bounds(_year(match[2]), _MONTH_NAMES[match[1].lower()])
    raise statute.InvalidProfile(f"{_quoted(text)} is not a month; write it as {MONTH_FORMS}.")


def _year(text: str) -> int:
    # A spreadsheet's two-digit year ("Jan-27") is this century's: the bounds run to 2100.
    return 2000 + int(text) if len(text) == 2 else int(text)


# --- CSV -----------------------------------------------------------------------------------------


def parse_csv(text: str) -> ParsedProfile:
    """Parse CSV text; every problem is reported with its row and column, nothing is silently dropped."""
    result = ParsedProfile()
    if len(text) > MAX_CSV_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_CSV_BYTES:
        result.errors.append("The CSV is larger than 1 MB; a monthly profile is much smaller.")
        return result
    reader = csv.reader(io.StringIO(text.strip().lstrip("\ufeff")))
    try:
        rows = [row for row in reader if any(c.strip() for c in row)]
    except csv.Error as error:
        result.errors.append(f"Row {reader.line_num}: the CSV cannot be read there ({error}).")
        return result
    if not rows:
        result.errors.append("The CSV is empty: give a header row and at least one month.")
        return result
    header = [cell.strip() for cell in rows[0]]
    if not header or header[0].lower() != "month":
        result.errors.append('Row 1, column A: the first column must be headed "month".')
        return result
    if tuple(h.lower() for h in header) == LONG_HEADER:
        _parse_long(rows[1:], result)
    else:
        _parse_wide(header, rows[1:], result)
    if not result.errors and not result.profile:
        result.errors.append("The CSV has a header but no months.")
    try:
        check_span(result.profile)
    except statute.InvalidProfile as error:
        result.errors.append(str(error))
    if len(result.errors) > MAX_LISTED_ERRORS:
        more = len(result.errors) - MAX_LISTED_ERRORS
        counted = "at least " if len(result.errors) > MAX_COUNTED_ERRORS else ""
        result.errors[MAX_LISTED_ERRORS:] = [f"… and {counted}{more:,} more problems: correct these first."]
    return result


def column_name(number: int) -> str:
    """A spreadsheet's column letters: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _parse_wide(header: list[str], rows: list[list[str]], result: ParsedProfile) -> None:
    gases: list[str | None] = []
    for column, name in enumerate(header[1:], start=2):
        gas = _gas(name, f"Row 1, column {column_name(column)}", result)
        if gas is not None and gas in gases:
            result.errors.append(f"Row 1, column {column_name(column)}: {gas} has a column already.")
            gas = None
        gases.append(gas)
    for number, row in enumerate(rows, start=2):
        if len(result.errors) > MAX_COUNTED_ERRORS:
            break
        month = _month(row[0] if row else "", number, result)
        if len(row) > len(header):
            result.errors.append(f"Row {number}: more cells than there are column headings.")
            continue
        amounts = {}
        for column, (gas, cell) in enumerate(zip(gases, row[1:], strict=False), start=2):
            tonnes = _tonnes(cell, f"Row {number}, column {column_name(column)}", gas, result)
            if gas and tonnes is not None:
                amounts[gas] = tonnes
        _add(month, amounts, number, result)


def _parse_long(rows: list[list[str]], result: ParsedProfile) -> None:
    seen: set[tuple[date, str]] = set()
    for number, row in enumerate(rows, start=2):
        if len(result.errors) > MAX_COUNTED_ERRORS:
            break
        if len(row) != len(LONG_HEADER):
            result.errors.append(f"Row {number}: expected 3 cells (month, gas, tonnes), found {len(row)}.")
            continue
        month = _month(row[0], number, result)
        gas = _gas(row[1], f"Row {number}, column B", result)
        tonnes = _tonnes(row[2], f"Row {number}, column C", gas, result)
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
        result.errors.append(f"Row {number}, column A: {month:%Y-%m} appears more than once.")
        return
    result.profile[month] = amounts


def _month(text: str, number: int, result: ParsedProfile) -> date | None:
    try:
        return parse_spreadsheet_month(text)
    except statute.InvalidProfile as error:
        result.errors.append(f"Row {number}, column A: {error}")
        return None


def _gas(name: str, where: str, result: ParsedProfile) -> str | None:
    try:
        return statute.canonical_gas(name)
    except statute.StatuteError:
        result.errors.append(
            f"{where}: {_quoted(name)} is not a Kyoto Annex A gas (e.g. CO2, CH4, N2O, SF6, HFC-134a, CF4)."
        )
        return None


def _tonnes(cell: str, where: str, gas: str | None, result: ParsedProfile) -> Decimal | None:
    text = cell.strip() if cell else ""
    if not text:
        return None
    try:
        return bounded_tonnes(text, f"tonnes{_of(gas)}")
    except statute.InvalidQuantity as error:
        result.errors.append(f"{where}: {error}")
        return None


def _of(gas: str | None) -> str:
    return f" of {gas}" if gas else ""


# --- JSON ----------------------------------------------------------------------------------------


def profile_from_months(months) -> dict[date, dict[str, Decimal]]:
    """The JSON form ``[{"month": "2027-01", "gases": {"CO2": "4000"}}, ...]`` as a screening profile.

    Raises statute.InvalidProfile (with every problem listed) for anything malformed or out of bounds.
    """
    if not isinstance(months, list) or not months:
        raise statute.InvalidProfile("The emission profile needs at least one month.")
    if len(months) > MAX_PROFILE_MONTHS:
        raise statute.InvalidProfile(f"At most {MAX_PROFILE_MONTHS:,} months can be given.")
    profile: dict[date, dict[str, Decimal]] = {}
    problems = []
    for index, entry in enumerate(months, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("gases"), dict):
            problems.append(f'Month {index}: give {{"month": "YYYY-MM", "gases": {{...}}}}.')
            continue
        try:
            month = parse_month(entry.get("month"))
            gases = {
                statute.canonical_gas(gas): bounded_tonnes(t, f"tonnes of {gas}")
                for gas, t in entry["gases"].items()
            }
        except statute.StatuteError as error:
            problems.append(f"Month {index}: {error}")
            continue
        if month in profile:
            problems.append(f"Month {index}: {month:%Y-%m} appears more than once.")
        profile[month] = gases
    if problems:
        raise statute.InvalidProfile(" ".join(problems[:MAX_LISTED_ERRORS]))
    check_span(profile)
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


def profile_csv(months: list[dict]) -> str:
    """Stored months (``months_from_profile``'s form) as the screening page's wide CSV: month, then a
    column a gas, in the statute's order of species (stored JSON keeps no key order on PostgreSQL)."""
    if not months:
        return ""
    order = {species.name: index for index, species in enumerate(statute.SPECIES)}
    gases = sorted(
        {gas for month in months for gas in month["gases"]}, key=lambda g: (order.get(g, len(order)), g)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", *gases])
    for month in months:
        writer.writerow([month["month"], *[month["gases"].get(gas, "") for gas in gases]])
    return out.getvalue()


# --- Warnings: the Office's data-quality checks ---------------------------------------------------
#
# Not rules of the Bill: the Office's checks of a profile that looks mistyped, as the Clean Energy
# Regulator's reporting system warns. They never refuse a profile; each must be acknowledged with a
# short explanation before lodging (assessments.guards.profile_warnings_acknowledged).

# A month (or a gas in a month) more than this many times each of its neighbouring months.
SPIKE_FACTOR = Decimal(5)
# An acknowledgement's explanation: required, and at most this long.
MAX_EXPLANATION_CHARS = 500


@dataclass(frozen=True)
class ProfileWarning:
    """One warning: ``code`` is stable (it names the month and gas it concerns, so an acknowledgement
    follows the warning, not its position), ``kind`` is the check, ``month``/``gas`` what it concerns
    (the month is the row), and ``message`` says it plainly."""

    code: str
    kind: str
    message: str
    month: str | None = None  # "YYYY-MM"
    gas: str | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "month": self.month,
            "gas": self.gas,
            "message": self.message,
        }


def _co2e_of(month: date, gases: dict[str, Decimal]) -> Decimal | None:
    """The month's tonnes CO2-e with the set in force (s6), or None if a gas cannot be converted
    (screening refuses that profile with its own words, so no warning is needed)."""
    total = Decimal(0)
    try:
        for gas, tonnes in gases.items():
            total += tonnes * statute.gwp_in_force(gas, month)
    except statute.StatuteError:
        return None
    return total


def _spikes(series: dict[date, Decimal], first: date, last: date) -> list[tuple[date, Decimal]]:
    """Months above SPIKE_FACTOR times each calendar neighbour within the profile (a month left out
    counts as zero, as in screening); the first and last month have one neighbour, a one-month
    profile none (so no spike). Returns each spike with its larger neighbour."""
    found = []
    for month, amount in sorted(series.items()):
        neighbours = [
            series.get(other, Decimal(0))
            for other in (month - relativedelta(months=1), month + relativedelta(months=1))
            if first <= other <= last
        ]
        if neighbours and amount > 0 and all(amount > SPIKE_FACTOR * n for n in neighbours):
            found.append((month, max(neighbours)))
    return found


def _months_covered(first: date, last: date) -> str:
    return f"{first:%B %Y}" if first == last else f"{first:%B %Y} to {last:%B %Y}"


def _spike_words(amount: Decimal, neighbour: Decimal, unit: str) -> str:
    """ "45000 tonnes CO2-e, more than 5 times each neighbouring month (the larger: 4500)"."""
    larger = "they have none" if neighbour == 0 else f"the larger has {exact_text(neighbour)}"
    return f"{exact_text(amount)} {unit}, more than {SPIKE_FACTOR} times each neighbouring month ({larger})"


def profile_warnings(
    profile: dict[date, dict[str, Decimal]], *, window_months: int | None = None
) -> list[ProfileWarning]:
    """The Office's warnings on a parsed profile (``parse_csv``/``profile_from_months``), in order:
    a profile shorter than the window, gases with no month above zero, months far above their
    neighbours in CO2-e, then gases far above their neighbours."""
    if not profile:
        return []
    width = window_months or int_value(Key.EMISSIONS_WINDOW_MONTHS)
    first, last = min(profile), max(profile)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    warnings = []
    if span < width:
        warnings.append(
            ProfileWarning(
                "short_profile",
                "short_profile",
                f"The profile covers {span} month{'s' if span != 1 else ''} "
                f"({_months_covered(first, last)}), "
                f"fewer than {width}: months not given count as zero. Say why it is complete.",
            )
        )
    gases = sorted({gas for amounts in profile.values() for gas in amounts}, key=gas_sort_key)
    for gas in gases:
        if not any(amounts.get(gas, 0) > 0 for amounts in profile.values()):
            warnings.append(
                ProfileWarning(
                    f"gas_never_above_zero:{gas}",
                    "gas_never_above_zero",
                    f"{gas} has a column but no month above zero: is a column empty by mistake?",
                    gas=gas,
                )
            )
    totals = {
        month: total for month, gases_ in profile.items() if (total := _co2e_of(month, gases_)) is not None
    }
    for month, neighbour in _spikes(totals, first, last):
        warnings.append(
            ProfileWarning(
                f"month_spike:{month:%Y-%m}",
                "month_spike",
                f"{month:%Y-%m}: {_spike_words(totals[month], neighbour, 'tonnes CO2-e')}: is a figure "
                "mistyped (kilograms for tonnes, or a misplaced decimal point)?",
                month=f"{month:%Y-%m}",
            )
        )
    spiked = {w.month for w in warnings}
    for gas in gases:
        series = {month: amounts[gas] for month, amounts in profile.items() if gas in amounts}
        for month, neighbour in _spikes(series, first, last):
            if f"{month:%Y-%m}" in spiked:
                continue  # the month's own warning already asks about it
            warnings.append(
                ProfileWarning(
                    f"gas_spike:{month:%Y-%m}:{gas}",
                    "gas_spike",
                    f"{month:%Y-%m}, {gas}: {_spike_words(series[month], neighbour, 'tonnes')}: "
                    "is it mistyped?",
                    month=f"{month:%Y-%m}",
                    gas=gas,
                )
            )
    return warnings


def stored_profile_warnings(emission_profile: dict | None) -> list[ProfileWarning]:
    """The warnings on a stored profile (``{"months": [...]}``); none for no profile, or for one the
    screening refuses (its errors block instead). Remembered per process (``_REMEMBERED``)."""
    months = (emission_profile or {}).get("months")
    if not months:
        return []
    try:
        # The one rule they depend on that can change with the day: the window in force today.
        width = int_value(Key.EMISSIONS_WINDOW_MONTHS)
    except statute.StatuteError:
        return []
    key = _profile_key(months, width)
    if key is not None:
        with _REMEMBERED_LOCK:
            found = _REMEMBERED.get(key)
            if found is not None:
                _REMEMBERED.move_to_end(key)
                return list(found)
    try:
        warnings = tuple(profile_warnings(profile_from_months(months), window_months=width))
    except statute.StatuteError:
        warnings = ()
    if key is not None:
        with _REMEMBERED_LOCK:
            _REMEMBERED[key] = warnings
            while len(_REMEMBERED) > REMEMBERED_PROFILES:
                _REMEMBERED.popitem(last=False)
    return list(warnings)


# The same stored months always give the same warnings under the same window, and every answer of the
# API, the lodging guard and the admin's change page recomputed them (10 ms at 120 months, 100 ms at
# 1,200, against 0.1 and 0.9 ms for the key): so each process remembers the latest few hundred, keyed
# by a hash of the months' JSON text (a stored profile is JSON) in their own order (the order of the
# sums) and the window. Warnings are immutable; each caller gets its own list.
REMEMBERED_PROFILES = 256
_REMEMBERED: OrderedDict[tuple[int, bytes], tuple[ProfileWarning, ...]] = OrderedDict()
_REMEMBERED_LOCK = threading.Lock()


def _profile_key(months, width: int) -> tuple[int, bytes] | None:
    """``(width, digest of the months' JSON text)``; None (not remembered) for what is not JSON."""
    try:
        text = json.dumps(months, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None
    return width, hashlib.blake2b(text.encode(), digest_size=16).digest()


def forget_profile_warnings() -> None:
    """Empty the remembered warnings (tests that change the rules under a running process)."""
    with _REMEMBERED_LOCK:
        _REMEMBERED.clear()
