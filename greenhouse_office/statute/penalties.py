"""Maximum penalties under ss25-29, in penalty units and in dollars on a given day.

A penalty unit is worth what Crimes Act 1914 s4AA says on the day of the contravention (increases
apply only to later contraventions), so every result names the dollar value used and the day it
took effect.

Who each provision covers, as this package reads it:

* s25, s26 (civil) and s27 (offences): a person that is an individual or a body corporate. The
  Commonwealth and its agencies are dealt with by the specific provision, s29; and s4(2) keeps
  the Crown from being prosecuted.
* s28(1) (civil) and s28(3) (offence): an executive officer of a body corporate, an individual.
* s29(1), s29(2) (civil): a Commonwealth agency that is an individual or a body corporate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from . import config
from .errors import NotApplicable, UnknownProvision
from .parameters import Key, int_value, parameter
from .periods import as_day, format_day


class Person(StrEnum):
    INDIVIDUAL = "individual"
    BODY_CORPORATE = "body_corporate"
    COMMONWEALTH_AGENCY_INDIVIDUAL = "commonwealth_agency_individual"
    COMMONWEALTH_AGENCY_BODY_CORPORATE = "commonwealth_agency_body_corporate"


class Kind(StrEnum):
    CIVIL = "civil"
    CRIMINAL = "criminal"


_PERSON_WORDS = {
    Person.INDIVIDUAL: "an individual",
    Person.BODY_CORPORATE: "a body corporate",
    Person.COMMONWEALTH_AGENCY_INDIVIDUAL: "a Commonwealth agency that is an individual",
    Person.COMMONWEALTH_AGENCY_BODY_CORPORATE: "a Commonwealth agency that is a body corporate",
}

_EXECUTIVE_OFFICER = "an executive officer of a body corporate (an individual)"

# Civil penalty provisions: section -> person -> parameter key of the penalty units.
_CIVIL: dict[str, dict[Person, Key]] = {
    "s25": {Person.INDIVIDUAL: Key.S25_UNITS_INDIVIDUAL, Person.BODY_CORPORATE: Key.S25_UNITS_BODY_CORPORATE},
    "s26": {Person.INDIVIDUAL: Key.S26_UNITS_INDIVIDUAL, Person.BODY_CORPORATE: Key.S26_UNITS_BODY_CORPORATE},
    "s28(1)": {Person.INDIVIDUAL: Key.S28_1_UNITS},
    "s29(1)": {
        Person.COMMONWEALTH_AGENCY_INDIVIDUAL: Key.S29_1_UNITS_AGENCY_INDIVIDUAL,
        Person.COMMONWEALTH_AGENCY_BODY_CORPORATE: Key.S29_1_UNITS_AGENCY_BODY_CORPORATE,
    },
    "s29(2)": {
        Person.COMMONWEALTH_AGENCY_INDIVIDUAL: Key.S29_2_UNITS_AGENCY_INDIVIDUAL,
        Person.COMMONWEALTH_AGENCY_BODY_CORPORATE: Key.S29_2_UNITS_AGENCY_BODY_CORPORATE,
    },
}
_CRIMINAL: dict[str, tuple[Person, ...]] = {
    "s27(3)": (Person.INDIVIDUAL, Person.BODY_CORPORATE),
    "s28(3)": (Person.INDIVIDUAL,),
}
PROVISIONS: tuple[str, ...] = ("s25", "s26", "s27(3)", "s28(1)", "s28(3)", "s29(1)", "s29(2)")


@dataclass(frozen=True)
class PenaltyUnitValue:
    """Crimes Act 1914 s4AA: dollars per penalty unit on a day, and since when."""

    value_aud: Decimal
    valid_from: date
    citation: str
    section: str = "Crimes Act 1914 s4AA(1)"


@dataclass(frozen=True)
class Penalty:
    """The maximum penalty for one provision and kind of person on a day."""

    section: str
    person: Person
    kind: Kind
    penalty_units: int
    penalty_unit_value_aud: Decimal
    penalty_unit_value_from: date
    maximum_aud: Decimal
    imprisonment_years: int | None
    basis: str
    on: date


def penalty_unit_value(on: date | None = None) -> PenaltyUnitValue:
    """The Commonwealth penalty unit in force on ``on`` (default: today in Canberra)."""
    found = parameter(Key.PENALTY_UNIT_AUD, on=on)
    return PenaltyUnitValue(Decimal(found.value), found.valid_from, found.citation)  # type: ignore[arg-type]


def applicable_persons(section: str) -> tuple[Person, ...]:
    """The kinds of person a penalty provision covers."""
    key = _section(section)
    return tuple(_CIVIL[key]) if key in _CIVIL else _CRIMINAL[key]


def _section(section: str) -> str:
    key = section.strip().lower().replace(" ", "") if isinstance(section, str) else ""
    key = key if key.startswith("s") else f"s{key}"
    if key not in PROVISIONS:
        raise UnknownProvision(f"No penalty provision {section!r}; use one of {', '.join(PROVISIONS)}.")
    return key


def _person(section: str, person: str) -> Person:
    covered = applicable_persons(section)
    try:
        chosen = Person(person)
    except ValueError:
        chosen = None
    if chosen not in covered:
        words = [_PERSON_WORDS[p] for p in covered]
        who = _EXECUTIVE_OFFICER if section.startswith("s28") else " or ".join(words)
        raise NotApplicable(
            f"{section} does not apply to {person!r}: it covers {who}.",
            section=section,
        )
    return chosen


def _criminal(section: str, person: Person, on: date) -> tuple[int, int | None, str]:
    """(penalty units, imprisonment years, basis) for an offence."""
    if section == "s27(3)":
        units = int_value(Key.S27_3_FINE_UNITS, on=on)
        years = int_value(Key.S27_3_IMPRISONMENT_YEARS, on=on)
        if person is Person.BODY_CORPORATE:
            multiplier = int_value(Key.BODY_CORPORATE_FINE_MULTIPLIER, on=on)
            return (
                units * multiplier,
                None,
                (
                    f"s27(3) and Crimes Act 1914 s4B(3): {multiplier} x {units} penalty units "
                    "for a body corporate"
                ),
            )
        basis = f"s27(3): imprisonment for {years} years, a fine of {units} penalty units, or both"
        return units, years, basis
    # s28(3): imprisonment only; Crimes Act s4B(2) lets the court fine instead of, or as well as.
    years = int_value(Key.S28_3_IMPRISONMENT_YEARS, on=on)
    per_month = int_value(Key.FINE_UNITS_PER_MONTH_OF_IMPRISONMENT, on=on)
    months = 12 * years
    return (
        per_month * months,
        years,
        (
            f"s28(3): imprisonment for {years} years; Crimes Act 1914 s4B(2) allows a fine instead of, "
            f"or as well as, imprisonment of up to {per_month} x {months} months = "
            f"{per_month * months} penalty units"
        ),
    )


def maximum_penalty(section: str, person: str, on: date | None = None) -> Penalty:
    """The maximum penalty under ``section`` for ``person``, valued on ``on`` (the day of the contravention).

    ``section`` is one of "s25", "s26", "s27(3)", "s28(1)", "s28(3)", "s29(1)", "s29(2)".
    """
    on = config.legal_today() if on is None else as_day(on, "on")
    key = _section(section)
    who = _person(key, person)
    if key in _CIVIL:
        kind = Kind.CIVIL
        units, years = int_value(_CIVIL[key][who], on=on), None
        payer = _EXECUTIVE_OFFICER if key.startswith("s28") else _PERSON_WORDS[who]
        basis = f"{key}: civil penalty for {payer}: {units:,} penalty units"
    else:
        kind = Kind.CRIMINAL
        units, years, basis = _criminal(key, who, on)
    unit = penalty_unit_value(on)
    basis += (
        f"; ${unit.value_aud} per penalty unit (Crimes Act 1914 s4AA, from {format_day(unit.valid_from)})"
    )
    return Penalty(
        section=key,
        person=who,
        kind=kind,
        penalty_units=units,
        penalty_unit_value_aud=unit.value_aud,
        penalty_unit_value_from=unit.valid_from,
        maximum_aud=units * unit.value_aud,
        imprisonment_years=years,
        basis=basis,
        on=on,
    )
