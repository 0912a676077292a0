"""Accounts in a real browser: a person signs up, verifies their email from the link in the email, and
creates their organisation, without JavaScript; axe-core finds no WCAG 2.2 A/AA violation on the
account pages (allauth's, styled as the site's, and ours)."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, create_organisation, sign_in, sign_up

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_a_person_signs_up_verifies_their_email_and_creates_their_organisation(page, live_server, demo_data):
    sign_up(page, live_server)
    # A new person with no organisation is asked to create one (or to be invited).
    create_organisation(page, "Diaz Lime Pty Ltd", "51 824 753 556")
    page.get_by_role("link", name="Portal").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()


def test_a_bad_sign_up_is_explained_at_the_top_and_at_each_field(page, live_server, demo_data):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_label("Username").fill("someone")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("short")
    page.get_by_role("button", name="Sign up").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a valid email address")
    expect(summary).to_contain_text("This password is too short")
    summary.get_by_role("link").first.click()
    assert page.title().startswith("Error: ")


def test_every_account_page_has_no_wcag_2_2_aa_violations(js_page, live_server, demo_data):
    found = {}
    for name, path in {
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "password reset": "/accounts/password/reset/",
        "confirm email (bad link)": "/accounts/confirm-email/not-a-key/",
    }.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    js_page.goto(live_server.url + "/accounts/login/")
    js_page.get_by_role("button", name="Sign in").click()
    found["sign in with errors"] = axe_violations(js_page)

    js_page.goto(live_server.url + "/accounts/login/")
    js_page.get_by_label("Username or email address").fill("officer")
    js_page.get_by_label("Password").fill("greenhouse-demo")
    js_page.get_by_role("button", name="Sign in").click()
    expect(js_page.get_by_label("Code from your authenticator app")).to_be_visible()
    found["authenticator code"] = axe_violations(js_page)

    sign_in(js_page, live_server, "proponent", next_url="/accounts/")
    for name, path in {
        "account": "/accounts/",
        "email addresses": "/accounts/email/",
        "password": "/accounts/password/change/",
        "two-factor": "/accounts/2fa/",
        "api tokens": "/accounts/api-tokens/",
        "reauthenticate": "/accounts/reauthenticate/",
    }.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    js_page.goto(live_server.url + "/accounts/api-tokens/")
    js_page.get_by_label("What is the token for?").fill("Upload script")
    js_page.get_by_role("button", name="Issue the token").click()
    expect(js_page.get_by_role("heading", name="Your new token")).to_be_visible()
    found["api token issued"] = axe_violations(js_page)
    js_page.goto(live_server.url + "/accounts/reauthenticate/")
    js_page.get_by_label("Password").fill("greenhouse-demo")
    js_page.get_by_role("button", name="Confirm").click()
    js_page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    expect(js_page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    found["set up authenticator"] = axe_violations(js_page)
    js_page.goto(live_server.url + "/accounts/logout/")
    found["sign out"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, []), found
