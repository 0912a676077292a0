from datetime import date
from decimal import Decimal

import pytest

from greenhouse_office.statute import (
    PROVISIONS,
    Kind,
    NotApplicable,
    NotInForce,
    Person,
    UnknownProvision,
    applicable_persons,
    maximum_penalty,
    penalty_unit_value,
)

ON = date(2024, 11, 7)  # $330 a penalty unit from this day

MAXIMA = [
    # (section, person, kind, penalty units, imprisonment years)
    ("s25", "individual", Kind.CIVIL, 5_000, None),
    ("s25", "body_corporate", Kind.CIVIL, 50_000, None),
    ("s26", "individual", Kind.CIVIL, 5_000, None),
    ("s26", "body_corporate", Kind.CIVIL, 50_000, None),
    ("s27(3)", "individual", Kind.CRIMINAL, 420, 7),
    ("s27(3)", "body_corporate", Kind.CRIMINAL, 2_100, None),  # Crimes Act s4B(3): 5 x 420
    ("s27(3)", "commonwealth_agency_individual", Kind.CRIMINAL, 420, 7),  # s4(2): not the Crown
    ("s27(3)", "commonwealth_agency_body_corporate", Kind.CRIMINAL, 2_100, None),
    ("s28(1)", "individual", Kind.CIVIL, 50_000, None),
    ("s28(3)", "individual", Kind.CRIMINAL, 420, 7),  # Crimes Act s4B(2): 5 x 84 months
    ("s29(1)", "commonwealth_agency_individual", Kind.CIVIL, 1_000, None),
    ("s29(1)", "commonwealth_agency_body_corporate", Kind.CIVIL, 10_000, None),
    ("s29(2)", "commonwealth_agency_individual", Kind.CIVIL, 1_000, None),
    ("s29(2)", "commonwealth_agency_body_corporate", Kind.CIVIL, 10_000, None),
]


@pytest.mark.parametrize(("section", "person", "kind", "units", "years"), MAXIMA)
def test_ss25_to_29_maximum_penalty_by_section_and_person(section, person, kind, units, years):
    penalty = maximum_penalty(section, person, on=ON)
    assert (penalty.section, penalty.person, penalty.kind) == (section, Person(person), kind)
    assert penalty.penalty_units == units
    assert penalty.imprisonment_years == years
    assert penalty.penalty_unit_value_aud == Decimal(330)
    assert penalty.penalty_unit_value_from == date(2024, 11, 7)
    assert penalty.maximum_aud == Decimal(units * 330)
    assert penalty.on == ON


def test_every_provision_and_covered_person_has_a_maximum():
    covered = {(s, p) for s in PROVISIONS for p in applicable_persons(s)}
    assert covered == {(s, Person(p)) for s, p, *_ in MAXIMA}


def test_s28_3_states_the_crimes_act_s4b_2_alternative_fine():
    penalty = maximum_penalty("s28(3)", "individual", on=ON)
    assert "Crimes Act 1914 s4B(2)" in penalty.basis
    assert "5 x 84 months = 420 penalty units" in penalty.basis


def test_s27_3_body_corporate_fine_is_five_times_under_crimes_act_s4b_3():
    assert "s4B(3): 5 x 420" in maximum_penalty("s27(3)", "body_corporate", on=ON).basis


def test_penalty_says_which_penalty_unit_value_it_used():
    penalty = maximum_penalty("s25", "body_corporate", on=date(2024, 11, 6))
    assert (penalty.penalty_unit_value_aud, penalty.penalty_unit_value_from) == (
        Decimal(313),
        date(2023, 7, 1),
    )
    assert penalty.maximum_aud == Decimal(15_650_000)
    assert "$313 per penalty unit (Crimes Act 1914 s4AA, from 1 July 2023)" in penalty.basis


@pytest.mark.parametrize(
    ("on", "dollars", "since"),
    [
        (date(2011, 6, 1), 110, date(1997, 1, 1)),
        (date(2024, 11, 6), 313, date(2023, 7, 1)),
        (date(2024, 11, 7), 330, date(2024, 11, 7)),
        (date(2012, 12, 28), 170, date(2012, 12, 28)),
        (date(2015, 7, 31), 180, date(2015, 7, 31)),
        (date(2017, 7, 1), 210, date(2017, 7, 1)),
        (date(2020, 7, 1), 222, date(2020, 7, 1)),
        (date(2023, 1, 1), 275, date(2023, 1, 1)),
    ],
)
def test_crimes_act_s4aa_penalty_unit_value_on_a_day(on, dollars, since):
    unit = penalty_unit_value(on)
    assert (unit.value_aud, unit.valid_from) == (Decimal(dollars), since)
    assert unit.section == "Crimes Act 1914 s4AA(1)"


def test_penalty_under_the_bill_before_commencement_is_not_in_force():
    with pytest.raises(NotInForce):
        maximum_penalty("s25", "individual", on=date(2008, 3, 11))
    assert maximum_penalty("s25", "individual", on=date(2011, 6, 1)).maximum_aud == Decimal(550_000)


@pytest.mark.parametrize(
    ("section", "person", "covers"),
    [
        ("s29(1)", "individual", "a Commonwealth agency that is an individual or a Commonwealth agency"),
        ("s29(2)", "body_corporate", "Commonwealth agency that is a body corporate"),
        ("s25", "commonwealth_agency_body_corporate", "an individual or a body corporate"),
        ("s27(3)", "the_commonwealth", "s4(2): nothing in the Act makes the Crown liable to be prosecuted"),
        ("s28(3)", "the_commonwealth", "s4(2): nothing in the Act makes the Crown liable to be prosecuted"),
        ("s25", "the_commonwealth", "dealt with by s29"),
        ("s29(1)", "the_commonwealth", "civil penalty only for a Commonwealth agency"),
        ("s29", "individual", "a Commonwealth agency that is an individual or a Commonwealth agency"),
        ("s28(1)", "body_corporate", "an executive officer of a body corporate"),
        ("s28(3)", "body_corporate", "an executive officer of a body corporate"),
        ("s26", "a trust", "an individual or a body corporate"),
    ],
)
def test_provision_refuses_persons_it_does_not_cover_naming_those_it_does(section, person, covers):
    with pytest.raises(NotApplicable) as caught:
        maximum_penalty(section, person, on=ON)
    assert caught.value.message.startswith(f"{section} does not apply to '{person}'")
    assert covers in caught.value.message
    assert caught.value.section == section


@pytest.mark.parametrize("given_section", ["S25", " s 25 ", "25", "27(3)", "s28(3)"])
def test_section_references_are_normalised(given_section):
    assert maximum_penalty(given_section, "individual", on=ON).section in PROVISIONS


@pytest.mark.parametrize("bad", ["s27", "s99", "", "s27(1)"])
def test_unknown_provision_is_refused_listing_the_provisions(bad):
    with pytest.raises(UnknownProvision, match="s25, s26, s27"):
        maximum_penalty(bad, "individual", on=ON)


def test_maximum_penalty_defaults_to_today():
    assert maximum_penalty("s25", Person.INDIVIDUAL).penalty_units == 5_000


def test_s4_2_protects_the_crown_not_every_commonwealth_agency():
    for section in ("s25", "s26", "s27(3)", "s28(1)", "s28(3)", "s29(1)", "s29(2)"):
        assert Person.THE_COMMONWEALTH not in applicable_persons(section)
    assert {Person.COMMONWEALTH_AGENCY_INDIVIDUAL, Person.COMMONWEALTH_AGENCY_BODY_CORPORATE} <= set(
        applicable_persons("s27(3)")
    )
    basis = maximum_penalty("s27(3)", "commonwealth_agency_body_corporate", on=ON).basis
    assert "unless it is the Crown (s4(2))" in basis


def test_s29_agencies_answer_under_s29_not_s25_or_s26():
    for section in ("s25", "s26"):
        assert not {Person.COMMONWEALTH_AGENCY_INDIVIDUAL, Person.COMMONWEALTH_AGENCY_BODY_CORPORATE} & set(
            applicable_persons(section)
        )
    assert applicable_persons("s29") == applicable_persons("s29(1)") == applicable_persons("s29(2)")


@pytest.mark.parametrize("person", ["commonwealth_agency_individual", "commonwealth_agency_body_corporate"])
def test_s29_names_both_subsections_with_the_same_penalty(person):
    whole = maximum_penalty("29", person, on=ON)
    first, second = maximum_penalty("s29(1)", person, on=ON), maximum_penalty("s29(2)", person, on=ON)
    assert whole.section == "s29"
    assert whole.penalty_units == first.penalty_units == second.penalty_units
    assert whole.maximum_aud == first.maximum_aud
    assert whole.basis.startswith("s29(1) and s29(2) (each): civil penalty for a Commonwealth agency")
