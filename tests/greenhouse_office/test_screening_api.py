"""POST /api/v1/screening: the quantity the Act counts (s6, Kyoto Art 5(3), Annex A as amended) and
what monthly figures can say about "in any period of 12 months" (ss25, 31)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError
from rest_framework.serializers import ListSerializer
from rest_framework.test import APIClient

from greenhouse_office.api.serializers import MonthEmissions, ScreeningRequest
from greenhouse_office.emission_profiles import MAX_PROFILE_MONTHS


@pytest.fixture
def api():
    return APIClient()


def _screen(api, payload):
    return api.post("/api/v1/screening", payload, format="json")


STRADDLING = [{"month": f"2012-{m:02d}", "gases": {"CH4": 100}} for m in range(7, 13)] + [
    {"month": f"2013-{m:02d}", "gases": {"CH4": 100}} for m in range(1, 7)
]


def test_s6_without_gwp_set_each_month_is_converted_with_the_set_in_force_for_it(api):
    response = _screen(api, {"months": STRADDLING})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["max_12_month_t_co2e"] == "27600"  # 6 x 100 x 21 (SAR) + 6 x 100 x 25 (AR4)
    assert body["gwp_basis"] == "in_force"
    assert body["gwp_set"] == "SAR, AR4"
    assert [(s["gwp_set"], s["start"], s["end"]) for s in body["gwp_sets"]] == [
        ("SAR", "2012-07", "2012-12"),
        ("AR4", "2013-01", "2013-06"),
    ]
    assert "Doha Amendment" in body["gwp_sets"][1]["citation"]
    assert body["gwp_section"] == "s6; Kyoto Protocol Art 5(3)"
    assert "in force for it" in body["explanation"][1]


def test_s6_with_gwp_set_every_month_uses_it_and_the_answer_says_it_is_a_comparison(api):
    body = _screen(api, {"gwp_set": "AR4", "months": STRADDLING}).json()
    assert body["max_12_month_t_co2e"] == "30000"
    assert body["gwp_basis"] == "comparison"
    assert body["gwp_set"] == "AR4"
    assert body["explanation"][1].startswith("For comparison only: every month was converted with AR4.")


def test_s25_any_period_of_12_months_a_13_month_total_over_the_threshold_cannot_be_ruled_out(api):
    months = [{"month": "2027-01", "gases": {"CO2": 30000}}, {"month": "2028-01", "gases": {"CO2": 30000}}]
    body = _screen(api, {"months": months}).json()
    assert body["exceeds_threshold"] is False  # no 12 consecutive calendar months are in excess
    assert body["max_12_month_t_co2e"] == "30000"
    assert body["conclusion"] == "cannot_rule_out"
    assert body["max_13_month_t_co2e"] == "60000"
    assert body["span_13_month"] == {"start": "2027-01", "end": "2028-01"}
    assert body["spans_to_settle"] == [{"start": "2027-01", "end": "2028-01"}]
    assert "Daily emissions for January 2027 and January 2028 would settle it" in body["explanation"][0]


@pytest.mark.parametrize(
    ("monthly_co2", "conclusion", "exceeds"),
    [("4200", "in_excess", True), ("3846", "not_in_excess", False)],  # 12 x 4,200; 13 x 3,846 = 49,998
)
def test_s25_conclusion_in_excess_or_not_in_excess(api, monthly_co2, conclusion, exceeds):
    months = [{"month": f"2027-{m:02d}", "gases": {"CO2": monthly_co2}} for m in range(1, 13)]
    months.append({"month": "2028-01", "gases": {"CO2": monthly_co2}})
    body = _screen(api, {"months": months}).json()
    assert (body["conclusion"], body["exceeds_threshold"]) == (conclusion, exceeds)
    assert body["spans_to_settle"] == []


def test_s6_doha_amendment_nf3_in_2012_is_refused_saying_why(api):
    response = _screen(api, {"months": [{"month": "2012-06", "gases": {"NF3": 1}}]})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "gas_not_yet_in_annex_a"
    assert "2012-06: NF3 (nitrogen trifluoride) is not a greenhouse gas for June 2012" in body["detail"]
    assert "Doha Amendment" in body["detail"] and "1 January 2013" in body["detail"]
    assert body["months"] == [body["detail"]]
    # Annex A is law, not a choice: a chosen set does not make NF3 count in 2012 either.
    refused = _screen(api, {"gwp_set": "AR5", "months": [{"month": "2012-06", "gases": {"NF3": 1}}]})
    assert refused.json()["code"] == "gas_not_yet_in_annex_a"


def test_s6_doha_amendment_nf3_in_2014_is_accepted_with_its_gwp(api):
    response = _screen(api, {"months": [{"month": "2014-06", "gases": {"nitrogen trifluoride": 3}}]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["by_gas"] == {"NF3": "51600"}  # 3 x 17,200 (AR4)
    assert body["conclusion"] == "in_excess"


def test_s6_a_gas_the_month_s_set_has_no_value_for_is_refused_naming_set_and_month(api):
    response = _screen(api, {"months": [{"month": "2012-06", "gases": {"HFC-245fa": 1}}]})
    assert response.status_code == 400
    assert "SAR set" in response.json()["months"][0] and "June 2012" in response.json()["months"][0]


def test_the_schema_makes_gwp_set_optional_and_documents_the_conclusion(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    request = schema["components"]["schemas"]["ScreeningRequest"]
    assert "gwp_set" not in request.get("required", [])
    result = schema["components"]["schemas"]["ScreeningResult"]["properties"]
    assert {"conclusion", "explanation", "max_13_month_t_co2e", "spans_to_settle", "gwp_basis"} <= set(result)


# --- The one-pass check of a plain profile (PlainMonths) ------------------------------------------
#
# A plainly valid profile is checked in one pass instead of a serializer per month; it must give what
# the fields give, and anything else must go through the fields, so every refusal is word for word
# the fields' own.


class FieldByField(MonthEmissions):
    class Meta:
        list_serializer_class = ListSerializer


class FieldByFieldRequest(ScreeningRequest):
    months = FieldByField(many=True, allow_empty=False, max_length=MAX_PROFILE_MONTHS)


PLAIN_GASES = ["CO2", "CH4", "N2O", "SF6", "HFC-134a", "CF4", "NF3", "HFC-245fa"]
ODD_MONTHS = [" 2027-01", "2027-01 ", "2027-1", "2027/01", "٢٠٢٧-01", "2027-01\n", "", "2027-01-01"]
ODD_MONTHS += [
    "1989-12",
    "1990-01",
    "2100-12",
    "2101-01",
    "2027-00",
    "2027-13",
    202701,
    None,
    True,
    ["2027-01"],
]
ODD_GASES = ["carbon dioxide", "co2", "CO₂", "R-134a", "HFCs", "XYZ", "", " CO2", "CO2 "]
ODD_TONNES = [
    "-1",
    "-0",
    "1e3",
    "1E+3",
    " 5",
    "5 ",
    "0000000000001",
    "999999999999",
    "1000000000000",
    "1.123456",
]
ODD_TONNES += ["1.1234567", "1.", ".5", "+5", "١٢", "nan", "inf", "", "4,000", True, None, [], {}]
ODD_TONNES += [-1, 0, 10**12 - 1, 10**12, 10**18, 10**20, 0.1, 5.0, -0.0, float("nan"), float("inf")]
months_text = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1985, 2105), st.integers(0, 13))
months_text |= st.sampled_from(ODD_MONTHS)
gas_names = st.sampled_from(PLAIN_GASES) | st.sampled_from(ODD_GASES)
tonnes_values = st.one_of(
    st.sampled_from(ODD_TONNES),
    st.decimals(min_value=0, max_value=10**12 - 1, places=6, allow_nan=False).map(lambda d: format(d, "f")),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False).map(str),  # "1E+3" and the like
    st.integers(min_value=-5, max_value=10**13),
    st.floats(min_value=-1, max_value=1e6),
)
plain_entries = st.fixed_dictionaries(
    {
        "month": st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2100), st.integers(1, 12)),
        "gases": st.dictionaries(
            st.sampled_from(PLAIN_GASES),
            st.integers(0, 10**12 - 1) | st.decimals(0, 10**12 - 1, places=6).map(lambda d: format(d, "f")),
            min_size=1,
            max_size=3,
        ),
    }
)


@st.composite
def odd_entries(draw):
    """A plain entry with one thing not plain about it (which may or may not be refused)."""
    entry = draw(plain_entries)
    odd = draw(st.sampled_from(["month", "gas", "tonnes", "keys", "entry"]))
    if odd == "month":
        entry["month"] = draw(months_text)
    elif odd == "gas":
        entry["gases"][draw(gas_names)] = draw(tonnes_values)
    elif odd == "tonnes":
        entry["gases"][draw(st.sampled_from(list(entry["gases"])))] = draw(tonnes_values)
    elif odd == "keys":
        entry = draw(
            st.sampled_from([{**entry, "extra": 1}, {"month": entry["month"]}, {"gases": entry["gases"]}])
        )
        entry = draw(st.sampled_from([entry, {**entry, "gases": draw(st.sampled_from([{}, [], None, "x"]))}]))
    else:
        entry = draw(st.sampled_from([None, "2027-01", [], {}]))
    return entry


@st.composite
def month_lists(draw, min_size=0):
    """Plain entries, often with one odd entry among them."""
    months = draw(st.lists(plain_entries, min_size=min_size, max_size=8))
    if draw(st.booleans()):
        months.insert(draw(st.integers(0, len(months))), draw(odd_entries()))
    return months


requests = st.fixed_dictionaries(
    {"months": month_lists() | st.sampled_from([None, {}, "x"])},
    optional={"gwp_set": st.sampled_from(["AR4", "ar4", "XX"]), "other": st.just(1)},
)


def _validated(serializer_class, data):
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        return False, serializer.errors
    validated = dict(serializer.validated_data)
    # Decimals as their exact digits and exponent, so "4000" and "4000.000000" differ here.
    validated["months"] = [
        {"month": entry["month"], "gases": {g: t.as_tuple() for g, t in entry["gases"].items()}}
        for entry in validated["months"]
    ]
    return True, validated


@settings(database=None, deadline=None, max_examples=400)
@given(data=requests)
def test_a_profile_checked_in_one_pass_gives_what_the_fields_give(data):
    assert _validated(ScreeningRequest, data) == _validated(FieldByFieldRequest, data)


@settings(database=None, deadline=None)
@given(months=month_lists(min_size=1))
def test_each_profile_list_checked_in_one_pass_gives_what_the_fields_give(months):
    plain = MonthEmissions(many=True, allow_empty=False, max_length=MAX_PROFILE_MONTHS)
    fields = FieldByField(many=True, allow_empty=False, max_length=MAX_PROFILE_MONTHS)
    try:
        expected = fields.run_validation(months)
    except ValidationError as error:
        with pytest.raises(ValidationError) as refused:
            plain.run_validation(months)
        assert refused.value.detail == error.detail
    else:
        assert plain.run_validation(months) == expected


PLAIN = [{"month": "2027-01", "gases": {"CO2": "4000"}}, {"month": "2027-03", "gases": {"CH4": 12}}]


@pytest.mark.parametrize(
    "odd",
    [{"month": month, "gases": {"CO2": "1"}} for month in ODD_MONTHS]
    + [{"month": "2027-02", "gases": {gas: "1"}} for gas in ODD_GASES]
    + [{"month": "2027-02", "gases": {"CO2": tonnes}} for tonnes in ODD_TONNES]
    + [{"month": "2027-02", "gases": {"CO2": "1", "CH4": tonnes}} for tonnes in ODD_TONNES]
    + [
        {"month": "2027-02", "gases": {}},
        {"month": "2027-02"},
        {"month": "2027-02", "gases": {"CO2": "1"}, "x": 1},
    ]
    + [None, "2027-02", [], {}, {"month": "2027-02", "gases": [["CO2", "1"]]}],
)
def test_an_entry_not_plain_is_answered_by_the_fields_as_before(odd):
    for months in ([*PLAIN, odd], [odd, *PLAIN], [odd]):
        assert _validated(ScreeningRequest, {"months": months}) == _validated(
            FieldByFieldRequest, {"months": months}
        )


def test_a_plain_profile_is_checked_in_one_pass_without_a_serializer_per_month(monkeypatch):
    def per_month(*args, **kwargs):
        raise AssertionError("a plain profile went through MonthEmissions month by month")

    monkeypatch.setattr(MonthEmissions, "run_validation", per_month)
    months = [
        {"month": f"{2027 + n // 12}-{n % 12 + 1:02d}", "gases": {"CO2": "4000", "CH4": 12}}
        for n in range(120)
    ]
    request = ScreeningRequest(data={"months": months})
    assert request.is_valid(), request.errors
    assert request.validated_data["months"][0] == {
        "month": "2027-01",
        "gases": {"CO2": Decimal("4000.000000"), "CH4": Decimal("12.000000")},
    }
    # Anything not plain (here a gas by another name) goes through the fields.
    months[5]["gases"] = {"carbon dioxide": "4000"}
    with pytest.raises(AssertionError, match="month by month"):
        ScreeningRequest(data={"months": months}).is_valid()


def test_bounds_a_profile_longer_than_the_most_months_is_refused_as_before(api):
    months = [
        {"month": f"{1990 + n // 12}-{n % 12 + 1:02d}", "gases": {"CO2": "1"}}
        for n in range(MAX_PROFILE_MONTHS + 1)
    ]
    response = _screen(api, {"months": months})
    assert response.status_code == 400
    too_many = f"Ensure this field has no more than {MAX_PROFILE_MONTHS} elements."
    assert response.json()["months"] == {"non_field_errors": [too_many]}


def test_bounds_months_outside_the_years_screened_are_refused_by_the_fields(api):
    response = _screen(api, {"months": [{"month": "2101-01", "gases": {"CO2": "1"}}]})
    assert response.status_code == 400
    assert "2101 is outside the years this service screens" in response.content.decode()


def test_s25_the_largest_profile_is_answered_exactly(api):
    months = [
        {"month": f"{1990 + n // 12}-{n % 12 + 1:02d}", "gases": {"CO2": "4000.5", "CH4": 12}}
        for n in range(MAX_PROFILE_MONTHS)
    ]
    response = _screen(api, {"months": months})
    assert response.status_code == 200, response.content
    body = response.json()
    # 2021 onwards, AR5: 12 x (4000.5 + 12 x 28); the largest window is the first with AR5 for CH4.
    assert body["max_12_month_t_co2e"] == "52038"
    assert body["window"] == {"start": "2021-01", "end": "2021-12"}
    assert body["gwp_set"] == "SAR, AR4, AR5"


def test_a_month_given_twice_in_other_digits_is_refused_not_dropped(api):
    months = [{"month": "2027-01", "gases": {"CO2": "40000"}}, {"month": "٢٠٢٧-01", "gases": {"CO2": "1"}}]
    response = _screen(api, {"months": months})
    assert response.status_code == 400
    assert response.json()["months"] == ["Each month may appear only once; repeated: ٢٠٢٧-01."]
