from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from greenhouse_office.statute import (
    InvalidDate,
    Key,
    NotInForce,
    StatuteError,
    UnknownParameter,
    all_parameters,
    commencement,
    parameter,
    parameter_history,
    value,
)
from greenhouse_office.statute.parameters import int_value

COMMENCED = date(2008, 3, 12)
LATER = date(2027, 3, 3)

BILL_NUMBERS = [
    (Key.EMISSIONS_THRESHOLD_T_CO2E, Decimal(50_000), "s25(a)"),
    (Key.EMISSIONS_THRESHOLD_COMPARISON, "strictly_greater", "s27(1)(b)"),
    (Key.EMISSIONS_WINDOW_MONTHS, 12, "s31(1)(a)"),
    (Key.INITIAL_TARGET_MAX_PERCENT_OF_1990, Decimal(108), "s8(3)"),
    (Key.COMMITMENT_PERIOD_START, date(2008, 1, 1), "s8(3)"),
    (Key.COMMITMENT_PERIOD_END, date(2012, 12, 31), "s8(3)"),
    (Key.REGULATIONS_REVIEW_PERIOD_YEARS, 5, "s8(4)"),
    (Key.ANNUAL_REPORT_YEAR_END, (6, 30), "s13(1)"),
    (Key.ANNUAL_REPORT_MONTHS, 6, "s13(1)"),
    (Key.DIRECTOR_MAX_TERM_YEARS, 5, "s15(1)"),
    (Key.ABSENCE_CONSECUTIVE_DAYS, 14, "s20(2)(c)"),
    (Key.ABSENCE_DAYS_IN_WINDOW, 28, "s20(2)(c)"),
    (Key.ABSENCE_WINDOW_MONTHS, 12, "s20(2)(c)"),
    (Key.ACTING_DURING_VACANCY_MAX_MONTHS, 12, "s22(1)"),
    (Key.EVALUATION_DAYS, 30, "s32(1)"),
    (Key.COMMENT_PERIOD_MONTHS, 2, "s33(3)"),
    (Key.TASKFORCE_APPOINTMENT_MONTHS, 6, "s36(1)"),
    (Key.OFFICE_PLAN_TRIGGER_YEARS, 2, "s37"),
    (Key.OFFICE_PLAN_MONTHS, 6, "s37"),
    (Key.PLAN_PUBLICATION_MONTHS, 1, "s38"),
    (Key.PLAN_REVIEW_PERIOD_YEARS, 3, "s39(1)"),
    (Key.S25_UNITS_INDIVIDUAL, 5_000, "s25"),
    (Key.S25_UNITS_BODY_CORPORATE, 50_000, "s25"),
    (Key.S26_UNITS_INDIVIDUAL, 5_000, "s26"),
    (Key.S26_UNITS_BODY_CORPORATE, 50_000, "s26"),
    (Key.S27_3_FINE_UNITS, 420, "s27(3)"),
    (Key.S27_3_IMPRISONMENT_YEARS, 7, "s27(3)"),
    (Key.S28_1_UNITS, 50_000, "s28"),
    (Key.S28_3_IMPRISONMENT_YEARS, 7, "s28(3)"),
    (Key.S29_1_UNITS_AGENCY_INDIVIDUAL, 1_000, "s29(1)"),
    (Key.S29_1_UNITS_AGENCY_BODY_CORPORATE, 10_000, "s29(1)"),
    (Key.S29_2_UNITS_AGENCY_INDIVIDUAL, 1_000, "s29(2)"),
    (Key.S29_2_UNITS_AGENCY_BODY_CORPORATE, 10_000, "s29(2)"),
    (Key.FINE_UNITS_PER_MONTH_OF_IMPRISONMENT, 5, "s28(3)"),
    (Key.BODY_CORPORATE_FINE_MULTIPLIER, 5, "s27(3)"),
]


@pytest.mark.parametrize(
    ("key", "expected", "section"), BILL_NUMBERS, ids=[str(k) for k, _, _ in BILL_NUMBERS]
)
def test_bill_number_lives_once_with_its_section_from_commencement(key, expected, section):
    found = parameter(key, on=LATER)
    assert found.value == expected
    assert section in found.section
    assert found.valid_from == commencement() == COMMENCED
    assert found.valid_to is None
    assert found.citation
    assert len(parameter_history(key)) == 1


def test_every_key_is_in_the_registry_and_every_registry_entry_has_a_key():
    assert {p.key for p in all_parameters()} == {str(k) for k in Key}


@pytest.mark.parametrize("key", [k for k, _, _ in BILL_NUMBERS])
def test_bill_parameter_is_not_in_force_before_commencement(key):
    with pytest.raises(NotInForce, match="not in force on 2008-03-11") as caught:
        parameter(key, on=COMMENCED - timedelta(days=1))
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, StatuteError)
    assert caught.value.section


def test_bill_parameter_is_in_force_on_commencement_day():
    assert value(Key.COMMENT_PERIOD_MONTHS, on=COMMENCED) == 2


def test_unknown_parameter_is_refused_by_name():
    with pytest.raises(UnknownParameter, match="no_such_thing"):
        parameter("no_such_thing", on=LATER)


def test_keys_may_be_given_as_plain_strings():
    assert parameter("comment_period_months", on=LATER) == parameter(Key.COMMENT_PERIOD_MONTHS, on=LATER)


def test_parameter_date_must_be_a_day_not_a_datetime():
    with pytest.raises(InvalidDate):
        parameter(Key.COMMENT_PERIOD_MONTHS, on=datetime(2027, 3, 3, 12, 0))  # noqa: DTZ001


def test_parameter_defaults_to_today():
    assert parameter(Key.COMMENT_PERIOD_MONTHS).value == 2


def test_int_value_refuses_non_integer_parameters():
    with pytest.raises(TypeError):
        int_value(Key.EMISSIONS_THRESHOLD_T_CO2E, on=LATER)


PENALTY_UNIT_HISTORY = [
    (date(1992, 1, 1), 100),
    (date(1996, 12, 31), 100),
    (date(1997, 1, 1), 110),
    (date(2011, 6, 1), 110),
    (date(2012, 12, 27), 110),
    (date(2012, 12, 28), 170),
    (date(2015, 7, 30), 170),
    (date(2015, 7, 31), 180),
    (date(2017, 6, 30), 180),
    (date(2017, 7, 1), 210),
    (date(2020, 7, 1), 222),
    (date(2022, 12, 31), 222),
    (date(2023, 1, 1), 275),
    (date(2023, 7, 1), 313),
    (date(2024, 11, 6), 313),
    (date(2024, 11, 7), 330),
    (date(2030, 1, 1), 330),
]


@pytest.mark.parametrize(("on", "dollars"), PENALTY_UNIT_HISTORY)
def test_crimes_act_s4aa_penalty_unit_history_answers_for_the_day_asked(on, dollars):
    assert value(Key.PENALTY_UNIT_AUD, on=on) == Decimal(dollars)


def test_crimes_act_s4aa_no_penalty_unit_before_1992():
    with pytest.raises(NotInForce):
        parameter(Key.PENALTY_UNIT_AUD, on=date(1991, 12, 31))


def test_parameter_versions_are_contiguous_and_never_overlap():
    for key in Key:
        versions = parameter_history(key)
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.valid_to == later.valid_from - timedelta(days=1)
        assert versions[-1].valid_to is None
