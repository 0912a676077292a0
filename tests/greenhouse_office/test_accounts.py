"""Accounts on django-allauth: sign-up with a verified email, TOTP for the Office and the Minister,
the admin's login through the site's, and one lockout for every way in (greenhouse_office.accounts)."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

from greenhouse_office import access
from greenhouse_office.accounts import mfa, tokens
from greenhouse_office.accounts.adapter import lockout_minutes
from greenhouse_office.accounts.mfa import current_code
from greenhouse_office.models import Email
from greenhouse_office.roles import Role
from tests.factories import UserFactory
from tests.session_queries import session_queries
from tests.sign_in import CODE, LOGIN, sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "greenhouse-demo"
WRONG = "not-the-password"
TOKEN = "/api/v1/auth/token"


def _user(username):
    return get_user_model().objects.get(username=username)


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- Sign-up -------------------------------------------------------------------------------------


def test_sign_up_sends_a_verification_email_and_its_link_signs_the_person_in(client, demo_data):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "Rosa.Diaz@Example.com",
            "username": "rosa",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    rosa = _user("rosa")
    assert not EmailAddress.objects.get(user=rosa).verified
    assert "_auth_user_id" not in client.session  # not before the email is verified
    [message] = mail.outbox
    assert message.to == ["rosa.diaz@example.com"] and message.subject.startswith("Greenhouse Office: ")

    confirm = client.get(_link(message))
    assert confirm.status_code == 200 and b"Confirm" in confirm.content
    response = client.post(_link(message))
    assert EmailAddress.objects.get(user=rosa).verified
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.session["_auth_user_id"] == str(rosa.pk)


def test_a_person_whose_email_is_not_verified_cannot_sign_in_and_is_sent_the_link_again(client, demo_data):
    person = UserFactory(email="unverified@example.com")
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    response = client.post(LOGIN, {"login": person.username, "password": "factory-password"})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [["unverified@example.com"]]


def test_the_sign_in_page_is_styled_as_the_site_with_labelled_fields(client, demo_data):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="en-AU">' in html and 'class="site-header"' in html
    assert '<label for="id_login">Username or email address</label>' in html
    assert 'autocomplete="current-password"' in html and 'class="button"' in html

    refused = client.post(LOGIN, {"login": "officer", "password": WRONG}).content.decode()
    assert 'class="error-summary"' in refused and "There is a problem" in refused


def test_a_password_reset_email_resets_the_password(client, demo_data):
    client.post("/accounts/password/reset/", {"email": "proponent@example.com"})
    [message] = mail.outbox
    form = client.get(_link(message), follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else _link(message),
        {"password1": "a new and long passphrase", "password2": "a new and long passphrase"},
    )
    assert response.status_code == 302
    assert _user("proponent").check_password("a new and long passphrase")


# --- Two-factor authentication ---------------------------------------------------------------


def test_s_office_staff_give_their_authenticator_code_after_the_password(client, demo_data):
    officer = _user("officer")
    response = client.post(LOGIN, {"login": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    wrong = client.post(CODE, {"code": "000000" if current_code(officer) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert client.post(CODE, {"code": current_code(officer)}).status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.parametrize("role", [Role.OFFICE_STAFF, Role.DIRECTOR, Role.MINISTER])
def test_office_staff_the_director_and_the_minister_must_set_up_totp_first(client, demo_data, role):
    person = UserFactory(roles=[role], is_staff=role != Role.MINISTER)
    Authenticator.objects.filter(user=person).delete()
    client.force_login(person)
    for path in ("/", "/admin/", "/screening/", "/accounts/api-tokens/", "/accounts/organisation/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/", path
    assert client.get("/accounts/").status_code == 200  # their account pages stay open
    api = client.get("/api/v1/applications")
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"
    # Nor does a token issued before they held the role work.
    key = tokens.issue_token(user=person, name="Earlier").key
    by_token = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/applications")
    assert by_token.status_code == 401 and "authenticator app" in by_token.json()["detail"]


def test_a_proponent_may_use_the_system_without_totp(client, demo_data):
    client.force_login(_user("proponent"))
    assert client.get("/portal/").status_code == 200


@pytest.mark.parametrize(
    ("roles", "with_totp", "lacks"),
    [
        ([Role.OFFICE_STAFF], True, False),
        ([Role.OFFICE_STAFF], False, True),
        ([Role.MINISTER, Role.PROPONENT], False, True),
        ([Role.PROPONENT], False, False),
        ([], False, False),
    ],
)
def test_the_mfa_check_reads_roles_and_totp_in_one_query_then_roles_cost_none(
    demo_data, django_assert_num_queries, roles, with_totp, lacks
):
    person = UserFactory(roles=roles)
    if not with_totp:
        Authenticator.objects.filter(user=person).delete()
    person = get_user_model().objects.get(pk=person.pk)  # as each request loads it
    with django_assert_num_queries(1):
        assert mfa.lacks_required_mfa(person) is lacks
    with django_assert_num_queries(0):
        assert access.role_names(person) == {role.value for role in roles}
        assert mfa.lacks_required_mfa(person) is lacks


def test_a_signed_in_request_reads_the_session_the_person_and_their_roles_and_totp(
    client, demo_data, django_assert_num_queries
):
    client.force_login(_user("officer"))
    client.get("/screening/")  # warm
    # The session (none where Redis holds a copy), the person, roles and TOTP in one.
    with django_assert_num_queries(session_queries() + 2):
        assert client.get("/screening/").status_code == 200


def test_the_token_endpoint_asks_for_the_code_of_an_account_with_an_authenticator(demo_data):
    officer = _user("officer")
    without = APIClient().post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json")
    assert without.status_code == 400 and "authenticator" in without.json()["otp"][0]
    code = current_code(officer)
    assert (
        APIClient().post(TOKEN, {"username": "officer", "password": PASSWORD, "otp": code}).status_code == 200
    )
    # Each code works once.
    again = APIClient().post(TOKEN, {"username": "officer", "password": PASSWORD, "otp": code})
    assert again.status_code == 400


def test_the_token_endpoint_refuses_staff_without_an_authenticator(demo_data):
    person = UserFactory(roles=[Role.OFFICE_STAFF])
    Authenticator.objects.filter(user=person).delete()
    response = APIClient().post(TOKEN, {"username": person.username, "password": "factory-password"})
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"


# --- The admin signs in at the site's page ------------------------------------------------------


def test_the_admin_login_sends_people_to_the_sites_sign_in(client, demo_data):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    # Posting a password to the admin's own form does nothing either.
    posted = client.post("/admin/login/", {"username": "officer", "password": PASSWORD})
    assert posted.status_code == 302 and "_auth_user_id" not in client.session
    assert sign_in(client, _user("officer"), next_url="/admin/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- One lockout for every way in --------------------------------------------------------------


def _fail_at_sign_in_page(client, login, times):
    for _ in range(times):
        assert client.post(LOGIN, {"login": login, "password": WRONG}).status_code == 200


def _limit(settings) -> int:
    key_rate = next(
        rate for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",") if rate.endswith("/key")
    )
    return int(key_rate.split("/")[0])


@pytest.mark.parametrize("failed_at", ["sign-in page", "token endpoint"])
def test_an_account_is_locked_at_every_login_path_while_another_from_the_same_address_signs_in(
    client, demo_data, settings, failed_at
):
    if failed_at == "sign-in page":
        # By username and by email: both name the same account.
        _fail_at_sign_in_page(client, "proponent", _limit(settings) - 1)
        _fail_at_sign_in_page(client, "proponent@example.com", 1)
    else:
        for _ in range(_limit(settings)):
            assert APIClient().post(TOKEN, {"username": "proponent", "password": WRONG}).status_code == 400

    # The right password is refused now, wherever it is given.
    page = client.post(LOGIN, {"login": "proponent", "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert f"Try again in {lockout_minutes()} minutes" in page.content.decode()
    assert client.post(LOGIN, {"login": "PROPONENT@example.com", "password": PASSWORD}).status_code == 200
    api = APIClient().post(TOKEN, {"username": "proponent", "password": PASSWORD})
    assert api.status_code == 429 and api.json()["code"] == "locked_out"
    admin_login = client.get("/admin/login/")
    assert admin_login["Location"].startswith(LOGIN)  # the admin has no password form of its own

    # Another account, from the same address, signs in at every path.
    assert APIClient().post(TOKEN, {"username": "proponent2", "password": PASSWORD}).status_code == 200
    assert sign_in(client, _user("proponent2"))["Location"] == "/"
    client.logout()
    assert sign_in(client, _user("director"), next_url="/admin/")["Location"] == "/admin/"


def test_the_lockout_ends_after_its_period(client, demo_data, settings, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+11:00", tick=False)
    _fail_at_sign_in_page(client, "proponent", _limit(settings))
    assert client.post(LOGIN, {"login": "proponent", "password": PASSWORD}).status_code == 200
    time_machine.move_to(f"2026-12-01 10:{lockout_minutes() + 1:02d}:00+11:00", tick=False)
    assert sign_in(client, _user("proponent"))["Location"] == "/"


def test_an_invited_person_signs_up_verifies_and_comes_back_to_accept_the_invitation(client, demo_data):
    from greenhouse_office import organisations

    proponent = _user("proponent")
    invitation = organisations.invite_member(
        organisation=proponent.organisation, by=proponent, email="newcomer@example.com"
    )
    mail.outbox.clear()
    [invited] = [e for e in Email.objects.filter(to="newcomer@example.com")]
    accept = urlsplit(re.search(r"https?://\S+/invitations/\S+/", invited.body).group(0)).path
    signup = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', client.get(accept).content.decode()).group(
        1
    )
    response = client.post(
        signup.replace("&amp;", "&"),
        {
            "email": "newcomer@example.com",
            "username": "newcomer",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302
    [verification] = mail.outbox
    response = client.post(_link(verification))
    assert response.status_code == 302 and response["Location"] == accept
    client.post(accept)
    newcomer = _user("newcomer")
    assert newcomer.organisation == proponent.organisation
    assert invitation.organisation == proponent.organisation
