"""The public rules API answers as the Bill does, and bad input gets a 400 with field messages."""

import json

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from greenhouse_office import statute
from greenhouse_office.api.errors import exception_handler


@pytest.fixture
def api():
    return APIClient()


def test_s33_3_comment_period_for_gazette_3_march_2027(api):
    response = api.get("/api/v1/rules/comment-period", {"gazette": "2027-03-03"})
    assert response.status_code == 200
    assert response.json() == {
        "gazette_date": "2027-03-03",
        "period_start": "2027-03-04",
        "period_end": "2027-05-03",
        "earliest_closing_day": "2027-05-04",
        "recommended_closing_day": "2027-05-04",
        "section": "s33(3)",
    }


def test_s32_1_evaluation_deadline_for_receipt_6_january_2027(api):
    response = api.get("/api/v1/rules/evaluation-deadline", {"received": "2027-01-06"})
    assert response.status_code == 200
    assert response.json() == {"received": "2027-01-06", "deadline": "2027-02-05", "section": "s32(1)"}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/rules/comment-period", {"gazette": "2027-02-30"}, "gazette"),
        ("/api/v1/rules/comment-period", {}, "gazette"),
        ("/api/v1/rules/comment-period", {"gazette": "3 March"}, "gazette"),
        ("/api/v1/rules/evaluation-deadline", {"received": "2027-13-01"}, "received"),
        ("/api/v1/rules/evaluation-deadline", {"received": "1999-01-01"}, "received"),
        ("/api/v1/rules/penalties", {"section": "99", "person": "individual"}, "section"),
        ("/api/v1/rules/penalties", {"section": "25", "person": "robot"}, "person"),
        ("/api/v1/rules/penalties", {"section": "29(1)", "person": "individual"}, "person"),
        ("/api/v1/rules/penalties", {"section": "25", "person": "individual", "on": "2027-02-29"}, "on"),
    ],
)
def test_bad_rule_queries_get_400_with_a_message_for_the_field(api, path, params, field):
    response = api.get(path, params)
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert messages and all(isinstance(m, str) and m for m in messages)


def test_s25_civil_penalty_for_a_body_corporate_in_2026(api):
    response = api.get(
        "/api/v1/rules/penalties", {"section": "25", "person": "body_corporate", "on": "2026-01-01"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["penalty_units"] == 50_000
    assert body["penalty_unit_value_aud"] == "330.00"
    assert body["penalty_unit_value_from"] == "2024-11-07"
    assert body["maximum_aud"] == "16500000.00"
    assert body["imprisonment_years"] is None
    assert body["kind"] == "civil"


def test_s27_3_offence_for_an_individual_has_imprisonment_and_a_fine(api):
    response = api.get(
        "/api/v1/rules/penalties", {"section": "s27(3)", "person": "individual", "on": "2011-06-01"}
    )
    body = response.json()
    assert body["imprisonment_years"] == 7
    assert body["penalty_units"] == 420
    assert body["penalty_unit_value_aud"] == "110.00"
    assert body["maximum_aud"] == "46200.00"


def test_s27_3_body_corporate_fine_is_five_times_crimes_act_4b_3(api):
    body = api.get(
        "/api/v1/rules/penalties", {"section": "27(3)", "person": "body_corporate", "on": "2026-01-01"}
    ).json()
    assert body["penalty_units"] == 2_100
    assert body["maximum_aud"] == "693000.00"


@pytest.mark.parametrize("section", ["29", "s29", "29(1)", "29(2)"])
def test_s29_section_29_whole_or_either_subsection_gives_the_agency_civil_penalty(api, section):
    response = api.get(
        "/api/v1/rules/penalties",
        {"section": section, "person": "commonwealth_agency_body_corporate", "on": "2026-01-01"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["section"], body["kind"]) == (f"s{section.removeprefix('s')}", "civil")
    assert body["penalty_units"] == 10_000
    assert body["maximum_aud"] == "3300000.00"


def test_s29_whole_section_basis_names_both_subsections(api):
    body = api.get(
        "/api/v1/rules/penalties",
        {"section": "29", "person": "commonwealth_agency_individual", "on": "2026-01-01"},
    ).json()
    assert body["penalty_units"] == 1_000
    assert body["basis"].startswith("s29(1) and s29(2) (each): civil penalty")


def test_s4_2_the_commonwealth_itself_is_not_prosecuted_under_s27(api):
    response = api.get(
        "/api/v1/rules/penalties", {"section": "27(3)", "person": "the_commonwealth", "on": "2026-01-01"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "not_applicable"
    assert "s4(2): nothing in the Act makes the Crown liable to be prosecuted" in body["person"][0]


def test_s4_2_a_commonwealth_agency_body_corporate_can_be_prosecuted_under_s27(api):
    response = api.get(
        "/api/v1/rules/penalties",
        {"section": "27(3)", "person": "commonwealth_agency_body_corporate", "on": "2026-01-01"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["penalty_units"] == 2_100


def _screen(api, payload):
    return api.post("/api/v1/screening", payload, format="json")


def test_screening_finds_the_largest_12_month_total_and_its_window(api):
    months = [{"month": f"2027-{m:02d}", "gases": {"CO2": 4000, "CH4": 10}} for m in range(1, 13)]
    months.append({"month": "2028-01", "gases": {"CO2": 5000}})
    response = _screen(api, {"gwp_set": "SAR", "months": months})
    assert response.status_code == 200, response.content
    body = response.json()
    # 11 x (4000 + 21 x 10) + 5000 = 51,310 for Feb 2027 - Jan 2028.
    assert body["max_12_month_t_co2e"] == "51310"
    assert body["window"] == {"start": "2027-02", "end": "2028-01"}
    assert body["by_gas"] == {"CO2": "49000", "CH4": "2310"}
    assert body["exceeds_threshold"] is True
    assert body["threshold_t_co2e"] == "50000"
    assert body["gwp_set"] == "SAR"
    assert body["section"]


def test_screening_exactly_50000_is_not_in_excess(api):
    months = [{"month": f"2027-{m:02d}", "gases": {"CO2": "4166.666666"}} for m in range(1, 13)]
    months[0]["gases"]["CO2"] = "4166.666674"  # 12 months sum to exactly 50,000
    body = _screen(api, {"gwp_set": "AR5", "months": months}).json()
    assert body["max_12_month_t_co2e"] == "50000"
    assert body["exceeds_threshold"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"gwp_set": "AR9", "months": [{"month": "2027-01", "gases": {"CO2": 1}}]}, "gwp_set"),
        ({"gwp_set": "SAR", "months": []}, "months"),
        ({"gwp_set": "SAR"}, "months"),
        ({"gwp_set": "SAR", "months": [{"month": "2027-13", "gases": {"CO2": 1}}]}, "months"),
        ({"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"H2O": 1}}]}, "months"),
        ({"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": -1}}]}, "months"),
        ({"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": "lots"}}]}, "months"),
        ({"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {}}]}, "months"),
        ({"gwp_set": "SAR", "months": [{"month": "2027-01"}]}, "months"),
        ({"gwp_set": "SAR", "months": "2027-01"}, "months"),
        (
            {
                "gwp_set": "SAR",
                "months": [
                    {"month": "2027-01", "gases": {"CO2": 1}},
                    {"month": "2027-01", "gases": {"CH4": 1}},
                ],
            },
            "months",
        ),
        (
            {
                "gwp_set": "SAR",
                "months": [
                    {"month": f"{1900 + i // 12}-{i % 12 + 1:02d}", "gases": {"CO2": 1}} for i in range(1201)
                ],
            },
            "months",
        ),
    ],
)
def test_bad_profiles_get_400_with_a_message_for_the_field(api, payload, field):
    response = _screen(api, payload)
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    "body",
    [
        '{"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": Infinity}}]}',
        '{"gwp_set": "SAR", "months": [',
        "not json",
    ],
)
def test_malformed_json_gets_400(api, body):
    response = api.post("/api/v1/screening", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_unknown_gas_message_names_the_gas(api):
    response = _screen(api, {"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"H2O": 1}}]})
    assert "H2O" in json.dumps(response.json())


def test_the_rules_are_in_the_openapi_schema(api):
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in (
        "/api/v1/rules/comment-period",
        "/api/v1/rules/evaluation-deadline",
        "/api/v1/rules/penalties",
        "/api/v1/screening",
    ):
        assert path in paths


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
month_entries = st.fixed_dictionaries(
    {
        "month": st.one_of(
            st.text(max_size=8), st.sampled_from(["2027-01", "2027-02", "0000-01", "9999-12"])
        ),
        "gases": st.one_of(
            json_values,
            st.dictionaries(
                st.sampled_from(["CO2", "CH4", "SF6", "HFC-23", "NF3", "co2"]), json_values, max_size=3
            ),
        ),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(
        json_values,
        st.fixed_dictionaries({"gwp_set": json_values, "months": json_values}),
        st.fixed_dictionaries(
            {"gwp_set": st.sampled_from(["SAR", "AR4", "AR5"]), "months": st.lists(month_entries, max_size=5)}
        ),
    )
)
def test_screening_never_answers_500(payload):
    cache.clear()  # the rate limit is not under test here
    response = APIClient().post("/api/v1/screening", payload, format="json")
    assert response.status_code in (200, 400), (payload, response.content)


def test_screening_is_rate_limited_per_client_with_a_message(api, settings):
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["screening"]
    allowed = int(rate.split("/")[0])
    assert allowed >= 10  # a person re-running a screening is never blocked
    payload = {"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": 1}}]}
    statuses = [_screen(api, payload).status_code for _ in range(allowed + 1)]
    assert statuses[:allowed] == [200] * allowed
    assert statuses[-1] == 429
    assert "throttled" in _screen(api, payload).json()["detail"].lower()


def test_a_rule_of_the_bill_refuses_in_the_one_error_shape_citing_its_section(api):
    response = api.get("/api/v1/rules/evaluation-deadline", {"received": "1999-01-01"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "not_in_force"
    assert body["detail"].startswith("s32(1): ")
    assert body["messages"] == [body["detail"]]
    assert body["received"] == [body["detail"]]


def test_a_person_the_penalty_does_not_cover_is_named_against_person(api):
    body = api.get("/api/v1/rules/penalties", {"section": "29(1)", "person": "individual"}).json()
    assert body["code"] == "not_applicable"
    assert body["person"] == body["messages"] == [body["detail"]]


def test_a_statute_error_raised_anywhere_is_a_400_with_its_code(db):
    error = statute.UnlawfulClosingDay("s33(3): the closing day must not fall within 2 months.")
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "detail": "s33(3): the closing day must not fall within 2 months.",
        "code": "s33_3_closing_day",
        "messages": ["s33(3): the closing day must not fall within 2 months."],
    }


def test_an_unexpected_error_is_left_to_django_as_a_500():
    assert exception_handler(KeyError("bug"), {}) is None


def test_malformed_input_names_where_in_the_one_shape(api):
    payload = {"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": "lots"}}]}
    body = _screen(api, payload).json()
    assert body["detail"] == "Some fields need correcting."
    assert body["code"] == "invalid"
    assert body["messages"] == ["months[0].gases.CO2: A valid number is required."]
