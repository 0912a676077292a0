"""Clients and payloads for the assessments API tests."""

from datetime import date

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from greenhouse_office.accounts.mfa import current_code, totp_of

from .conftest import PDF, PROFILE, publication

PASSWORD = "greenhouse-demo"
API = "/api/v1"


def client_as(user=None) -> APIClient:
    """A client authenticated as ``user`` without a token (unit tests); anonymous if None."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def signed_in(username: str) -> APIClient:
    """A client that obtained a real token from /api/v1/auth/token and sends it on every request."""
    client = APIClient()
    credentials = {"username": username, "password": PASSWORD}
    user = get_user_model().objects.get(username=username)
    if totp_of(user) is not None:
        credentials["otp"] = current_code(user)
    response = client.post(f"{API}/auth/token", credentials, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def application_payload(**overrides) -> dict:
    return {
        "title": "Geelong kiln 3 expansion",
        "description": "A third cement kiln.",
        "location_state": "VIC",
        "affected_states": ["VIC", "NSW"],
        "limb": "emissions",
        "gwp_set": "SAR",
        "emission_profile": PROFILE,
        **overrides,
    }


def as_json(value):
    """Dates as ISO text, recursively, so service-shaped payloads can be posted as JSON."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def publication_payload(**overrides) -> dict:
    return as_json(publication(**overrides))


def decision_payload(**overrides) -> dict:
    return {
        "advice_considered": True,
        "no_prudent_or_feasible_alternative": True,
        "targets_not_prevented": True,
        "reasons": "No prudent or feasible alternative; targets not prevented.",
        **overrides,
    }


def transition(client: APIClient, application_id: int, name: str, payload: dict | None = None):
    return client.post(
        f"{API}/applications/{application_id}/transitions/{name}", payload or {}, format="json"
    )


__all__ = ["PDF", "PROFILE"]
