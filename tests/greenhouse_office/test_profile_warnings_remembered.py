"""The stored profile's warnings are remembered per process (issue 14: the API's answer and the admin's
change page recomputed them on every request): remembered or not, the same warnings."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenhouse_office import emission_profiles
from greenhouse_office.emission_profiles import (
    REMEMBERED_PROFILES,
    forget_profile_warnings,
    profile_from_months,
    profile_warnings,
    stored_profile_warnings,
)
from greenhouse_office.statute import StatuteError


@pytest.fixture(autouse=True)
def _forgotten():
    forget_profile_warnings()
    yield
    forget_profile_warnings()


def _computed(months) -> list:
    """The warnings as computed without remembering (what stored_profile_warnings did before)."""
    try:
        return profile_warnings(profile_from_months(months))
    except StatuteError:
        return []


def _year(values, gas="CO2", year=2027) -> list[dict]:
    return [{"month": f"{year}-{m:02d}", "gases": {gas: str(v)}} for m, v in enumerate(values, start=1)]


TONNES = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.sampled_from(["0", "0.5", "1e3", "4,500", "-1", "abc", "1.123456789"]),
    st.integers(min_value=0, max_value=10**6),
)
MONTH = st.builds(
    lambda year, month: f"{year}-{month:02d}",
    st.integers(min_value=2019, max_value=2031),
    st.integers(min_value=1, max_value=12),
)
MONTHS = st.lists(
    st.fixed_dictionaries(
        {
            "month": st.one_of(MONTH, st.sampled_from(["2027-13", "Jan-27", ""])),
            "gases": st.dictionaries(st.sampled_from(["CO2", "CH4", "N2O", "SF6", "NF3", "XYZ"]), TONNES),
        }
    ),
    min_size=0,
    max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(months=MONTHS)
def test_remembered_warnings_are_the_computed_ones_first_time_and_after(months):
    expected = _computed(months) if months else []
    assert stored_profile_warnings({"months": months}) == expected  # computed, then remembered
    assert stored_profile_warnings({"months": months}) == expected  # remembered


def test_a_remembered_profile_is_not_computed_again(monkeypatch):
    calls = []
    real = emission_profiles.profile_warnings
    monkeypatch.setattr(
        emission_profiles, "profile_warnings", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    values = [100] * 12
    values[5] = 501
    stored = {"months": _year(values)}
    first = stored_profile_warnings(stored)
    assert [w.code for w in first] == ["month_spike:2027-06"]
    assert stored_profile_warnings({"months": _year(values)}) == first  # an equal profile, read again
    assert len(calls) == 1
    values[5] = 499  # another profile: computed
    assert stored_profile_warnings({"months": _year(values)}) == [] and len(calls) == 2


def test_each_caller_gets_its_own_list():
    stored = {"months": _year([100] * 6)}
    first = stored_profile_warnings(stored)
    first.clear()
    assert [w.code for w in stored_profile_warnings(stored)] == ["short_profile"]


def test_the_window_in_force_is_part_of_what_is_remembered(monkeypatch):
    # The one rule the warnings depend on that the day can change: a longer window in force makes a
    # remembered full year short.
    stored = {"months": _year([4500] * 12)}
    assert stored_profile_warnings(stored) == []
    monkeypatch.setattr(emission_profiles, "int_value", lambda key, on=None: 24)
    (warning,) = stored_profile_warnings(stored)
    assert warning.code == "short_profile" and "fewer than 24" in warning.message


def test_the_months_order_is_part_of_what_is_remembered():
    # Tonnes are summed in the stored order, so each order is its own entry (both right).
    months = _year([100] * 11 + [900])
    assert [w.code for w in stored_profile_warnings({"months": months})] == ["month_spike:2027-12"]
    assert [w.code for w in stored_profile_warnings({"months": months[::-1]})] == ["month_spike:2027-12"]
    assert len(emission_profiles._REMEMBERED) == 2


def test_at_most_remembered_profiles_are_kept_the_least_recently_used_forgotten_first():
    profiles = [{"months": _year([1000 + n] * 12)} for n in range(REMEMBERED_PROFILES + 1)]
    for stored in profiles[:REMEMBERED_PROFILES]:
        stored_profile_warnings(stored)
    stored_profile_warnings(profiles[0])  # used again: now the most recent
    stored_profile_warnings(profiles[-1])  # one too many: the least recently used goes
    remembered = emission_profiles._REMEMBERED
    assert len(remembered) == REMEMBERED_PROFILES
    key = emission_profiles._profile_key
    assert key(profiles[0]["months"], 12) in remembered and key(profiles[1]["months"], 12) not in remembered


def test_what_is_not_json_is_computed_not_remembered():
    months = [{"month": f"2027-{m:02d}", "gases": {"CO2": Decimal(100)}} for m in range(1, 7)]
    assert [w.code for w in stored_profile_warnings({"months": months})] == ["short_profile"]
    assert not emission_profiles._REMEMBERED
    assert stored_profile_warnings({}) == [] and stored_profile_warnings(None) == []
