from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from greenhouse_office.statute import (
    Conclusion,
    GasNotInGwpSet,
    GwpBasis,
    InvalidDate,
    InvalidProfile,
    InvalidQuantity,
    NotInForce,
    UnknownGas,
    UnknownGwpSet,
    canonical_gas,
    explain,
    gwp,
    gwp_in_force,
    gwp_set_for_month,
    parse_month,
    screen_profile,
)
from greenhouse_office.statute.errors import StatuteError
from greenhouse_office.statute.gwp import EXACT, check_greenhouse_gas, gas_sort_key

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
        ({date(2027, 1, 1): {"SF5CF3": Decimal(1)}}, UnknownGas, "2027-01: Unknown gas 'SF5CF3'"),
        ({date(2027, 1, 1): {"NF3": Decimal(1)}}, GasNotInGwpSet, "2027-01: NF3 has no .* in the SAR set"),
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

GASES = ["CO2", "CH4", "N2O", "SF6", "HFC-134a", "CF4"]  # every set has a value for each, every year
tonnes = st.decimals(min_value=0, max_value=20_000, places=3, allow_nan=False, allow_infinity=False)
profiles = st.dictionaries(
    # 2010 to 2023: across the changes of GWP set at the start of 2013 and of 2021.
    st.integers(min_value=0, max_value=167).map(lambda n: date(2010 + n // 12, n % 12 + 1, 1)),
    st.dictionaries(st.sampled_from(GASES), tonnes, max_size=3),
    min_size=1,
    max_size=30,
)
gwp_choices = st.sampled_from([None, "SAR", "AR4", "AR5"])


def _brute_force(profile, gwp_set, width=12):
    """Every ``width``-month window by direct summation with Fractions: [(start index, total)].

    ``gwp_set`` None: each month with the set in force for it, looked up afresh.
    """
    index = {k: k.year * 12 + k.month - 1 for k in profile}
    first, last = min(index.values()), max(index.values())
    starts = range(first, max(first, last - width + 1) + 1)

    def factor(gas, month):
        return Fraction(gwp(gas, gwp_set or gwp_set_for_month(month)))

    monthly = {
        index[k]: sum((Fraction(t) * factor(g, k) for g, t in v.items()), Fraction(0))
        for k, v in profile.items()
    }
    return [(s, sum((monthly.get(i, Fraction(0)) for i in range(s, s + width)), Fraction(0))) for s in starts]


@PROPERTY
@given(profile=profiles, gwp_set=st.sampled_from([None, "SAR", "AR4", "AR5"]))
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
@given(profile=profiles, gwp_set=gwp_choices, data=st.data())
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


# The set in force and Annex A are looked up once for each stretch of months in which neither changes
# (screening._Factors), not once a month: a plain screening that looks everything up afresh for each
# month and sums each window from scratch, in exact Decimal, must give the same answer and refusals.
ANY_GASES = [*GASES, "NF3", "HFC-245fa", "methane", "R-134a"]  # NF3 from 2013; HFC-245fa not in SAR
any_tonnes = st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False)
long_profiles = st.dictionaries(
    # 2008 to 2025: across the changes of set (2013, 2021) and of Annex A (2013).
    st.integers(min_value=0, max_value=215).map(lambda n: date(2008 + n // 12, n % 12 + 1, 1)),
    st.dictionaries(st.sampled_from(ANY_GASES), any_tonnes, min_size=1, max_size=3),
    min_size=1,
    max_size=60,
)


def _plain_screening(profile, gwp_set, width=12):
    """Each month converted with lookups of its own, each window summed afresh: (every window's
    (last month, total), best total, earliest start of it, 13-month windows' totals, by_gas)."""
    co2e = {}
    for month, gases in profile.items():
        co2e[month] = {}
        for given_gas, quantity in gases.items():
            gas = canonical_gas(given_gas)
            if gas in co2e[month]:
                raise InvalidProfile(f"{gas} is given more than once.")
            check_greenhouse_gas(gas, month)
            factor = gwp_in_force(gas, month) if gwp_set is None else gwp(gas, gwp_set)
            co2e[month][gas] = EXACT.multiply(quantity, factor)
    first, last = min(co2e), max(co2e)
    span = _index(last) - _index(first) + 1

    def monthly(k):  # the k-th month from the first; a month left out counts as zero
        return sum(co2e.get(first + relativedelta(months=k), {}).values(), Decimal(0))

    def windows(w):  # a profile shorter than w is one window from its first month
        n = max(span, w)
        return [
            (
                first + relativedelta(months=end),
                sum((monthly(k) for k in range(end - w + 1, end + 1)), Decimal(0)),
            )
            for end in range(w - 1, n)
        ]

    twelve = windows(width)
    best = max(total for _, total in twelve)
    end = next(end for end, total in twelve if total == best)
    start = end - relativedelta(months=width - 1)
    by_gas = {}
    for k in range(width):
        for gas, value in co2e.get(start + relativedelta(months=k), {}).items():
            by_gas[gas] = by_gas.get(gas, Decimal(0)) + value
    return twelve, best, start, windows(width + 1), by_gas


@PROPERTY
@given(profile=long_profiles, gwp_set=gwp_choices)
def test_s6_gwps_looked_up_once_a_stretch_give_what_a_lookup_every_month_gives(profile, gwp_set):
    try:
        twelve, best, start, thirteen, by_gas = _plain_screening(profile, gwp_set)
    except StatuteError as error:
        with pytest.raises(type(error)) as refused:
            screen_profile(profile, gwp_set, on=ON)
        assert refused.value.message.endswith(error.message)
        return
    result = screen_profile(profile, gwp_set, on=ON)
    assert result.rolling_totals == tuple(twelve)
    assert (result.max_12_month_t_co2e, result.window_start) == (best, start)
    assert result.by_gas == by_gas and list(result.by_gas) == sorted(by_gas, key=gas_sort_key)
    assert result.max_13_month_t_co2e == max(total for _, total in thirteen)


# Sparse profiles near the threshold: tonnes at both ends of a 13-month span and a few months between,
# so that every conclusion occurs.
def _ends_and_middle(draw):
    first, head, tail, middle = draw
    month = [date(2012 + (first + k) // 12, (first + k) % 12 + 1, 1) for k in range(13)]
    profile = {month[0]: {"CO2": Decimal(head)}, month[12]: {"CO2": Decimal(tail)}}
    for k, tonnes_co2 in middle:
        profile[month[k]] = {"CH4": Decimal(tonnes_co2)}
    return profile


near_threshold = st.tuples(
    st.integers(min_value=0, max_value=24),
    st.integers(min_value=15_000, max_value=45_000),
    st.integers(min_value=15_000, max_value=45_000),
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=11), st.integers(min_value=0, max_value=500)), max_size=3
    ),
).map(_ends_and_middle)


@PROPERTY
@given(profile=profiles | near_threshold, gwp_set=gwp_choices)
def test_s25_any_period_of_12_months_conclusion_follows_the_12_and_13_month_totals(profile, gwp_set):
    result = screen_profile(profile, gwp_set, on=ON)
    best_12 = max(total for _, total in _brute_force(profile, gwp_set))
    spans_13 = _brute_force(profile, gwp_set, width=13)
    best_13 = max(total for _, total in spans_13)
    assert Fraction(result.max_13_month_t_co2e) == best_13 >= best_12
    if best_12 > 50_000:
        assert result.conclusion is Conclusion.IN_EXCESS
    elif best_13 > 50_000:
        assert result.conclusion is Conclusion.CANNOT_RULE_OUT
        over = [s for s, total in spans_13 if total > 50_000]
        assert [_index(start) for start, _ in result.spans_to_settle] == over
    else:
        assert result.conclusion is Conclusion.NOT_IN_EXCESS
    assert result.exceeds_threshold is (result.conclusion is Conclusion.IN_EXCESS)


def _index(month):
    return month.year * 12 + month.month - 1


# --- s6, Kyoto Art 5(3): each month with the set in force for it ---------------------------------


def straddling():
    """July 2012 to June 2013: 100 t of CH4 a month."""
    months = [date(2012, n, 1) for n in range(7, 13)] + [date(2013, n, 1) for n in range(1, 7)]
    return {month: {"CH4": Decimal(100)} for month in months}


def test_s6_profile_straddling_2012_and_2013_is_converted_with_sar_then_ar4_month_by_month():
    result = screen_profile(straddling(), on=ON)
    assert result.max_12_month_t_co2e == 6 * 100 * 21 + 6 * 100 * 25  # 12,600 (SAR) + 15,000 (AR4)
    assert result.by_gas == {"CH4": Decimal(27_600)}
    assert result.gwp_basis is GwpBasis.IN_FORCE
    assert result.gwp_set == "SAR, AR4"
    assert [(s.gwp_set, s.start, s.end) for s in result.gwp_spans] == [
        ("SAR", date(2012, 7, 1), date(2012, 12, 1)),
        ("AR4", date(2013, 1, 1), date(2013, 6, 1)),
    ]
    assert "Doha Amendment" in result.gwp_spans[1].citation
    words = explain(result)[1]
    assert "in force for it" in words and "SAR for July 2012 to December 2012; AR4 for January 2013" in words


def test_s6_a_chosen_gwp_set_converts_every_month_and_says_it_is_only_a_comparison():
    result = screen_profile(straddling(), "SAR", on=ON)
    assert result.max_12_month_t_co2e == 12 * 100 * 21
    assert result.gwp_basis is GwpBasis.COMPARISON
    assert result.gwp_set == "SAR"
    assert [(s.gwp_set, s.start, s.end) for s in result.gwp_spans] == [
        ("SAR", date(2012, 7, 1), date(2013, 6, 1))
    ]
    assert explain(result)[1].startswith("For comparison only: every month was converted with SAR.")


def test_s6_months_from_2021_use_ar5():
    result = screen_profile({date(2020, 12, 1): {"N2O": Decimal(1)}, date(2021, 1, 1): {"N2O": Decimal(1)}})
    assert result.max_12_month_t_co2e == 298 + 265
    assert result.gwp_set == "AR4, AR5"


def test_s6_doha_amendment_nf3_in_2012_is_refused_whatever_set_converts():
    profile = {date(2012, 11, 1): {"CO2": Decimal(1)}, date(2012, 12, 1): {"NF3": Decimal(1)}}
    with pytest.raises(UnknownGas, match="2012-12: NF3 .* not a greenhouse gas .* Doha Amendment") as caught:
        screen_profile(profile, on=ON)
    assert caught.value.code == "gas_not_yet_in_annex_a"
    with pytest.raises(UnknownGas, match="Doha Amendment"):
        screen_profile(profile, "AR4", on=ON)  # Annex A is law, not a choice


def test_s6_doha_amendment_nf3_in_2014_is_accepted_with_its_gwp():
    result = screen_profile({date(2014, 3, 1): {"NF3": Decimal(2)}, date(2022, 3, 1): {"NF3": Decimal(1)}})
    assert result.max_12_month_t_co2e == 2 * 17_200
    assert result.max_13_month_t_co2e == 2 * 17_200
    assert list(result.by_gas) == ["NF3"]


# --- "in any period of 12 months": a period of 12 months can touch 13 calendar months ------------


def test_s25_12_month_totals_under_but_a_13_month_total_over_cannot_rule_out():
    # 30,000 t in January 2027 and 30,000 t in January 2028: no 12 calendar months hold both, but the
    # period 20 January 2027 to 19 January 2028 could.
    profile = {m("2027-01"): {"CO2": Decimal(30_000)}, m("2028-01"): {"CO2": Decimal(30_000)}}
    result = screen_profile(profile, on=ON)
    assert all(total <= 50_000 for _, total in result.rolling_totals)
    assert result.max_12_month_t_co2e == 30_000
    assert result.exceeds_threshold is False  # the 12-month answer
    assert result.conclusion is Conclusion.CANNOT_RULE_OUT
    assert result.max_13_month_t_co2e == 60_000
    assert (result.span_13_start, result.span_13_end) == (m("2027-01"), m("2028-01"))
    assert result.spans_to_settle == ((m("2027-01"), m("2028-01")),)
    verdict = explain(result)[0]
    assert verdict.startswith("Cannot rule out an excess")
    assert "Daily emissions for January 2027 and January 2028 would settle it" in verdict


def test_s25_12_calendar_months_in_excess_are_in_excess():
    result = screen_profile(flat("4200"), on=ON)
    assert result.conclusion is Conclusion.IN_EXCESS and result.exceeds_threshold
    assert result.spans_to_settle == ()
    assert explain(result)[0].startswith(
        "In excess: the 12 months January 2027 to December 2027 total 50,400"
    )


def test_s25_no_13_month_span_in_excess_is_not_in_excess():
    profile = flat("3846", months=26)  # 13 x 3,846 = 49,998
    result = screen_profile(profile, on=ON)
    assert result.max_13_month_t_co2e == Decimal(49_998)
    assert result.conclusion is Conclusion.NOT_IN_EXCESS and not result.exceeds_threshold
    assert explain(result)[0].startswith("Not in excess: even the largest total over 13 consecutive")


def test_s25_a_13_month_total_of_exactly_50000_rules_an_excess_out():
    profile = {m("2027-01"): {"CO2": Decimal(25_000)}, m("2028-01"): {"CO2": Decimal(25_000)}}
    assert screen_profile(profile, on=ON).conclusion is Conclusion.NOT_IN_EXCESS


def test_s25_cannot_rule_out_lists_every_13_month_span_to_settle():
    profile = {
        m("2027-01"): {"CO2": Decimal(30_000)},
        m("2028-01"): {"CO2": Decimal(30_000)},
        m("2029-01"): {"CO2": Decimal(30_000)},
    }
    result = screen_profile(profile, on=ON)
    assert result.conclusion is Conclusion.CANNOT_RULE_OUT
    assert result.spans_to_settle == ((m("2027-01"), m("2028-01")), (m("2028-01"), m("2029-01")))
    assert "and likewise for the other 1 such spans" in explain(result)[0]


def test_months_before_year_1_are_refused():
    with pytest.raises(InvalidProfile, match="before year 1"):
        parse_month("0000-01")
