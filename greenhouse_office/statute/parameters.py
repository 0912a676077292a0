"""Every number and period of the Bill, once, with its section and the dates it is in force.

Bill parameters are in force from commencement (s2) with no end yet; an amending Act adds a new
``Parameter`` with a later ``valid_from`` and closes the old one, so questions about the past keep
their old answers. The Commonwealth penalty unit (Crimes Act 1914 s4AA) is kept here too, with its
dated history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from . import config
from .commencement import commencement
from .errors import NotInForce, UnknownParameter
from .periods import as_day

ParameterValue = int | Decimal | str | date | tuple[int, int] | tuple[str, ...]


class Key(StrEnum):
    """Registry keys. A ``str``, so ``parameter("comment_period_months")`` works too."""

    EMISSIONS_THRESHOLD_T_CO2E = "emissions_threshold_t_co2e"
    EMISSIONS_THRESHOLD_COMPARISON = "emissions_threshold_comparison"
    EMISSIONS_WINDOW_MONTHS = "emissions_window_months"
    INITIAL_TARGET_MAX_PERCENT_OF_1990 = "initial_target_max_percent_of_1990"
    COMMITMENT_PERIOD_START = "commitment_period_start"
    COMMITMENT_PERIOD_END = "commitment_period_end"
    REGULATIONS_REVIEW_PERIOD_YEARS = "regulations_review_period_years"
    ANNUAL_REPORT_YEAR_END = "annual_report_year_end"
    ANNUAL_REPORT_MONTHS = "annual_report_months"
    DIRECTOR_MAX_TERM_YEARS = "director_max_term_years"
    ABSENCE_CONSECUTIVE_DAYS = "director_absence_consecutive_days"
    ABSENCE_DAYS_IN_WINDOW = "director_absence_days_in_window"
    ABSENCE_WINDOW_MONTHS = "director_absence_window_months"
    ACTING_DURING_VACANCY_MAX_MONTHS = "acting_director_vacancy_max_months"
    EVALUATION_DAYS = "evaluation_days"
    COMMENT_PERIOD_MONTHS = "comment_period_months"
    CLOSING_DAY_CONFIRM_AFTER_MONTHS = "closing_day_confirm_after_months"
    TASKFORCE_APPOINTMENT_MONTHS = "taskforce_appointment_months"
    OFFICE_PLAN_TRIGGER_YEARS = "office_plan_trigger_years"
    OFFICE_PLAN_MONTHS = "office_plan_months"
    PLAN_PUBLICATION_MONTHS = "plan_publication_months"
    PLAN_REVIEW_PERIOD_YEARS = "plan_review_period_years"
    PLAN_REVIEW_WARNING_DAYS = "plan_review_warning_days"
    S25_UNITS_INDIVIDUAL = "penalty_units.s25.individual"
    S25_UNITS_BODY_CORPORATE = "penalty_units.s25.body_corporate"
    S26_UNITS_INDIVIDUAL = "penalty_units.s26.individual"
    S26_UNITS_BODY_CORPORATE = "penalty_units.s26.body_corporate"
    S27_3_FINE_UNITS = "penalty_units.s27_3.fine"
    S27_3_IMPRISONMENT_YEARS = "imprisonment_years.s27_3"
    S28_1_UNITS = "penalty_units.s28_1.executive_officer"
    S28_3_IMPRISONMENT_YEARS = "imprisonment_years.s28_3"
    S29_1_UNITS_AGENCY_INDIVIDUAL = "penalty_units.s29_1.commonwealth_agency_individual"
    S29_1_UNITS_AGENCY_BODY_CORPORATE = "penalty_units.s29_1.commonwealth_agency_body_corporate"
    S29_2_UNITS_AGENCY_INDIVIDUAL = "penalty_units.s29_2.commonwealth_agency_individual"
    S29_2_UNITS_AGENCY_BODY_CORPORATE = "penalty_units.s29_2.commonwealth_agency_body_corporate"
    FINE_UNITS_PER_MONTH_OF_IMPRISONMENT = "crimes_act.s4b2_units_per_month"
    BODY_CORPORATE_FINE_MULTIPLIER = "crimes_act.s4b3_body_corporate_multiplier"
    PENALTY_UNIT_AUD = "penalty_unit_aud"
    GWP_SET_IN_FORCE = "gwp_set_in_force"
    ANNEX_A_GAS_GROUPS = "annex_a_gas_groups"


@dataclass(frozen=True)
class Parameter:
    """One version of a number or period, in force from ``valid_from`` to ``valid_to`` (inclusive)."""

    key: str
    value: ParameterValue
    unit: str
    section: str
    valid_from: date
    valid_to: date | None
    citation: str

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _bill_parameters(commenced: date) -> list[Parameter]:
    """The Bill's numbers as enacted, in force from commencement."""

    def bill(key: Key, value: ParameterValue, unit: str, section: str, citation: str) -> Parameter:
        return Parameter(str(key), value, unit, section, commenced, None, citation)

    threshold_sections = "s25(a), s27(1)(b), s29(1), s30(a), s31(1)(a)"
    return [
        # s25(a), s27(1)(b), s29(1), s30(a), s31(1)(a): "in excess of 50,000 tonnes"; s6 measures
        # greenhouse gas emissions in tonnes of carbon dioxide equivalents.
        bill(
            Key.EMISSIONS_THRESHOLD_T_CO2E,
            Decimal(50_000),
            "t CO2-e",
            threshold_sections,
            "emissions of greenhouse gases in excess of 50,000 tonnes in any period of 12 months",
        ),
        # "in excess of": equal to the threshold is not in excess of it.
        bill(
            Key.EMISSIONS_THRESHOLD_COMPARISON,
            "strictly_greater",
            "",
            threshold_sections,
            "in excess of 50,000 tonnes",
        ),
        # "in any period of 12 months": every run of 12 consecutive months.
        bill(Key.EMISSIONS_WINDOW_MONTHS, 12, "months", threshold_sections, "in any period of 12 months"),
        # s8(3)
        bill(
            Key.INITIAL_TARGET_MAX_PERCENT_OF_1990,
            Decimal(108),
            "% of 1990 emissions",
            "s8(3)",
            "initial targets must not be more than 108% of the 1990 emission levels",
        ),
        bill(
            Key.COMMITMENT_PERIOD_START,
            date(2008, 1, 1),
            "date",
            "s8(3)",
            "the commitment period beginning on 1 January 2008",
        ),
        bill(
            Key.COMMITMENT_PERIOD_END, date(2012, 12, 31), "date", "s8(3)", "and ending on 31 December 2012"
        ),
        # s8(4)
        bill(
            Key.REGULATIONS_REVIEW_PERIOD_YEARS,
            5,
            "years",
            "s8(4)",
            "after each period of 5 years beginning on the day on which this Act commences",
        ),
        # s13(1)
        bill(Key.ANNUAL_REPORT_YEAR_END, (6, 30), "(month, day)", "s13(1)", "after each 30 June"),
        bill(
            Key.ANNUAL_REPORT_MONTHS,
            6,
            "months",
            "s13(1)",
            "in any event within 6 months, after each 30 June",
        ),
        # s15(1)
        bill(Key.DIRECTOR_MAX_TERM_YEARS, 5, "years", "s15(1)", "such period, not exceeding 5 years"),
        # s20(2)(c)
        bill(
            Key.ABSENCE_CONSECUTIVE_DAYS,
            14,
            "days",
            "s20(2)(c)",
            "absent from duty ... for 14 consecutive days",
        ),
        bill(Key.ABSENCE_DAYS_IN_WINDOW, 28, "days", "s20(2)(c)", "or 28 days in any 12 months"),
        bill(Key.ABSENCE_WINDOW_MONTHS, 12, "months", "s20(2)(c)", "or 28 days in any 12 months"),
        # s22(1), s22(5)
        bill(
            Key.ACTING_DURING_VACANCY_MAX_MONTHS,
            12,
            "months",
            "s22(1), s22(5)",
            "shall not continue so to act for more than 12 months",
        ),
        # s32(1)
        bill(
            Key.EVALUATION_DAYS,
            30,
            "days",
            "s32(1)",
            "after receiving a Greenhouse Impact Assessment ... must within 30 days obtain an evaluation",
        ),
        # s33(3)
        bill(
            Key.COMMENT_PERIOD_MONTHS,
            2,
            "months",
            "s33(3)",
            "the day specified must not be a day occurring within 2 months after the notice is published",
        ),
        # s33(3) sets no latest closing day. A closing day more than 12 months after the Gazette notice
        # is lawful but far more likely a typing error (2028 for 2027): the Office must confirm it.
        bill(
            Key.CLOSING_DAY_CONFIRM_AFTER_MONTHS,
            12,
            "months",
            "s33(3)",
            "not a number of the Bill: s33(3) sets only the earliest closing day; one more than 12 months "
            "after the Gazette notice is refused as a likely typing error unless the Office confirms it",
        ),
        # s36(1)
        bill(
            Key.TASKFORCE_APPOINTMENT_MONTHS,
            6,
            "months",
            "s36(1)",
            "within 6 months after the commencement of this Act, the Minister must appoint a task force",
        ),
        # s37
        bill(
            Key.OFFICE_PLAN_TRIGGER_YEARS,
            2,
            "years",
            "s37",
            "at the expiration of 2 years after the commencement",
        ),
        bill(
            Key.OFFICE_PLAN_MONTHS,
            6,
            "months",
            "s37",
            "must prepare and give to the Minister ... within 6 months",
        ),
        # s38
        bill(
            Key.PLAN_PUBLICATION_MONTHS,
            1,
            "months",
            "s38",
            "within one month after being received by the Minister",
        ),
        # s39(1)
        bill(Key.PLAN_REVIEW_PERIOD_YEARS, 3, "years", "s39(1)", "at least once in every period of 3 years"),
        # s39(1) sets only the period. The Office's practice: a review is shown as due, and its people
        # told, 90 days before the period ends, so the Minister has time to cause it.
        bill(
            Key.PLAN_REVIEW_WARNING_DAYS,
            90,
            "days",
            "s39(1)",
            "not a number of the Bill: a review is flagged as due 90 days before the s39(1) period ends",
        ),
        # s25, s26: civil penalties
        bill(Key.S25_UNITS_INDIVIDUAL, 5_000, "penalty units", "s25", "civil penalty for an individual"),
        bill(
            Key.S25_UNITS_BODY_CORPORATE, 50_000, "penalty units", "s25", "civil penalty for a body corporate"
        ),
        bill(Key.S26_UNITS_INDIVIDUAL, 5_000, "penalty units", "s26", "civil penalty for an individual"),
        bill(
            Key.S26_UNITS_BODY_CORPORATE, 50_000, "penalty units", "s26", "civil penalty for a body corporate"
        ),
        # s27(3): offences against s27(1) and (2)
        bill(Key.S27_3_FINE_UNITS, 420, "penalty units", "s27(3)", "a fine not more than 420 penalty units"),
        bill(
            Key.S27_3_IMPRISONMENT_YEARS,
            7,
            "years",
            "s27(3)",
            "imprisonment for a term not more than 7 years",
        ),
        # s28: executive officers
        bill(
            Key.S28_1_UNITS,
            50_000,
            "penalty units",
            "s28(2)",
            "s28(1) is a civil penalty provision; civil penalty: 50,000 penalty units",
        ),
        bill(
            Key.S28_3_IMPRISONMENT_YEARS,
            7,
            "years",
            "s28(3)",
            "imprisonment for a term not more than 7 years",
        ),
        # s29(1), s29(2): Commonwealth agencies
        bill(
            Key.S29_1_UNITS_AGENCY_INDIVIDUAL,
            1_000,
            "penalty units",
            "s29(1)",
            "civil penalty for a Commonwealth agency that is an individual",
        ),
        bill(
            Key.S29_1_UNITS_AGENCY_BODY_CORPORATE,
            10_000,
            "penalty units",
            "s29(1)",
            "civil penalty for a Commonwealth agency that is a body corporate",
        ),
        bill(
            Key.S29_2_UNITS_AGENCY_INDIVIDUAL,
            1_000,
            "penalty units",
            "s29(2)",
            "civil penalty for a Commonwealth agency that is an individual",
        ),
        bill(
            Key.S29_2_UNITS_AGENCY_BODY_CORPORATE,
            10_000,
            "penalty units",
            "s29(2)",
            "civil penalty for a Commonwealth agency that is a body corporate",
        ),
        # s28(3) Note 2 -> Crimes Act 1914 s4B(2): fine of 5 penalty units per month of imprisonment.
        bill(
            Key.FINE_UNITS_PER_MONTH_OF_IMPRISONMENT,
            5,
            "penalty units per month",
            "s28(3) Note 2",
            "Crimes Act 1914 s4B(2): 5 times the maximum term of imprisonment in months",
        ),
        # s27(3) Note 1 -> Crimes Act 1914 s4B(3): a body corporate may be fined 5 times as much.
        bill(
            Key.BODY_CORPORATE_FINE_MULTIPLIER,
            5,
            "times",
            "s27(3) Note 1",
            "Crimes Act 1914 s4B(3): up to 5 times the maximum fine for a person",
        ),
    ]


# Crimes Act 1914 s4AA(1): the dollar amount of a Commonwealth penalty unit, by the day it took
# effect. New amounts (s4AA(3) indexation every third 1 July, or an amending Act) go at the end.
_PENALTY_UNIT_HISTORY: tuple[tuple[date, int, str], ...] = (
    # Introduced in 1992 at $100 (EM, Crimes Legislation Amendment (Penalty Unit) Bill 2015);
    # the exact day is not recorded here, so 1 January of the year is used.
    (date(1992, 1, 1), 100, "s4AA(1) as inserted in 1992 (day approximate: 1 January 1992)"),
    # Raised to $110 in 1997 (same EM); exact day not recorded here, 1 January used.
    (date(1997, 1, 1), 110, "s4AA(1) as amended in 1997 (day approximate: 1 January 1997)"),
    (
        date(2012, 12, 28),
        170,
        "Crimes Legislation Amendment (Serious Drugs, Identity Crime and Other Measures) Act 2012",
    ),
    (date(2015, 7, 31), 180, "Crimes Legislation Amendment (Penalty Unit) Act 2015"),
    (date(2017, 7, 1), 210, "Crimes Amendment (Penalty Unit) Act 2017"),
    (date(2020, 7, 1), 222, "s4AA(3) indexation on 1 July 2020"),
    (date(2023, 1, 1), 275, "Crimes Amendment (Penalty Unit) Act 2022"),
    (date(2023, 7, 1), 313, "s4AA(3) indexation on 1 July 2023"),
    (date(2024, 11, 7), 330, "Crimes and Other Legislation Amendment (Omnibus No. 1) Act 2024"),
)


def _penalty_unit_parameters() -> list[Parameter]:
    versions = []
    for index, (valid_from, amount, citation) in enumerate(_PENALTY_UNIT_HISTORY):
        following = _PENALTY_UNIT_HISTORY[index + 1 : index + 2]
        valid_to = following[0][0] - timedelta(days=1) if following else None
        versions.append(
            Parameter(
                str(Key.PENALTY_UNIT_AUD),
                Decimal(amount),
                "AUD per penalty unit",
                "Crimes Act 1914 s4AA(1)",
                valid_from,
                valid_to,
                citation,
            )
        )
    return versions


# s6: "greenhouse gas emissions" are "measured in tonnes of carbon dioxide equivalents". Kyoto Protocol
# Art 5(3): the global warming potentials are those agreed by the COP, and "any revision ... shall apply
# only to commitments ... in respect of any commitment period adopted subsequent to that revision". So
# each set governs the months of its period: these versions are dated by the MONTH OF THE EMISSIONS
# (``parameter(Key.GWP_SET_IN_FORCE, on=month)``), not by the day of the act. SAR governs every month
# up to the end of the first commitment period (the Protocol has no earlier set); AR5 from 2021 is a
# reading (docs/INTERPRETATION.md, "The quantity the Act counts").
GWP_SECTION = "s6; Kyoto Protocol Art 5(3)"
_GWP_SET_PERIODS: tuple[tuple[date, date | None, str, str], ...] = (
    (
        date.min,
        date(2012, 12, 31),
        "SAR",
        "Kyoto Protocol Art 5(3) and decision 2/CP.3: the Second Assessment Report, for every month up to "
        "the end of the first commitment period (1 January 2008 to 31 December 2012, s8(3))",
    ),
    (
        date(2013, 1, 1),
        date(2020, 12, 31),
        "AR4",
        "Doha Amendment (decision 1/CMP.8) and decision 4/CMP.8: the Fourth Assessment Report, for the "
        "second commitment period (1 January 2013 to 31 December 2020)",
    ),
    (
        date(2021, 1, 1),
        None,
        "AR5",
        "Paris Agreement rules, decision 18/CMA.1, annex, para 37: the Fifth Assessment Report, for months "
        "after the last Kyoto commitment period (from 1 January 2021)",
    ),
)

# s6 "greenhouse gases", read with "source category" (Kyoto Protocol Annex A "as amended from time to
# time"): the Doha Amendment added nitrogen trifluoride, "only from the beginning of the second
# commitment period". Dated by the month of the emissions, like the GWP sets.
ANNEX_A_SECTION = "s6; Kyoto Protocol Annex A as amended"
_KYOTO_GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6")
_ANNEX_A_VERSIONS: tuple[tuple[date, date | None, tuple[str, ...], str], ...] = (
    (date.min, date(2012, 12, 31), _KYOTO_GASES, "Kyoto Protocol Annex A as adopted in 1997: six gases"),
    (
        date(2013, 1, 1),
        None,
        (*_KYOTO_GASES, "NF3"),
        "Kyoto Protocol Annex A as amended by the Doha Amendment (decision 1/CMP.8, Annex I, section B): "
        "nitrogen trifluoride (NF3) applies only from the beginning of the second commitment period",
    ),
)


def _gwp_parameters() -> list[Parameter]:
    """The GWP set and the Annex A gases for each month of emissions (s6, Kyoto Protocol Art 5(3))."""
    sets = [
        Parameter(str(Key.GWP_SET_IN_FORCE), name, "GWP set", GWP_SECTION, start, end, citation)
        for start, end, name, citation in _GWP_SET_PERIODS
    ]
    gases = [
        Parameter(str(Key.ANNEX_A_GAS_GROUPS), groups, "gas groups", ANNEX_A_SECTION, start, end, citation)
        for start, end, groups, citation in _ANNEX_A_VERSIONS
    ]
    return [*sets, *gases]


def _check_no_overlap(versions: Iterable[Parameter]) -> None:
    ordered = sorted(versions, key=lambda p: p.valid_from)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise RuntimeError(f"parameter {earlier.key} has overlapping versions")


@lru_cache(maxsize=8)
def _registry(commenced: date) -> Mapping[str, tuple[Parameter, ...]]:
    by_key: dict[str, list[Parameter]] = {}
    for p in [*_bill_parameters(commenced), *_penalty_unit_parameters(), *_gwp_parameters()]:
        by_key.setdefault(p.key, []).append(p)
    for versions in by_key.values():
        _check_no_overlap(versions)
    return {key: tuple(sorted(v, key=lambda p: p.valid_from)) for key, v in by_key.items()}


def registry() -> Mapping[str, tuple[Parameter, ...]]:
    """Every parameter's versions, oldest first, keyed by ``Key`` value."""
    return _registry(commencement())


def parameter_history(key: str) -> tuple[Parameter, ...]:
    """All versions of a parameter, oldest first."""
    try:
        return registry()[str(key)]
    except KeyError:
        raise UnknownParameter(f"No statutory parameter called {key!r}.") from None


def parameter(key: str, on: date | None = None) -> Parameter:
    """The version of ``key`` in force on ``on`` (default: today in Canberra)."""
    day = config.legal_today() if on is None else as_day(on, "on")
    versions = parameter_history(key)
    for version in versions:
        if version.in_force_on(day):
            return version
    first = versions[0]
    raise NotInForce(
        f"{first.section}: {key} was not in force on {day.isoformat()} "
        f"(in force from {first.valid_from.isoformat()}).",
        section=first.section,
    )


def value(key: str, on: date | None = None) -> ParameterValue:
    """Shorthand for ``parameter(key, on).value``."""
    return parameter(key, on).value


def int_value(key: str, on: date | None = None) -> int:
    """A whole-number parameter (a count of days, months, years or penalty units)."""
    found = parameter(key, on).value
    if not isinstance(found, int):
        raise TypeError(f"parameter {key} is not a whole number")
    return found


def decimal_value(key: str, on: date | None = None) -> Decimal:
    """A ``Decimal`` parameter (tonnes, dollars, percentages)."""
    found = parameter(key, on).value
    if not isinstance(found, Decimal):
        raise TypeError(f"parameter {key} is not a Decimal")
    return found


def all_parameters() -> tuple[Parameter, ...]:
    """Every version of every parameter, for docs/STATUTE.md and an API listing."""
    return tuple(p for versions in registry().values() for p in versions)
