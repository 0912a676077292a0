"""Signing in as a person does: the sign-in page, then the authenticator code where the account has one."""

from django.conf import settings

from greenhouse_office.accounts.mfa import current_code

LOGIN = "/accounts/login/"
CODE = "/accounts/2fa/authenticate/"


def sign_in(client, user, password: str | None = None, *, next_url: str = ""):
    """Sign ``user`` in through the pages; returns the last response (a redirect where it succeeded)."""
    password = password or settings.DEMO_PASSWORD
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(url, {"login": user.username, "password": password})
    if response.status_code == 302 and response["Location"].startswith(CODE):
        response = client.post(CODE, {"code": current_code(user)})
    return response
