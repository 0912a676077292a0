from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenhouse_office.statute import (
    GWP_SETS,
    SPECIES,
    GasGroup,
    GasNotInGwpSet,
    StatuteError,
    UnknownGas,
    UnknownGwpSet,
    canonical_gas,
    get_gwp_set,
    gwp,
    to_co2e,
)
from greenhouse_office.statute.errors import InvalidQuantity
from greenhouse_office.statute.gwp import (
    check_greenhouse_gas,
    greenhouse_gases_in,
    gwp_in_force,
    gwp_periods_in_words,
    gwp_set_for_month,
)
from greenhouse_office.statute.parameters import Key, parameter_history

PROPERTY = settings(database=None, deadline=None)

HEADLINE = {  # gas: (SAR, AR4, AR5)
    "CO2": (1, 1, 1),
    "CH4": (21, 25, 28),
    "N2O": (310, 298, 265),
    "SF6": (23_900, 22_800, 23_500),
    "HFC-134a": (1_300, 1_430, 1_300),
    "HFC-23": (11_700, 14_800, 12_400),
    "CF4": (6_500, 7_390, 6_630),
    "C2F6": (9_200, 12_200, 11_100),
}
HEADLINE_GWPS = [
    (gwp_set, gas, value)
    for gas, values in HEADLINE.items()
    for gwp_set, value in zip(("SAR", "AR4", "AR5"), values, strict=True)
]


@pytest.mark.parametrize(("gwp_set", "gas", "expected"), HEADLINE_GWPS)
def test_kyoto_art_5_3_gwp_values_as_printed_in_the_ipcc_reports(gwp_set, gas, expected):
    assert gwp(gas, gwp_set) == Decimal(expected)


def test_every_annex_a_group_has_species():
    assert {s.group for s in SPECIES} == set(GasGroup)
    hfcs = {s.name for s in SPECIES if s.group is GasGroup.HFCS}
    pfcs = {s.name for s in SPECIES if s.group is GasGroup.PFCS}
    assert {"HFC-23", "HFC-32", "HFC-43-10mee", "HFC-134a", "HFC-245fa", "HFC-365mfc"} <= hfcs
    assert pfcs == {"CF4", "C2F6", "C3F8", "C4F10", "c-C4F8", "C5F12", "C6F14"}


@pytest.mark.parametrize("gas", ["HFC-245fa", "HFC-365mfc"])
def test_species_absent_from_the_sar_cannot_be_converted_with_it(gas):
    with pytest.raises(GasNotInGwpSet, match=f"{gas} has no global warming potential in the SAR set"):
        to_co2e(gas, Decimal(1), "SAR")
    assert gwp(gas, "AR4") > 0 and gwp(gas, "AR5") > 0


def test_ar4_and_ar5_cover_every_species():
    for name in ("AR4", "AR5"):
        assert set(GWP_SETS[name].values) == {s.name for s in SPECIES}


@pytest.mark.parametrize(
    ("given_name", "canonical"),
    [
        ("co2", "CO2"),
        ("CO₂", "CO2"),
        ("carbon dioxide", "CO2"),
        ("Methane", "CH4"),
        ("n2o", "N2O"),
        ("sf6", "SF6"),
        ("Sulfur hexafluoride", "SF6"),
        ("hfc134a", "HFC-134a"),
        ("HFC-134A", "HFC-134a"),
        ("R-134a", "HFC-134a"),
        ("hfc 43-10mee", "HFC-43-10mee"),
        ("PFC-14", "CF4"),
        ("cf4", "CF4"),
        ("C-C4F8", "c-C4F8"),
        ("PFC-318", "c-C4F8"),
        ("hfc_23", "HFC-23"),
    ],
)
def test_gas_names_are_matched_case_insensitively_with_aliases(given_name, canonical):
    assert canonical_gas(given_name) == canonical


@pytest.mark.parametrize("name", ["SF5CF3", "HCFC-22", "water vapour", ""])
def test_unknown_gas_is_refused_by_name(name):
    with pytest.raises(UnknownGas, match="not a Kyoto Protocol Annex A greenhouse gas"):
        canonical_gas(name)


@pytest.mark.parametrize("name", ["HFCs", "pfc"])
def test_a_group_of_gases_must_be_given_by_species(name):
    with pytest.raises(UnknownGas, match="give each species"):
        to_co2e(name, Decimal(1), "AR5")


def test_unknown_gwp_set_is_refused_naming_the_sets():
    with pytest.raises(UnknownGwpSet, match="AR6.*SAR, AR4, AR5"):
        gwp("CH4", "AR6")
    assert get_gwp_set(" ar4 ").name == "AR4"


def test_gwp_sets_describe_their_source_for_listing():
    sar = GWP_SETS["SAR"]
    assert (sar.name, sar.year) == ("SAR", 1995)
    assert "Art 5(3)" in sar.citation and "Table 2.9" in sar.table
    assert "Table 2.14" in GWP_SETS["AR4"].table and GWP_SETS["AR4"].year == 2007
    assert "Table 8.A.1" in GWP_SETS["AR5"].table and GWP_SETS["AR5"].year == 2013


def test_s6_co2e_is_exact_decimal_arithmetic():
    assert to_co2e("CH4", Decimal("0.1"), "SAR") == Decimal("2.1")
    assert to_co2e("n2o", 3, "AR5") == Decimal(795)
    huge = Decimal("1234567890123456789012345678.123456789")  # beyond the default 28 digits
    result = to_co2e("SF6", huge, "SAR")
    assert Fraction(result) == Fraction(huge) * 23_900
    assert str(result) == "29506172573950617257395061707150.617257100"


@pytest.mark.parametrize(
    "bad", [1.5, -1, Decimal("-0.001"), Decimal("NaN"), Decimal("Infinity"), True, "10", None]
)
def test_tonnes_must_be_exact_finite_and_not_negative(bad):
    with pytest.raises(InvalidQuantity) as caught:
        to_co2e("CO2", bad, "AR5")
    assert isinstance(caught.value, StatuteError)


exact_tonnes = st.decimals(min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False, places=6)


@PROPERTY
@given(
    gas=st.sampled_from([s.name for s in SPECIES if s.name in GWP_SETS["SAR"].values]),
    tonnes=exact_tonnes,
    gwp_set=st.sampled_from(list(GWP_SETS)),
)
def test_s6_co2e_equals_tonnes_times_gwp_exactly(gas, tonnes, gwp_set):
    result = to_co2e(gas, tonnes, gwp_set)
    assert isinstance(result, Decimal)
    assert Fraction(result) == Fraction(tonnes) * Fraction(gwp(gas, gwp_set))


# --- The sets in force, month by month (s6, Kyoto Protocol Art 5(3)) -----------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(1990, 1, 1), "SAR"),
        (date(2008, 1, 1), "SAR"),
        (date(2012, 12, 1), "SAR"),
        (date(2012, 12, 31), "SAR"),
        (date(2013, 1, 1), "AR4"),
        (date(2020, 12, 1), "AR4"),
        (date(2021, 1, 1), "AR5"),
        (date(2027, 6, 1), "AR5"),
    ],
)
def test_s6_kyoto_art_5_3_each_month_uses_the_gwp_set_of_its_commitment_period(month, expected):
    assert gwp_set_for_month(month).name == expected


def test_s6_kyoto_art_5_3_gwp_periods_live_once_in_parameters_with_their_sections():
    versions = parameter_history(Key.GWP_SET_IN_FORCE)
    assert [(v.value, v.valid_from, v.valid_to) for v in versions] == [
        ("SAR", date.min, date(2012, 12, 31)),
        ("AR4", date(2013, 1, 1), date(2020, 12, 31)),
        ("AR5", date(2021, 1, 1), None),
    ]
    for earlier, later in zip(versions, versions[1:], strict=False):
        assert earlier.valid_to + timedelta(days=1) == later.valid_from  # no month without a set
    assert all("s6" in v.section and "Kyoto Protocol Art 5(3)" in v.section for v in versions)
    assert "decision 2/CP.3" in versions[0].citation
    assert "Doha Amendment" in versions[1].citation and "4/CMP.8" in versions[1].citation
    assert "18/CMA.1" in versions[2].citation
    assert gwp_periods_in_words() == (
        "SAR for months to December 2012, AR4 for January 2013 to December 2020, AR5 from January 2021"
    )


def test_s6_kyoto_art_5_3_gwp_in_force_is_the_value_of_the_months_set():
    assert gwp_in_force("CH4", date(2012, 12, 1)) == Decimal(21)
    assert gwp_in_force("CH4", date(2013, 1, 1)) == Decimal(25)
    assert gwp_in_force("CH4", date(2021, 1, 1)) == Decimal(28)


def test_s6_a_species_without_a_value_in_the_set_in_force_is_refused_naming_that_set_and_month():
    with pytest.raises(GasNotInGwpSet, match="HFC-245fa .* SAR set .* in force for May 2012") as caught:
        gwp_in_force("HFC-245fa", date(2012, 5, 1))
    assert caught.value.section == "s6; Kyoto Protocol Art 5(3)"
    assert gwp_in_force("HFC-245fa", date(2013, 5, 1)) == Decimal(1_030)


# --- The greenhouse gases: Annex A as amended (s6; Doha Amendment) --------------------------------


def test_kyoto_annex_a_as_amended_by_doha_nf3_has_its_ar4_and_ar5_values_and_none_in_sar():
    assert canonical_gas("nitrogen trifluoride") == canonical_gas("nf3") == "NF3"
    assert gwp("NF3", "AR4") == Decimal(17_200)
    assert gwp("NF3", "AR5") == Decimal(16_100)
    with pytest.raises(GasNotInGwpSet, match="NF3 has no global warming potential in the SAR set"):
        gwp("NF3", "SAR")


def test_s6_kyoto_annex_a_gas_groups_by_month_nf3_from_the_second_commitment_period():
    assert GasGroup.NF3 not in greenhouse_gases_in(date(2012, 12, 1))
    assert set(greenhouse_gases_in(date(2013, 1, 1))) == set(GasGroup)
    versions = parameter_history(Key.ANNEX_A_GAS_GROUPS)
    assert [v.valid_from for v in versions] == [date.min, date(2013, 1, 1)]
    assert "Doha Amendment" in versions[1].citation
    assert all(v.section == "s6; Kyoto Protocol Annex A as amended" for v in versions)


def test_s6_doha_amendment_nf3_in_2012_is_refused_saying_why():
    with pytest.raises(UnknownGas) as caught:
        check_greenhouse_gas("NF3", date(2012, 6, 1))
    message = str(caught.value)
    assert "not a greenhouse gas for June 2012" in message
    assert "Doha Amendment" in message and "1 January 2013" in message and "Annex A" in message
    assert caught.value.code == "gas_not_yet_in_annex_a"
    with pytest.raises(UnknownGas, match="Doha Amendment"):
        gwp_in_force("nitrogen trifluoride", date(2012, 12, 1))


def test_s6_doha_amendment_nf3_in_2014_is_accepted_with_the_ar4_value():
    assert check_greenhouse_gas("nf3", date(2014, 3, 1)) == "NF3"
    assert gwp_in_force("NF3", date(2014, 3, 1)) == Decimal(17_200)
    assert gwp_in_force("NF3", date(2021, 3, 1)) == Decimal(16_100)


@pytest.mark.parametrize("gas", [s.name for s in SPECIES if s.group is not GasGroup.NF3])
def test_s6_the_six_gases_of_1997_count_in_every_period(gas):
    for month in (date(2000, 1, 1), date(2012, 12, 1), date(2013, 1, 1), date(2030, 1, 1)):
        assert check_greenhouse_gas(gas, month) == gas
