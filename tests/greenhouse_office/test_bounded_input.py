"""Bounded input everywhere: each input that once made a 500, a 30-second request or a page of
megabytes is refused at the edge with a 400 that names the limit (greenhouse_office.bounds)."""

import json
import time
from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from assessments.models import State
from greenhouse_office import bounds, statute
from greenhouse_office.api.parsers import json_depth_exceeds
from greenhouse_office.emission_profiles import (
    MAX_LISTED_ERRORS,
    bounded_tonnes,
    column_name,
    parse_csv,
    parse_spreadsheet_month,
    profile_from_months,
)
from tests.assessments.api_support import application_payload, client_as
from tests.assessments.conftest import make_application, people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SCREENING_API = "/api/v1/screening"
YEARS = f"January {bounds.FIRST_PROFILE_YEAR} to December {bounds.LAST_PROFILE_YEAR}"
DAYS = "1 January 1999 to 31 December 2100"
TOO_DEEP = f"nested more than {bounds.MAX_JSON_DEPTH} levels deep"


def _page(client, csv: str):
    start = time.monotonic()
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_text": csv})
    assert time.monotonic() - start < 2
    return response, response.content.decode().replace("&#x27;", "'")


def _api(payload, path=SCREENING_API, client=None):
    start = time.monotonic()
    response = (client or APIClient()).post(path, payload, format="json")
    assert time.monotonic() - start < 2
    return response


def _months(*months, tonnes="1"):
    return {"gwp_set": "SAR", "months": [{"month": m, "gases": {"CO2": tonnes}} for m in months]}


# --- The span of a profile ------------------------------------------------------------------


def test_a_page_profile_spanning_millennia_is_refused_at_once_naming_the_years(client):
    response, html = _page(client, "month,CO2\n0001-01,1\n9998-12,1\n")
    assert response.status_code == 400
    assert f"0001 is outside the years this service screens: months from {YEARS}" in html
    assert len(response.content) < 50_000


def test_a_page_profile_spanning_more_than_the_maximum_months_is_refused_naming_it(client):
    response, html = _page(client, "month,CO2\n1990-01,1\n2100-12,1\n")
    assert response.status_code == 400
    assert "1,332 months; at most 1,200 months (100 years) can be screened at once" in html


def test_the_api_refuses_a_profile_spanning_more_than_the_maximum_months():
    response = _api(_months("1990-01", "2100-12"))
    assert response.status_code == 400
    assert "at most 1,200 months (100 years)" in response.json()["months"][0]


def test_a_profile_of_exactly_the_maximum_span_is_screened(client):
    response = _api(_months("2001-01", "2100-12"))
    assert response.status_code == 200, response.content
    response, _ = _page(client, "month,CO2\n2001-01,1\n2100-12,1\n")
    assert response.status_code == 200


def test_the_service_refuses_a_stored_profile_spanning_more_than_the_maximum():
    with pytest.raises(statute.InvalidProfile, match="at most 1,200 months"):
        profile_from_months(_months("1990-01", "2100-12")["months"])


# --- Months outside the years ---------------------------------------------------------------


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1989-12", "2101-01"])
def test_a_month_outside_the_years_is_a_400_on_the_page(client, month):
    response, html = _page(client, f"month,CO2\n{month},1\n")
    assert response.status_code == 400
    assert f"Row 2, column A: {month[:4]} is outside the years this service screens" in html


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1989-12", "2101-01"])
def test_a_month_outside_the_years_is_a_400_in_the_api(month):
    response = _api(_months(month))
    assert response.status_code == 400
    assert YEARS in response.json()["messages"][0]


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_a_month_outside_the_years_is_a_400_when_creating_an_application(people, month):  # noqa: F811
    payload = application_payload(emission_profile=_months(month))
    payload["emission_profile"].pop("gwp_set")
    response = client_as(people.proponent).post("/api/v1/applications", payload, format="json")
    assert response.status_code == 400, response.content
    assert YEARS in " ".join(response.json()["messages"])


@pytest.mark.parametrize("month", ["1990-01", "2100-12"])
def test_the_first_and_last_months_are_screened(client, month):
    assert _api(_months(month)).status_code == 200
    assert _page(client, f"month,CO2\n{month},1\n")[0].status_code == 200


# --- Tonnes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("tonnes", ["9E+999999999", "1E+999999", "1E+12", "1000000000000", "1e400"])
def test_tonnes_beyond_the_maximum_are_refused_quickly_on_the_page(client, tonnes):
    response, html = _page(client, f"month,CO2\n2027-01,{tonnes}\n")
    assert response.status_code == 400
    assert len(response.content) < 50_000
    assert "Row 2, column B:" in html
    assert "tonnes of CO2 must be less than 1,000,000,000,000 (at most 12 digits before" in html


@pytest.mark.parametrize("tonnes", ["9E+999999999", "1E+999999", "1E+12", "0E-999999999", 1e300])
def test_tonnes_beyond_the_maximum_are_refused_by_the_api(tonnes):
    response = _api(_months("2027-01", tonnes=tonnes))
    assert response.status_code == 400
    assert "digits" in " ".join(response.json()["messages"])


def test_the_largest_tonnes_and_finest_decimals_are_screened(client):
    largest = "999999999999.999999"
    body = _api(_months("2027-01", tonnes=largest)).json()
    assert body["by_gas"]["CO2"] == largest
    response, html = _page(client, f"month,CO2\n2027-01,{largest}\n")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4,000", Decimal(4000)),
        ("1.5E+04", Decimal(15000)),
        (" 0.000001 ", Decimal("0.000001")),
        ("999999999999.999999", Decimal("999999999999.999999")),
        (0.1, Decimal("0.1")),
        (4000, Decimal(4000)),
        (Decimal("2.50"), Decimal("2.5")),
    ],
)
def test_tonnes_within_the_bounds_are_read_exactly(value, expected):
    assert bounded_tonnes(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9E+999999999", "at most 12 digits before"),  # an exponent of 4 digits or more is never read
        ("0E-999999999", "at most 6 decimal places"),
        ("1" * 41, "at most 12 digits before"),
        ("1E+12", "must be less than 1,000,000,000,000 (at most 12 digits before the decimal point)"),
        (10**12, "at most 12 digits"),
        (10**4000, "at most 12 digits"),
        ("0.0000001", "at most 6 decimal places"),
        ("-5", "must be zero or more"),
        (float("inf"), "is not a number"),
        (float("nan"), "is not a number"),
        (Decimal("NaN"), "finite"),
        (True, "is not a number"),
        (None, "is not a number"),
    ],
)
def test_tonnes_out_of_bounds_are_refused_naming_the_limit(value, message):
    with pytest.raises(statute.InvalidQuantity, match=message.replace("(", r"\(").replace(")", r"\)")):
        bounded_tonnes(value)


# --- Days of the rules endpoints ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/rules/comment-period?gazette={day}",
        "/api/v1/rules/evaluation-deadline?received={day}",
        "/api/v1/rules/penalties?section=25&person=individual&on={day}",
    ],
)
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01", "1998-12-31"])
def test_a_day_outside_the_acts_life_is_a_400_naming_the_days(path, day):
    response = APIClient().get(path.format(day=day))
    assert response.status_code == 400, response.content
    assert f"Give a day from {DAYS}" in response.json()["messages"][0]


def test_the_last_day_of_the_horizon_is_answered():
    response = APIClient().get("/api/v1/rules/evaluation-deadline", {"received": "2100-12-31"})
    assert response.status_code == 200, response.content
    assert response.json()["deadline"] > "2100-12-31"


# --- Request bodies -------------------------------------------------------------------------


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.fixture
def open_assessment(make_application):  # noqa: F811
    return make_application(State.OPEN_FOR_COMMENT)


@pytest.mark.parametrize("levels", [bounds.MAX_JSON_DEPTH + 1, 5000, 200_000])
def test_deeply_nested_json_is_a_400_naming_the_limit_on_every_json_endpoint(people, open_assessment, levels):  # noqa: F811
    endpoints = [
        (SCREENING_API, APIClient()),
        ("/api/v1/auth/token", APIClient()),
        (f"/api/v1/public/assessments/{open_assessment.pk}/comments", APIClient()),
        ("/api/v1/applications", client_as(people.proponent)),
    ]
    for path, client in endpoints:
        response = client.post(path, _deep(levels), content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert TOO_DEEP in response.json()["detail"], path


def test_json_at_the_depth_limit_is_parsed_and_brackets_in_strings_do_not_count():
    assert not json_depth_exceeds(_deep(bounds.MAX_JSON_DEPTH))
    assert json_depth_exceeds(_deep(bounds.MAX_JSON_DEPTH + 1))
    assert not json_depth_exceeds(json.dumps({"text": "[" * 1000, "quote": '\\"[[[['}))
    response = APIClient().post(
        SCREENING_API, json.dumps({"gwp_set": "[" * 500, "months": []}), content_type="application/json"
    )
    assert response.status_code == 400 and "gwp_set" in response.json()


def test_a_json_body_over_1_mb_is_a_400_naming_the_limit():
    body = json.dumps({"gwp_set": "SAR", "months": [], "padding": "x" * bounds.MAX_JSON_BYTES})
    response = APIClient().post(SCREENING_API, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is larger than 1 MB, the most this API accepts."


def test_a_body_over_djangos_limit_is_a_400_naming_it(settings):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = APIClient().post(SCREENING_API, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is larger than 5 MB, the most this API accepts."


# --- Months as spreadsheets write them ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2027-01", date(2027, 1, 1)),
        ("2027/1", date(2027, 1, 1)),
        ("Jan-27", date(2027, 1, 1)),
        ("jan-27", date(2027, 1, 1)),
        ("Jan 2027", date(2027, 1, 1)),
        ("January 2027", date(2027, 1, 1)),
        ("Sept 2027", date(2027, 9, 1)),
        ("Dec-99", date(2099, 12, 1)),
        ("1/01/2027", date(2027, 1, 1)),  # Australian order: day first
        ("1/02/2027", date(2027, 2, 1)),
        ("31/01/2027", date(2027, 1, 1)),
        ("1/3/27", date(2027, 3, 1)),
        ("01/2027", date(2027, 1, 1)),
        ("2027-01-01", date(2027, 1, 1)),
    ],
)
def test_months_as_spreadsheets_write_them_are_understood(text, month):
    assert parse_spreadsheet_month(text) == month


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-13", "is not a month of the year"),
        ("1/31/2027", "is not a month of the year"),  # month first: not Australian order
        ("31/02/2027", "is not a day of the calendar"),
        ("Foo-27", "is not a month; write it as 2027-03, Mar-27, Mar 2027 or 1/03/2027 (day first)"),
        ("0000-01", "outside the years"),
        ("Jan-1900", "outside the years"),
    ],
)
def test_a_month_that_cannot_be_read_says_how_to_write_one(text, message):
    with pytest.raises(statute.InvalidProfile, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_spreadsheet_month(text)


def test_a_spreadsheet_saved_profile_is_screened_on_the_page(client):
    csv = "month,CO2\nJan-27,4000\nFeb 2027,4000\n1/03/2027,4000\n2027-04,4000\n"
    response, html = _page(client, csv)
    assert response.status_code == 200
    assert "16,000" in html


def test_row_level_messages_name_the_row_and_column():
    parsed = parse_csv("month,CO2,CH4\n2027-01,1,lots\nsoon,1,1\n2027-03,1,1,1\n")
    assert parsed.errors == [
        "Row 2, column C: 'lots' is not a number of tonnes of CH4.",
        "Row 3, column A: 'soon' is not a month; write it as 2027-03, Mar-27, Mar 2027 or 1/03/2027 "
        "(day first).",
        "Row 4: more cells than there are column headings.",
    ]
    assert column_name(1) == "A" and column_name(26) == "Z" and column_name(27) == "AA"


def test_a_gas_given_two_columns_is_refused_not_silently_overwritten():
    parsed = parse_csv("month,CO2,co2\n2027-01,1,2\n")
    assert parsed.errors == ["Row 1, column C: CO2 has a column already."]


def test_a_csv_of_many_problems_lists_the_first_and_counts_the_rest():
    parsed = parse_csv("month,CO2\n" + "nope,1\n" * 1000)
    assert len(parsed.errors) == MAX_LISTED_ERRORS + 1
    assert parsed.errors[-1] == "… and 980 more problems: correct these first."
    parsed = parse_csv("month,CO2\n" + "nope,1\n" * 50_000)  # reading stops at MAX_COUNTED_ERRORS
    assert parsed.errors[-1] == "… and at least 981 more problems: correct these first."


def test_pasted_csv_over_1_mb_and_overlong_cells_are_refused(client):
    response, html = _page(client, "month,CO2\n" + "2027-01,1\n" * 120_000)
    assert response.status_code == 400 and "larger than 1 MB" in html
    response, html = _page(client, "month,CO2\n2027-01," + "9" * 200_000 + "\n")
    assert response.status_code == 400 and "the CSV cannot be read there" in html
    response, html = _page(client, "month,CO2\n2027-01," + "9" * 100_000 + "\n")
    assert response.status_code == 400
    assert "'" + "9" * 40 + "…'" in html  # the message quotes 40 characters of the cell
