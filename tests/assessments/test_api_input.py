"""The API refuses what it does not understand: unknown fields, malformed profiles, wrong passwords."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import State

from .api_support import API, PASSWORD, client_as, publication_payload, transition
from .conftest import PROFILE, pdf

pytestmark = pytest.mark.django_db

NEEDS_CORRECTING = "Some fields need correcting."


def _refused(response, *fields, detail: str | None = NEEDS_CORRECTING) -> dict:
    """A 400 in the one error shape, with a key for each of ``fields``."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["messages"]
    assert detail is None or body["detail"] == detail
    for field in fields:
        assert body[field], field
    return body


# --- Unknown fields -------------------------------------------------------------------------


def test_a_patch_with_an_unknown_field_is_refused_naming_it_and_changes_nothing(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"title": "New title", "colour": "green"}, format="json"
    )
    body = _refused(response, "colour")
    assert body["colour"][0].startswith("Unknown field; this endpoint accepts title, description,")
    assert "direction" not in body["colour"][0]  # chosen when the application is started
    assert body["messages"] == [f"colour: {body['colour'][0]}"]
    application.refresh_from_db()
    assert application.title == "Geelong kiln 3 expansion"


def test_a_patch_may_not_move_the_application_to_another_direction(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"direction": 1}, format="json"
    )
    assert "Unknown field" in _refused(response, "direction")["direction"][0]


def test_a_transition_payload_with_an_extra_key_is_refused_and_the_act_not_done(people, make_application):
    application = make_application(State.DRAFT)
    proponent = client_as(people.proponent)
    response = transition(proponent, application.pk, "withdraw", {"reason": "No longer", "urgent": True})
    body = _refused(response, "urgent")
    assert body["urgent"] == ["Unknown field; this endpoint accepts reason, confirm."]
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_a_transition_without_a_payload_refuses_any_key(people, make_application):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    response = transition(client_as(people.proponent), application.pk, "lodge", {"note": "Please hurry"})
    assert _refused(response, "note")["note"] == ["Unknown field; this endpoint accepts no fields."]
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_unknown_keys_inside_a_nested_entry_are_named_with_their_path(people, make_application):
    application = make_application(State.EVALUATED)
    payload = publication_payload()
    payload["newspapers"][1]["colour"] = "red"
    response = transition(client_as(people.officer), application.pk, "publish_for_comment", payload)
    body = _refused(response, "newspapers")
    assert body["messages"] == [
        "newspapers[1].colour: Unknown field; each entry accepts state_or_territory, newspaper, published_on."
    ]
    application.refresh_from_db()
    assert application.state == State.EVALUATED


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (
            {**PROFILE, "units": "t"},
            "emission_profile.units: Unknown field; emission_profile accepts months.",
        ),
        (
            {"months": [{**PROFILE["months"][0], "note": "estimate"}]},
            "emission_profile.months[0].note: Unknown field; each entry accepts month, gases.",
        ),
    ],
)
def test_unknown_keys_inside_the_emission_profile_are_named(people, make_application, profile, message):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"emission_profile": profile}, format="json"
    )
    assert _refused(response, "emission_profile")["messages"] == [message]


def test_a_multipart_upload_ignores_the_form_token_but_refuses_other_keys(people, make_application):
    application = make_application(State.DRAFT)
    proponent = client_as(people.proponent)
    path = f"{API}/applications/{application.pk}/documents"
    ok = proponent.post(path, {"kind": "gia", "file": pdf(), "csrfmiddlewaretoken": "x"}, format="multipart")
    assert ok.status_code == 201, ok.content
    refused = proponent.post(path, {"kind": "gia", "file": pdf(), "colour": "red"}, format="multipart")
    assert _refused(refused, "colour")["colour"] == ["Unknown field; this endpoint accepts kind, file."]


def test_a_public_comment_with_an_unknown_field_is_refused(make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = APIClient().post(
        f"{API}/public/assessments/{application.pk}/comments",
        {"name": "A. Citizen", "email": "a@example.com", "text": "I object.", "phone": "0400 000 000"},
        format="json",
    )
    _refused(response, "phone")
    assert not application.comments.exists()


def test_the_rules_api_refuses_unknown_query_parameters_but_not_format(db):
    api = APIClient()
    refused = api.get(f"{API}/rules/comment-period", {"gazette": "2027-03-03", "gazete": "2027-03-03"})
    assert _refused(refused, "gazete")["gazete"] == ["Unknown field; this endpoint accepts gazette."]
    ok = api.get(f"{API}/rules/comment-period", {"gazette": "2027-03-03", "format": "json"})
    assert ok.status_code == 200, ok.content


def test_the_screening_api_refuses_unknown_keys_in_a_month(db):
    months = [{"month": "2027-01", "gases": {"CO2": 1}, "site": "Geelong"}]
    response = APIClient().post(f"{API}/screening", {"gwp_set": "SAR", "months": months}, format="json")
    assert _refused(response, "months")["messages"] == [
        "months[0].site: Unknown field; each entry accepts month, gases."
    ]


# --- The emission profile -------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile",
    [
        {"months": "nonsense"},
        [],
        {},
        "none",
        {"months": []},
        {"months": [{"month": "2027-01", "gases": {"CO2": "lots"}}]},
        {"months": [{"month": "2027-01", "gases": {"Unobtainium": 1}}]},
        {"months": [{"month": "2012-01", "gases": {"HFC-245fa": 1}}]},  # no GWP in SAR, in force for 2012
        {"months": [{"month": "2012-01", "gases": {"NF3": 1}}]},  # in Annex A only from 2013 (Doha)
        {"months": [{"month": "2027-01", "gases": {"CO2": 1}}, {"month": "2027-01", "gases": {"CO2": 2}}]},
    ],
)
def test_a_malformed_profile_is_400_and_the_stored_profile_is_kept(people, make_application, profile):
    application = make_application(State.DRAFT)
    screening = application.screening
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"emission_profile": profile}, format="json"
    )
    # Refused by the serializer (the path in each message) or, for a rule of the Bill, by the service.
    body = _refused(response, "emission_profile", detail=None)
    assert body["emission_profile"]
    application.refresh_from_db()
    assert application.emission_profile == PROFILE
    assert application.screening == screening is not None


def test_null_clears_the_profile_on_purpose(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"emission_profile": None}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["emission_profile"] == {}
    application.refresh_from_db()
    assert application.emission_profile == {} and application.screening is None


def test_s6_a_comparison_gwp_set_that_cannot_convert_the_profile_is_noted_not_refused(
    people, make_application
):
    # gwp_set only compares (s6, Kyoto Art 5(3)): the stored screening uses the sets in force.
    profile = {"months": [{"month": "2027-01", "gases": {"HFC-245fa": "10"}}]}
    application = make_application(State.DRAFT, gwp_set="AR4", emission_profile=profile)
    legal = {k: v for k, v in application.screening.items() if k != "comparison"}
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"gwp_set": "SAR"}, format="json"
    )
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.gwp_set == "SAR"
    assert {k: v for k, v in application.screening.items() if k != "comparison"} == legal
    assert "no global warming potential in the SAR set" in application.screening["comparison"]["refused"]


@pytest.mark.parametrize(
    "profile", [[], "", 0, False, {"months": "x"}, {"colour": "red"}, {"months": PROFILE["months"], "x": 1}]
)
def test_the_service_refuses_a_malformed_profile_rather_than_wiping_it(people, make_application, profile):
    application = make_application(State.DRAFT)
    with pytest.raises(AssessmentError) as error:
        services.update_application(
            application=application, actor=people.proponent, data={"emission_profile": profile}
        )
    assert set(error.value.field_errors) == {"emission_profile"}
    application.refresh_from_db()
    assert application.emission_profile == PROFILE


# --- Signing in -----------------------------------------------------------------------------


def _token(username, password, **extra):
    return APIClient().post(
        f"{API}/auth/token", {"username": username, "password": password, **extra}, format="json"
    )


def test_a_wrong_password_is_said_plainly(people):
    response = _token("proponent", "not-the-password")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The username or password is wrong.",
        "code": "invalid_credentials",
        "messages": ["The username or password is wrong."],
    }
    assert _token("nobody", PASSWORD).json() == response.json()  # no hint which of the two


def test_an_inactive_account_is_said_plainly_once_the_password_is_right(people):
    get_user_model().objects.filter(username="proponent").update(is_active=False)
    response = _token("proponent", PASSWORD)
    assert response.status_code == 400
    assert response.json()["code"] == "inactive_account"
    assert "inactive" in response.json()["detail"]
    assert _token("proponent", "wrong").json()["code"] == "invalid_credentials"


def test_a_token_request_with_missing_or_unknown_fields_names_them(people):
    body = _refused(_token("proponent", PASSWORD, remember="yes"), "remember")
    assert body["remember"] == ["Unknown field; this endpoint accepts username, password, otp, name."]
    missing = APIClient().post(f"{API}/auth/token", {"username": "proponent"}, format="json")
    assert _refused(missing, "password")["messages"] == ["password: This field is required."]


def test_the_token_endpoint_is_still_rate_limited(people, settings):
    # Each a different name, so no one account is locked out first (tests/greenhouse_office/test_lockout.py).
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"].split("/")[0])
    statuses = [_token(f"nobody-{attempt}", "wrong").status_code for attempt in range(allowed)]
    assert statuses == [400] * allowed
    throttled = _token("proponent", PASSWORD)
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert "Expected available in" in throttled.json()["detail"]
    assert int(throttled["Retry-After"]) > 0
