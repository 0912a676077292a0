"""The OpenAPI schema is as strict as the server and documents every status it answers (issue 14).

greenhouse_office.api.schema.AutoSchema adds 401/403/404/429 from each view's classes; the request
shapes refuse what the serializers refuse. Payloads the server refuses are checked against the schema
with jsonschema, and sent to the server, so neither side can drift from the other.
"""

import re

import pytest
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from greenhouse_office import bounds, statute

pytestmark = pytest.mark.django_db

API = "/api/v1"
THROTTLED = {
    ("/api/v1/auth/token", "post"),
    ("/api/v1/screening", "post"),
    ("/api/v1/public/assessments/{id}/comments", "post"),
}
METHODS = {"get", "post", "patch", "put", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def needs_sign_in(operation) -> bool:
    return any(requirement for requirement in operation.get("security", []))


def error_ref(response) -> str:
    return response["content"]["application/json"]["schema"]["$ref"]


def test_every_operation_that_needs_a_token_documents_401_in_the_one_error_shape(schema):
    signed_in = [(path, method, op) for path, method, op in operations(schema) if needs_sign_in(op)]
    assert len(signed_in) == 24
    for path, method, operation in signed_in:
        refused = operation["responses"].get("401")
        assert refused is not None, (method, path)
        assert error_ref(refused) == "#/components/schemas/Error", (method, path)
        assert "WWW-Authenticate" in refused["headers"], (method, path)
    for path, method, operation in operations(schema):
        if not needs_sign_in(operation):
            assert "401" not in operation["responses"], (method, path)  # no authenticator: never 401


def test_every_operation_that_needs_a_token_answers_an_anonymous_caller_401(schema):
    client = APIClient()
    for path, method, operation in operations(schema):
        if not needs_sign_in(operation):
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 401, (method, path, response.status_code)
        assert response["WWW-Authenticate"] == "Token"
        assert set(response.json()) >= {"detail", "code", "messages"}


def test_every_throttled_operation_documents_429_with_retry_after_and_no_other_does(schema):
    documented = {(path, method) for path, method, op in operations(schema) if "429" in op["responses"]}
    assert documented == THROTTLED
    for path, method in THROTTLED:
        throttled = schema["paths"][path][method]["responses"]["429"]
        assert error_ref(throttled) == "#/components/schemas/Error"
        assert "Retry-After" in throttled["headers"]


def test_the_screening_throttle_answers_what_the_schema_documents(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    limit = int(rates["screening"].split("/")[0])
    client = APIClient()
    statuses = {client.post(f"{API}/screening", {}, format="json").status_code for _ in range(limit + 1)}
    assert statuses == {400, 429}


def test_role_only_operations_document_403_and_every_named_thing_404(schema):
    paths = schema["paths"]
    assert "403" in paths["/api/v1/auditors"]["get"]["responses"]  # Office staff only
    assert "403" in paths["/api/v1/applications/{id}/comments"]["get"]["responses"]
    assert "403" not in paths["/api/v1/applications"]["get"]["responses"]  # anyone signed in
    for path, method, operation in operations(schema):
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] in ("path", "query")}
        if "{" in path or names & {"page", "cursor"}:
            assert "404" in operation["responses"], (method, path)


def request_schemas(schema):
    for path, method, operation in operations(schema):
        for content in operation.get("requestBody", {}).get("content", {}).values():
            yield path, method, content["schema"]


def test_every_request_body_refuses_unknown_fields(schema):
    components = schema["components"]["schemas"]
    bodies = list(request_schemas(schema))
    assert bodies
    for path, method, body in bodies:
        name = body["$ref"].rsplit("/", 1)[1]
        assert components[name]["additionalProperties"] is False, (method, path, name)


def validator(schema, component: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    )


def profile(*months) -> dict:
    return {"months": list(months)}


def month(name="2027-01", **gases) -> dict:
    return {"month": name, "gases": gases or {"CO2": "4000"}}


GOOD = [
    profile(month()),
    profile(month(CO2="60000.5", CH4="10"), month("2027-02", SF6="0.000001")),
    {"gwp_set": "AR5", **profile(month("2030-06", NF3="1"))},
]
REFUSED = {
    "an empty profile": profile(),
    "no months at all": {},
    "a month with no gases": profile({"month": "2027-01", "gases": {}}),
    "an unknown gas": profile(month(XYZ="1")),
    "a group of gases, not a species": profile(month(HFCs="1")),
    "an unknown field": {**profile(month()), "extra": 1},
    "an unknown field in a month": profile({**month(), "note": "x"}),
    "negative tonnes": profile(month(CO2="-1")),
    "tonnes with too many decimal places": profile(month(CO2="1.1234567")),
    "tonnes with too many digits": profile(month(CO2="1" + "0" * 12)),
    "tonnes in words": profile(month(CO2="lots")),
    "a month not YYYY-MM": profile(month("2027-13")),
    "an unknown GWP set": {"gwp_set": "AR9", **profile(month())},
    "more months than the bound": profile(
        *(month(f"{1990 + i // 12}-{i % 12 + 1:02d}") for i in range(bounds.MAX_PROFILE_MONTHS + 1))
    ),
}


@pytest.mark.parametrize("payload", GOOD)
def test_a_good_screening_request_fits_the_schema_and_the_server_answers_it(schema, payload):
    assert not list(validator(schema, "ScreeningRequest").iter_errors(payload))
    assert APIClient().post(f"{API}/screening", payload, format="json").status_code == 200


@pytest.mark.parametrize("what", REFUSED)
def test_what_the_server_refuses_the_screening_schema_refuses(schema, what):
    payload = REFUSED[what]
    assert list(validator(schema, "ScreeningRequest").iter_errors(payload)), what
    response = APIClient().post(f"{API}/screening", payload, format="json")
    assert response.status_code == 400, (what, response.content)


def test_the_screening_schema_states_the_bounds_and_the_annex_a_gases(schema):
    components = schema["components"]["schemas"]
    months = components["ScreeningRequest"]["properties"]["months"]
    assert (months["minItems"], months["maxItems"]) == (1, bounds.MAX_PROFILE_MONTHS)
    gases = components["MonthEmissions"]["properties"]["gases"]
    assert set(gases["properties"]) == {species.name for species in statute.SPECIES}
    assert gases["additionalProperties"] is False
    assert gases["minProperties"] == 1
    tonnes = gases["properties"]["CO2"]
    assert (tonnes["type"], tonnes["format"]) == ("string", "decimal")
    assert re.fullmatch(tonnes["pattern"].strip("^$"), "4000.5")
    assert not re.fullmatch(tonnes["pattern"].strip("^$"), "-1")


def test_dates_in_requests_and_queries_have_their_format(schema):
    components = schema["components"]["schemas"]
    publish = components["PublishForCommentPayload"]["properties"]
    assert publish["gazette_date"]["format"] == "date"
    assert components["DirectionInput"]["properties"]["due_on"]["format"] == "date"
    query = schema["paths"]["/api/v1/rules/comment-period"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("format") for p in query} == {"gazette": "date"}
