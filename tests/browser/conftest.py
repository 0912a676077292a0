"""Headless Chromium (Debian's, driven by Playwright) against the live test server."""

import os
import time

import pytest

from tests.conftest import CHROMIUM

# Playwright's sync API runs an event loop in this thread; the live server's ORM use is still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(java_script_enabled=False)  # the pages must work without JS
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def js_page(chromium):
    """A page with JavaScript on: only for running axe-core over pages that themselves need none."""
    context = chromium.new_context(java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page now (tests/browser/node)."""
    from tests.conftest import AXE, require_service

    require_service("axe")  # a test need not be marked "axe" to be skipped (or fail in CI) without it
    # Evaluated by Playwright (as DevTools runs a script), not added as a <script> element: the page's
    # Content-Security-Policy lets no script without its nonce run, and stays on while axe checks it.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})
              .then(results => results.violations.map(v => ({id: v.id, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' '))})))"""
    )


def sign_in(page, live_server, username="auditor", *, next_url="/portal/", password=None):
    """Sign in through the pages as a person does: username and password, then the authenticator's
    code where the account has one (Office staff, the Director and the Minister)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from greenhouse_office.accounts.mfa import totp_of

    page.context.clear_cookies()  # whoever was signed in before is not
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(password or settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    user = get_user_model().objects.get(username=username)
    if totp_of(user) is not None:
        expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
        page.get_by_label("Code from your authenticator app").fill(_code_not_about_to_expire(user))
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()


def _code_not_about_to_expire(user) -> str:
    """The authenticator's current code, taken at least 3 seconds before its 30-second period ends: on
    a busy machine a code typed in the last moment is checked in the next period and refused, and the
    period's boundary is not what these tests are about."""
    from allauth.mfa import app_settings

    from greenhouse_office.accounts.mfa import current_code

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    return current_code(user)


SIGN_UP_PASSPHRASE = "kiln emissions are measured monthly"


def sign_up(page, live_server, *, email="rosa.diaz@example.com", username="rosa") -> None:
    """Sign up, then follow the link in the verification email (read from the test outbox) and confirm
    it: signed in after."""
    import re

    from django.core import mail
    from playwright.sync_api import expect

    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(SIGN_UP_PASSPHRASE)
    page.get_by_label("Password (again)").fill(SIGN_UP_PASSPHRASE)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    [message] = [m for m in mail.outbox if m.to == [email]]
    page.goto(re.search(r"https?://\S+", message.body).group(0))
    page.get_by_role("button", name="Confirm").click()


def create_organisation(page, name: str, abn: str) -> None:
    """A new person, sent to create their organisation, creates a body corporate and administers it."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Create your organisation")).to_be_visible()
    page.get_by_role("radio", name="A body corporate (a company").check()
    page.get_by_label("Legal name").fill(name)
    page.get_by_label("ABN").fill(abn)
    page.get_by_role("button", name="Create the organisation").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
