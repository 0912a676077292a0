"""The home page and sign-in, as a person meets them in a real browser without JavaScript."""

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_home_page_has_one_h1_landmarks_and_a_working_skip_link(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1
    assert page.locator("header nav[aria-label='Main']").count() == 1
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"


def test_every_form_field_has_a_label(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
             .filter(el => !(el.id && document.querySelector(`label[for="${el.id}"]`)))
             .map(el => el.name)"""
    )
    assert unlabelled == []


def test_officer_signs_in_and_reaches_office_administration(page, live_server, demo_data):
    sign_in(page, live_server, "officer", next_url="/")
    assert "You are signed in as" in page.locator("main").inner_text()
    page.get_by_role("link", name="Office administration").first.click()
    assert page.locator("#site-name").inner_text().strip() == "Greenhouse Office"


def test_wrong_password_is_announced(page, live_server, demo_data):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or email address").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert "There is a problem" in alert.inner_text()
