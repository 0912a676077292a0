"""API tokens: expire, are listed and revoked by their owner, and stop working when the password changes
(greenhouse_office.accounts.tokens)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from greenhouse_office import clock
from greenhouse_office.accounts import tokens
from greenhouse_office.models import ApiToken

pytestmark = pytest.mark.django_db
PASSWORD = "greenhouse-demo"


def _proponent():
    return get_user_model().objects.get(username="proponent")


def _api(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _obtain(username="proponent", **extra) -> dict:
    response = APIClient().post("/api/v1/auth/token", {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_token_from_the_endpoint_works_expires_and_says_so(demo_data, settings, time_machine):
    time_machine.move_to("2026-12-01 09:00:00+11:00", tick=False)
    body = _obtain(name="Upload script")
    token = ApiToken.objects.get(prefix=body["token"][:8])
    assert token.name == "Upload script" and token.key_hash != body["token"]  # only a hash is kept
    assert token.expires_at == clock.legal_now() + timedelta(days=settings.GREENHOUSE_API_TOKEN_DAYS)
    assert _api(body["token"]).get("/api/v1/applications").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at == clock.legal_now()

    time_machine.move_to(token.expires_at + timedelta(seconds=1), tick=False)
    refused = _api(body["token"]).get("/api/v1/applications")
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]


def test_the_owner_lists_issues_and_revokes_tokens_on_the_page(client, demo_data):
    proponent = _proponent()
    client.force_login(proponent)
    issued = client.post("/accounts/api-tokens/", {"name": "Monthly upload"})
    html = issued.content.decode()
    token = ApiToken.objects.get(user=proponent, name="Monthly upload")
    key = html.split('<p class="secret" id="new-token">')[1].split("</p>")[0]
    assert key.startswith(token.prefix) and "shown only this once" in html
    assert _api(key).get("/api/v1/applications").status_code == 200
    listed = client.get("/accounts/api-tokens/").content.decode()
    assert "Monthly upload" in listed and "Active" in listed and key not in listed

    response = client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert "Revoked: Revoked by its owner." in client.get("/accounts/api-tokens/").content.decode()
    refused = _api(key).get("/api/v1/applications")
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_a_name_is_needed_to_issue_a_token(client, demo_data):
    client.force_login(_proponent())
    response = client.post("/accounts/api-tokens/", {"name": ""})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert not ApiToken.objects.filter(user=_proponent()).exists()


def test_another_persons_token_cannot_be_seen_or_revoked(client, demo_data):
    issued = tokens.issue_token(user=_proponent(), name="Mine")
    client.force_login(get_user_model().objects.get(username="proponent2"))
    assert "Mine" not in client.get("/accounts/api-tokens/").content.decode()
    assert client.post(f"/accounts/api-tokens/{issued.token.pk}/revoke/").status_code == 404
    assert _api(issued.key).get("/api/v1/applications").status_code == 200


def test_changing_the_password_on_the_account_page_revokes_every_token(client, demo_data):
    proponent = _proponent()
    issued = [tokens.issue_token(user=proponent, name=f"Script {n}") for n in range(2)]
    client.force_login(proponent)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another long passphrase",
            "password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    for each in issued:
        assert _api(each.key).get("/api/v1/applications").status_code == 401
    assert set(ApiToken.objects.filter(user=proponent).values_list("revoked_because", flat=True)) == {
        tokens.PASSWORD_CHANGED
    }


def test_a_password_changed_any_other_way_voids_the_tokens_too(demo_data):
    proponent = _proponent()
    issued = tokens.issue_token(user=proponent, name="Script")
    proponent.set_password("set in the admin or by changepassword")
    proponent.save()
    refused = _api(issued.key).get("/api/v1/applications")
    assert refused.status_code == 401 and "password was changed" in refused.json()["detail"]
    assert tokens.status_of(ApiToken.objects.get(pk=issued.token.pk)) == f"Revoked: {tokens.PASSWORD_CHANGED}"


def test_an_unknown_key_is_refused(demo_data):
    refused = _api("not-a-key").get("/api/v1/applications")
    assert refused.status_code == 401 and refused.json()["detail"] == "Invalid token."
