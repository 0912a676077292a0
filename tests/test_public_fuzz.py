"""No input to a public page or endpoint makes a 500 or takes over 2 seconds (greenhouse_office.bounds).

Hypothesis sends hostile values to everything anyone can reach without signing in: huge numbers and
exponents, odd months, deep JSON, long strings and unicode. Part of every `make test` run (no marker
skips it); about 60 examples an endpoint keep it to seconds.
"""

import json
import time

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from assessments.models import State
from tests.assessments.conftest import make_application, people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SECONDS = 2
fuzz = settings(
    max_examples=60,
    deadline=SECONDS * 1000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- Hostile values -----------------------------------------------------------------------------

huge_numbers = st.one_of(
    st.sampled_from(
        ["9E+999999999", "1E+999999", "1e400", "-1E+12", "0E-999999999", "NaN", "-Infinity", "1,000,000"]
    ),
    st.builds(lambda m, e: f"{m}E{e:+d}", st.integers(-(10**6), 10**6), st.integers(-(10**10), 10**10)),
    st.integers(-(10**30), 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(0, 5000).map(lambda n: "9" * n),
)
odd_months = st.one_of(
    st.sampled_from(
        ["0000-01", "9999-12", "2027-00", "2027-13", "Jan-27", "1/01/2027", "31/02/2027", "Dec-99"]
    ),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 99)),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 99), st.integers(0, 99), st.integers(0, 99999)),
)
odd_days = st.one_of(
    st.sampled_from(["9999-12-31", "0001-01-01", "2100-12-31", "2027-02-29", "2027-13-01", "+10000-01-01"]),
    st.dates().map(str),
)
long_strings = st.integers(0, 200_000).map(lambda n: "x" * n)
unicode_text = st.text(max_size=200)
hostile_text = st.one_of(huge_numbers, odd_months, odd_days, long_strings, unicode_text)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(unicode_text, inner, max_size=4),
    max_leaves=20,
)
deep_json = st.integers(0, 100_000).map(lambda n: "[" * n + "]" * n)
gases = st.one_of(st.sampled_from(["CO2", "CH4", "N2O", "SF6", "HFC-134a", "CF4", "NF3"]), unicode_text)
month_entries = st.fixed_dictionaries(
    {
        "month": odd_months | unicode_text,
        "gases": st.dictionaries(gases, huge_numbers | json_values, max_size=3),
    }
)


@st.composite
def csv_texts(draw) -> str:
    header = draw(st.lists(gases, min_size=0, max_size=4))
    rows = draw(
        st.lists(st.tuples(odd_months, st.lists(huge_numbers, max_size=len(header) + 1)), max_size=12)
    )
    lines = [",".join(["month", *header])] + [",".join([m, *cells]) for m, cells in rows]
    return draw(st.one_of(st.just("\n".join(lines)), hostile_text, deep_json))


def query_params(*known: str):
    keys = st.sampled_from([*known, "page", "page_size", "format", "ordering"]) | unicode_text.filter(bool)
    return st.dictionaries(keys, hostile_text, max_size=4)


# --- The check ----------------------------------------------------------------------------------


def _answered(call):
    cache.clear()  # the rate limits are not under test here
    start = time.monotonic()
    response = call()
    elapsed = time.monotonic() - start
    assert response.status_code < 500, response.content[:500]
    assert elapsed < SECONDS, elapsed
    return response


def _post_json(path: str, body):
    text = body if isinstance(body, str) else json.dumps(body)
    return _answered(lambda: APIClient().post(path, text, content_type="application/json"))


@pytest.fixture
def open_assessment(make_application):  # noqa: F811
    return make_application(State.OPEN_FOR_COMMENT)


# --- Pages --------------------------------------------------------------------------------------


@fuzz
@given(params=query_params("csv_text", "gwp_set"))
def test_the_home_and_screening_pages_answer_any_query(params):
    _answered(lambda: Client().get("/", params))
    _answered(lambda: Client().get("/screening/", params))


@fuzz
@given(csv=csv_texts(), gwp_set=st.sampled_from(["SAR", "AR4", "AR5"]) | unicode_text)
def test_the_screening_page_answers_any_csv(csv, gwp_set):
    _answered(lambda: Client().post("/screening/", {"gwp_set": gwp_set, "csv_text": csv}))


# --- The rules API ------------------------------------------------------------------------------


@fuzz
@given(
    body=st.one_of(
        json_values,
        deep_json,
        st.fixed_dictionaries(
            {"gwp_set": st.sampled_from(["SAR", "AR4", "AR5"]), "months": st.lists(month_entries, max_size=5)}
        ),
    )
)
def test_the_screening_api_answers_any_body(body):
    _post_json("/api/v1/screening", body)


@fuzz
@given(
    path=st.sampled_from(["comment-period", "evaluation-deadline", "penalties"]),
    params=st.one_of(
        query_params("gazette", "received", "section", "person", "on"),
        st.fixed_dictionaries(
            {
                "gazette": odd_days,
                "received": odd_days,
                "on": odd_days,
                "section": st.sampled_from(["25", "s29", "27(3)", "99"]),
                "person": st.sampled_from(["individual", "body_corporate"]),
            }
        ),
    ),
)
def test_the_rules_endpoints_answer_any_query(path, params):
    _answered(lambda: APIClient().get(f"/api/v1/rules/{path}", params))


# --- Sign-in and the public register ------------------------------------------------------------


@fuzz
@given(
    body=st.one_of(
        json_values, deep_json, st.fixed_dictionaries({"username": hostile_text, "password": hostile_text})
    )
)
def test_token_sign_in_answers_any_body(body):
    _post_json("/api/v1/auth/token", body)


@fuzz
@given(params=query_params("page", "page_size"))
def test_the_public_register_answers_any_query(open_assessment, params):
    _answered(lambda: APIClient().get("/api/v1/public/assessments", params))


@fuzz
@given(
    body=st.one_of(
        json_values,
        deep_json,
        st.fixed_dictionaries(
            {"name": hostile_text, "email": hostile_text | st.emails(), "text": hostile_text}
        ),
    )
)
def test_a_public_comment_answers_any_body(open_assessment, body):
    _post_json(f"/api/v1/public/assessments/{open_assessment.pk}/comments", body)
