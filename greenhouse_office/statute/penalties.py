"""Maximum penalties under ss25-29, in penalty units and in dollars on a given day.

A penalty unit is worth what Crimes Act 1914 s4AA says on the day of the contravention (increases
apply only to later contraventions), so every result names the dollar value used and the day it
took effect.

Who each provision covers, as this package reads it (docs/INTERPRETATION.md, "Who can be
penalised"):

* s25, s26 (civil): an individual or a body corporate. The Commonwealth and its agencies are dealt
  with by the specific provision, s29, with its own (lower) civil penalties.
* s27 (offences, penalties in s27(3)): an individual or a body corporate, and a Commonwealth agency
  that is an individual or a body corporate. s4(2) protects the Crown from prosecution, not every
  Commonwealth agency: only the Commonwealth itself (the Crown) is left out.
* s28(1) (civil) and s28(3) (offence): an executive officer of a body corporate, an individual.
* s29(1), s29(2) (civil): a Commonwealth agency that is an individual or a body corporate. s29
  binds the Commonwealth itself too (s4(1)) but gives no penalty for it. "s29" names both
  subsections, which carry the same penalties.
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
    THE_COMMONWEALTH = "the_commonwealth"  # the Crown in right of the Commonwealth (s4)
    COMMONWEALTH_AGENCY_INDIVIDUAL = "commonwealth_agency_individual"
    COMMONWEALTH_AGENCY_BODY_CORPORATE = "commonwealth_agency_body_corporate"


class Kind(StrEnum):
    CIVIL = "civil"
    CRIMINAL = "criminal"


_PERSON_WORDS = {
    Person.INDIVIDUAL: "an individual",
    Person.BODY_CORPORATE: "a body corporate",
    Person.THE_COMMONWEALTH: "the Commonwealth",
    Person.COMMONWEALTH_AGENCY_INDIVIDUAL: "a Commonwealth agency that is an individual",
    Person.COMMONWEALTH_AGENCY_BODY_CORPORATE: "a Commonwealth agency that is a body corporate",
}

_EXECUTIVE_OFFICER = "an executive officer of a body corporate (an individual)"
_BODIES_CORPORATE = (Person.BODY_CORPORATE, Person.COMMONWEALTH_AGENCY_BODY_CORPORATE)

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
# Offences: section -> persons. s4(2): not the Crown, so never Person.THE_COMMONWEALTH.
_CRIMINAL: dict[str, tuple[Person, ...]] = {
    "s27(3)": (
        Person.INDIVIDUAL,
        Person.BODY_CORPORATE,
        Person.COMMONWEALTH_AGENCY_INDIVIDUAL,
        Person.COMMONWEALTH_AGENCY_BODY_CORPORATE,
    ),
    "s28(3)": (Person.INDIVIDUAL,),
}
PROVISIONS: tuple[str, ...] = ("s25", "s26", "s27(3)", "s28(1)", "s28(3)", "s29(1)", "s29(2)")
# A section named whole whose subsections carry the same penalties: s29(1) and s29(2).
PROVISION_GROUPS: dict[str, tuple[str, ...]] = {"s29": ("s29(1)", "s29(2)")}

# Why the Commonwealth itself is not covered, by section.
_CROWN_NOT_PROSECUTED = "s4(2): nothing in the Act makes the Crown liable to be prosecuted for an offence"
_S29_ONLY = "the Commonwealth's own actions are dealt with by s29, which gives it no penalty"
_NOT_THE_COMMONWEALTH = {
    "s25": _S29_ONLY,
    "s26": _S29_ONLY,
    "s27(3)": _CROWN_NOT_PROSECUTED,
    "s28(1)": _S29_ONLY,  # a civil penalty on an executive officer, an individual
    "s28(3)": _CROWN_NOT_PROSECUTED,
    "s29(1)": "s29 binds the Commonwealth but gives a civil penalty only for a Commonwealth agency",
    "s29(2)": "s29 binds the Commonwealth but gives a civil penalty only for a Commonwealth agency",
}
# s4(2) protects the Crown, not every Commonwealth agency, from prosecution.
_AGENCY_PROSECUTED = {
    Person.COMMONWEALTH_AGENCY_INDIVIDUAL: (
        "; a Commonwealth agency that is an individual may be prosecuted (s4(2) protects only the Crown)"
    ),
    Person.COMMONWEALTH_AGENCY_BODY_CORPORATE: (
        "; a Commonwealth agency that is a body corporate may be prosecuted unless it is the Crown (s4(2)), "
        "which is for a court"
    ),
}


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
    """The kinds of person a penalty provision (or "s29", both its subsections) covers."""
    key = _section(section)
    key = PROVISION_GROUPS.get(key, (key,))[0]
    return tuple(_CIVIL[key]) if key in _CIVIL else _CRIMINAL[key]


def _section(section: str) -> str:
    key = section.strip().lower().replace(" ", "") if isinstance(section, str) else ""
    key = key if key.startswith("s") else f"s{key}"
    if key not in PROVISIONS and key not in PROVISION_GROUPS:
        names = ", ".join((*PROVISIONS, *PROVISION_GROUPS))
        raise UnknownProvision(f"No penalty provision {section!r}; use one of {names}.")
    return key


def _person(section: str, person: str) -> Person:
    covered = applicable_persons(section)
    try:
        chosen = Person(person)
    except ValueError:
        chosen = None
    if chosen not in covered:
        words = [_PERSON_WORDS[p] for p in covered]
        listed = f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]
        who = _EXECUTIVE_OFFICER if section.startswith("s28") else listed
        why = f" ({_NOT_THE_COMMONWEALTH[section]})" if chosen is Person.THE_COMMONWEALTH else ""
        raise NotApplicable(f"{section} does not apply to {person!r}: it covers {who}{why}.", section=section)
    return chosen


def _criminal(section: str, person: Person, on: date) -> tuple[int, int | None, str]:
    """(penalty units, imprisonment years, basis) for an offence."""
    if section == "s27(3)":
        units = int_value(Key.S27_3_FINE_UNITS, on=on)
        years = int_value(Key.S27_3_IMPRISONMENT_YEARS, on=on)
        if person in _BODIES_CORPORATE:
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

    ``section`` is one of "s25", "s26", "s27(3)", "s28(1)", "s28(3)", "s29(1)", "s29(2)", or "s29"
    for both subsections of s29 (which carry the same penalties).
    """
    on = config.legal_today() if on is None else as_day(on, "on")
    key = _section(section)
    if key in PROVISION_GROUPS:
        return _group_penalty(key, person, on)
    who = _person(key, person)
    if key in _CIVIL:
        kind = Kind.CIVIL
        units, years = int_value(_CIVIL[key][who], on=on), None
        payer = _EXECUTIVE_OFFICER if key.startswith("s28") else _PERSON_WORDS[who]
        basis = f"{key}: civil penalty for {payer}: {units:,} penalty units"
    else:
        kind = Kind.CRIMINAL
        units, years, basis = _criminal(key, who, on)
        basis += _AGENCY_PROSECUTED.get(who, "")
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


def _group_penalty(key: str, person: str, on: date) -> Penalty:
    """The penalty common to every subsection of ``key`` (s29: s29(1) and s29(2))."""
    subsections = PROVISION_GROUPS[key]
    try:
        parts = [maximum_penalty(sub, person, on) for sub in subsections]
    except NotApplicable as error:
        raise NotApplicable(error.message.replace(subsections[0], key, 1), section=key) from error
    if len({part.penalty_units for part in parts}) > 1:
        raise UnknownProvision(
            f"{' and '.join(subsections)} carry different penalties on {format_day(on)}: "
            "name the subsection.",
            section=key,
        )
    first = parts[0]
    basis = first.basis.replace(f"{subsections[0]}:", f"{' and '.join(subsections)} (each):", 1)
    return Penalty(
        section=key,
        person=first.person,
        kind=first.kind,
        penalty_units=first.penalty_units,
        penalty_unit_value_aud=first.penalty_unit_value_aud,
        penalty_unit_value_from=first.penalty_unit_value_from,
        maximum_aud=first.maximum_aud,
        imprisonment_years=first.imprisonment_years,
        basis=basis,
        on=on,
    )
