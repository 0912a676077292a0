"""The Office's data-quality warnings on an emission profile (not rules of the Bill): a month (or a
gas in a month) more than SPIKE_FACTOR times each neighbouring month, a gas with no month above zero,
and a profile shorter than the 12-month window. Each has a stable code naming its month and gas."""

from datetime import date
from decimal import Decimal

import pytest

from greenhouse_office.emission_profiles import (
    SPIKE_FACTOR,
    parse_csv,
    profile_warnings,
    stored_profile_warnings,
)


def warnings_of(csv_text: str):
    parsed = parse_csv(csv_text)
    assert not parsed.errors, parsed.errors
    return profile_warnings(parsed.profile)


def codes(csv_text: str) -> list[str]:
    return [w.code for w in warnings_of(csv_text)]


def year_of(values, gas="CO2") -> str:
    return f"month,{gas}\n" + "".join(f"2027-{m:02d},{v}\n" for m, v in enumerate(values, start=1))


def test_a_steady_year_has_no_warnings():
    assert codes(year_of([4500] * 12)) == []


def test_the_factor_is_five_and_the_office_s_not_the_bill_s():
    assert Decimal(5) == SPIKE_FACTOR


def test_a_month_more_than_five_times_each_neighbour_is_warned_with_its_month():
    values = [100] * 12
    values[5] = 501  # June: more than 5 x 100 on both sides
    (warning,) = warnings_of(year_of(values))
    assert warning.code == "month_spike:2027-06" and warning.kind == "month_spike"
    assert warning.month == "2027-06" and warning.gas is None
    assert "2027-06" in warning.message and "more than 5 times each neighbouring month" in warning.message


def test_exactly_five_times_is_not_more_than_five_times():
    values = [100] * 12
    values[5] = 500
    assert codes(year_of(values)) == []


def test_a_month_above_only_one_neighbour_is_not_warned():
    values = [100] * 12
    values[5], values[6] = 1000, 300  # July is more than a third of June: June is not 5 x July
    assert codes(year_of(values)) == []


def test_the_first_and_last_months_have_one_neighbour():
    values = [100] * 12
    values[0], values[11] = 600, 600
    assert codes(year_of(values)) == ["month_spike:2027-01", "month_spike:2027-12"]


def test_zero_neighbours_make_any_month_above_zero_a_spike():
    values = [0] * 12
    values[3] = 1
    (warning,) = warnings_of(year_of(values))
    assert warning.code == "month_spike:2027-04" and "they have none" in warning.message


def test_a_month_of_zero_among_zeros_is_no_spike():
    values = [0] * 12
    values[0] = 10  # January spikes against February's zero; the zeros after it do not
    assert codes(year_of(values)) == ["month_spike:2027-01"]


def test_a_month_left_out_counts_as_a_neighbour_of_zero():
    text = "month,CO2\n" + "".join(f"2027-{m:02d},100\n" for m in range(1, 13) if m != 4)
    text = text.replace("2027-05,100", "2027-05,400")  # April missing (zero), June 100: 400 < 5 x 100
    assert codes(text) == []
    text = text.replace("2027-06,100", "2027-06,10")  # now May is > 5 x June and > 5 x April (zero)
    assert codes(text) == ["month_spike:2027-05"]


def test_a_one_month_profile_is_short_and_has_no_neighbours():
    (warning,) = warnings_of("month,CO2\n2027-03,4500\n")
    assert warning.code == "short_profile" and warning.month is None
    assert "1 month (March 2027)" in warning.message and "fewer than 12" in warning.message


def test_eleven_months_are_short_and_twelve_are_not():
    assert codes(year_of([100] * 11)) == ["short_profile"]
    assert codes(year_of([100] * 12)) == []


def test_the_span_not_the_count_of_months_decides_shortness():
    text = "month,CO2\n2027-01,100\n2027-12,100\n"  # 12 months from first to last, 2 given
    assert "short_profile" not in codes(text)


def test_a_gas_with_no_month_above_zero_is_warned_with_its_gas():
    text = "month,CO2,SF6\n" + "".join(f"2027-{m:02d},100,0\n" for m in range(1, 13))
    (warning,) = warnings_of(text)
    assert warning.code == "gas_never_above_zero:SF6" and warning.gas == "SF6"
    assert "SF6" in warning.message


def test_an_empty_column_is_no_gas_at_all():
    text = "month,CO2,SF6\n" + "".join(f"2027-{m:02d},100,\n" for m in range(1, 13))
    assert codes(text) == []


def test_a_gas_s_own_spike_is_warned_when_the_month_s_co2e_is_not():
    text = "month,CO2,CH4\n" + "".join(f"2027-{m:02d},10000,{50 if m == 6 else 1}\n" for m in range(1, 13))
    (warning,) = warnings_of(text)
    assert warning.code == "gas_spike:2027-06:CH4" and (warning.month, warning.gas) == ("2027-06", "CH4")


def test_a_month_s_spike_is_not_warned_again_for_its_gas():
    values = [100] * 12
    values[5] = 1000
    assert codes(year_of(values)) == ["month_spike:2027-06"]


def test_the_month_spike_is_in_co2e_with_the_gwp_in_force():
    # June: 50 t CO2 and 30 t CH4, 80 tonnes of gas but 890 t CO2-e (AR5, in force for 2027: CH4 is
    # 28), more than 5 x the 100 t of the months either side; in tonnes it would be no spike.
    text = "month,CO2,CH4\n" + "".join(
        f"2027-{m:02d},{50 if m == 6 else 100},{30 if m == 6 else ''}\n" for m in range(1, 13)
    )
    assert codes(text) == ["month_spike:2027-06"]
    assert "890 tonnes CO2-e" in warnings_of(text)[0].message


def test_stored_profiles_are_warned_and_none_is_nothing():
    stored = {"months": [{"month": "2027-01", "gases": {"CO2": "10"}}]}
    assert [w.code for w in stored_profile_warnings(stored)] == ["short_profile"]
    assert stored_profile_warnings({}) == [] and stored_profile_warnings(None) == []


@pytest.mark.parametrize("profile", [{}, {date(2027, 1, 1): {}}])
def test_an_empty_profile_or_month_has_only_the_short_warning(profile):
    assert [w.kind for w in profile_warnings(profile)] == (["short_profile"] if profile else [])
