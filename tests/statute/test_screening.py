from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenhouse_office.statute import (
    GasNotInGwpSet,
    InvalidDate,
    InvalidProfile,
    InvalidQuantity,
    NotInForce,
    UnknownGas,
    UnknownGwpSet,
    gwp,
    parse_month,
    screen_profile,
)

PROPERTY = settings(database=None, deadline=None)
ON = date(2027, 7, 1)


def m(text: str) -> date:
    return parse_month(text)


def flat(tonnes_co2: str, first: str = "2027-01", months: int = 12) -> dict[date, dict[str, Decimal]]:
    start = m(first)
    index = start.year * 12 + start.month - 1
    return {
        date((index + n) // 12, (index + n) % 12 + 1, 1): {"CO2": Decimal(tonnes_co2)} for n in range(months)
    }


@pytest.mark.parametrize(
    ("monthly_co2", "exceeds"),
    [("4166.666", False), ("4166.667", True), ("4166.6666", False), ("4166.6667", True)],
)
def test_s25_in_excess_of_50000_tonnes_means_strictly_greater(monthly_co2, exceeds):
    result = screen_profile(flat(monthly_co2), "SAR", on=ON)
    assert result.exceeds_threshold is exceeds
    assert result.max_12_month_t_co2e == Decimal(monthly_co2) * 12


def test_s25_exactly_50000_tonnes_is_not_in_excess():
    profile = {m("2027-01"): {"CO2": Decimal(50_000)}}
    result = screen_profile(profile, "AR5", on=ON)
    assert result.max_12_month_t_co2e == Decimal(50_000)
    assert result.exceeds_threshold is False
    assert result.threshold_t_co2e == Decimal(50_000)
    assert "s25(a)" in result.section and "s31(1)(a)" in result.section


def test_s25_largest_12_month_window_anywhere_in_the_profile_with_totals_by_gas():
    profile = flat("1000", "2027-01", 24)  # 12,000 t a year of CO2
    profile[m("2027-09")] = {"CO2": Decimal(1000), "CH4": Decimal(2000)}  # + 42,000 t CO2-e (SAR)
    profile[m("2028-08")] = {"CO2": Decimal(1000), "SF6": Decimal("0.5")}  # + 11,950 t CO2-e (SAR)
    result = screen_profile(profile, "SAR", on=ON)
    # Windows containing both September 2027 and August 2028: September 2027 to August 2028 only.
    assert (result.window_start, result.window_end) == (m("2027-09"), m("2028-08"))
    assert result.max_12_month_t_co2e == Decimal("65950.0")
    assert result.by_gas == {"CO2": Decimal(12_000), "CH4": Decimal(42_000), "SF6": Decimal("11950.0")}
    assert list(result.by_gas) == ["CO2", "CH4", "SF6"]  # Annex A order
    assert result.exceeds_threshold
    assert len(result.rolling_totals) == 13
    assert result.rolling_totals[0] == (m("2027-12"), Decimal(54_000))


def test_s25_ties_report_the_earliest_window():
    result = screen_profile(flat("5000", "2027-01", 30), "AR4", on=ON)
    assert (result.window_start, result.window_end) == (m("2027-01"), m("2027-12"))


def test_s25_months_left_out_count_as_zero():
    profile = {m("2027-01"): {"CO2": Decimal(30_000)}, m("2027-12"): {"CO2": Decimal(30_000)}}
    assert screen_profile(profile, "AR5", on=ON).max_12_month_t_co2e == Decimal(60_000)
    profile[m("2028-01")] = {}
    profile[m("2027-12")] = {}
    profile[m("2028-12")] = {"CO2": Decimal(30_000)}
    result = screen_profile(profile, "AR5", on=ON)
    assert result.max_12_month_t_co2e == Decimal(30_000)
    assert not result.exceeds_threshold


def test_s25_profile_shorter_than_12_months_is_one_partial_window():
    profile = {m("2027-03"): {"N2O": Decimal(100)}, m("2027-05"): {"co2": Decimal(5)}}
    result = screen_profile(profile, "AR4", on=ON)
    assert (result.window_start, result.window_end) == (m("2027-03"), m("2028-02"))
    assert result.partial_window
    assert result.rolling_totals == ((m("2028-02"), Decimal(29_805)),)
    assert result.by_gas == {"CO2": Decimal(5), "N2O": Decimal(29_800)}


def test_screening_uses_the_chosen_gwp_set():
    profile = {m("2027-01"): {"CH4": Decimal(2000)}}
    totals = {
        name: screen_profile(profile, name, on=ON).max_12_month_t_co2e for name in ("SAR", "AR4", "AR5")
    }
    assert totals == {"SAR": Decimal(42_000), "AR4": Decimal(50_000), "AR5": Decimal(56_000)}
    assert screen_profile(profile, "ar5", on=ON).gwp_set == "AR5"


def test_screening_threshold_is_the_one_in_force_and_none_before_commencement():
    with pytest.raises(NotInForce):
        screen_profile(flat("1"), "SAR", on=date(2008, 3, 11))


def test_screening_on_defaults_to_today():
    assert screen_profile(flat("1"), "SAR").threshold_t_co2e == Decimal(50_000)


@pytest.mark.parametrize(
    ("profile", "error", "message"),
    [
        ({}, InvalidProfile, "empty"),
        ({date(2027, 1, 2): {"CO2": Decimal(1)}}, InvalidProfile, "first day of the month"),
        ({datetime(2027, 1, 1): {"CO2": Decimal(1)}}, InvalidDate, "datetime"),  # noqa: DTZ001
        ({date(2027, 1, 1): {"CO2": Decimal(-1)}}, InvalidQuantity, "CO2 in 2027-01 must not be negative"),
        ({date(2027, 1, 1): {"CO2": 1.5}}, InvalidQuantity, "not float"),
        ({date(2027, 1, 1): {"NF3": Decimal(1)}}, UnknownGas, "2027-01: Unknown gas 'NF3'"),
        ({date(2027, 1, 1): {"HFC-245fa": Decimal(1)}}, GasNotInGwpSet, "2027-01: HFC-245fa"),
        ({date(2027, 1, 1): {"CO2": Decimal(1), "co2": Decimal(2)}}, InvalidProfile, "more than once"),
        ({date(2027, 1, 1): [("CO2", Decimal(1))]}, InvalidProfile, "tonnes by gas"),
    ],
)
def test_screening_refuses_invalid_profiles_with_clear_messages(profile, error, message):
    with pytest.raises(error, match=message):
        screen_profile(profile, "SAR", on=ON)


def test_screening_refuses_unknown_gwp_set():
    with pytest.raises(UnknownGwpSet):
        screen_profile(flat("1"), "AR7", on=ON)


@pytest.mark.parametrize("text", ["2027-13", "2027-3", "27-03", "March 2027", "2027-00"])
def test_months_are_given_as_yyyy_mm(text):
    with pytest.raises(InvalidProfile, match="YYYY-MM"):
        parse_month(text)


def test_parse_month_gives_the_first_day():
    assert parse_month(" 2028-02 ") == date(2028, 2, 1)


# --- properties ----------------------------------------------------------------------------------

GASES = ["CO2", "CH4", "N2O", "SF6", "HFC-134a", "CF4"]
tonnes = st.decimals(min_value=0, max_value=20_000, places=3, allow_nan=False, allow_infinity=False)
profiles = st.dictionaries(
    st.integers(min_value=0, max_value=40).map(lambda n: date(2026 + n // 12, n % 12 + 1, 1)),
    st.dictionaries(st.sampled_from(GASES), tonnes, max_size=3),
    min_size=1,
    max_size=30,
)


def _brute_force(profile, gwp_set):
    """Every 12-month window by direct summation with Fractions: [(start index, total)]."""
    index = {k: k.year * 12 + k.month - 1 for k in profile}
    first, last = min(index.values()), max(index.values())
    starts = range(first, max(first, last - 11) + 1)
    monthly = {
        index[k]: sum((Fraction(t) * Fraction(gwp(g, gwp_set)) for g, t in v.items()), Fraction(0))
        for k, v in profile.items()
    }
    return [(s, sum((monthly.get(i, Fraction(0)) for i in range(s, s + 12)), Fraction(0))) for s in starts]


@PROPERTY
@given(profile=profiles, gwp_set=st.sampled_from(["SAR", "AR4", "AR5"]))
def test_s25_rolling_maximum_equals_brute_force_over_every_12_month_window(profile, gwp_set):
    result = screen_profile(profile, gwp_set, on=ON)
    windows = _brute_force(profile, gwp_set)
    best = max(total for _, total in windows)
    earliest = min(s for s, total in windows if total == best)
    assert Fraction(result.max_12_month_t_co2e) == best
    assert result.window_start == date(earliest // 12, earliest % 12 + 1, 1)
    assert [Fraction(total) for _, total in result.rolling_totals] == [total for _, total in windows]
    assert Fraction(sum(result.by_gas.values(), Decimal(0))) == best
    assert result.exceeds_threshold is (best > 50_000)


@PROPERTY
@given(profile=profiles, gwp_set=st.sampled_from(["SAR", "AR4", "AR5"]), data=st.data())
def test_s25_screening_never_depends_on_the_order_of_months(profile, gwp_set, data):
    shuffled_keys = data.draw(st.permutations(list(profile)))
    shuffled = {key: dict(reversed(list(profile[key].items()))) for key in shuffled_keys}
    assert screen_profile(shuffled, gwp_set, on=ON) == screen_profile(profile, gwp_set, on=ON)


@PROPERTY
@given(profile=profiles)
def test_s25_screening_is_decimal_exact_never_float(profile):
    result = screen_profile(profile, "AR5", on=ON)
    numbers = [result.max_12_month_t_co2e, result.threshold_t_co2e, *result.by_gas.values()]
    numbers += [total for _, total in result.rolling_totals]
    assert all(isinstance(n, Decimal) for n in numbers)
