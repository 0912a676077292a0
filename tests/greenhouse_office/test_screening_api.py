"""POST /api/v1/screening: the quantity the Act counts (s6, Kyoto Art 5(3), Annex A as amended) and
what monthly figures can say about "in any period of 12 months" (ss25, 31)."""

import pytest
from rest_framework.test import APIClient


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
