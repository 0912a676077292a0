"""The API's documentation pages, Swagger UI (/api/docs/) and ReDoc (/api/redoc/), in headless Chromium
with JavaScript on and the site's Content-Security-Policy enforced: once each has rendered the schema,
axe-core finds no WCAG 2.0-2.2 A/AA violation (greenhouse_office.views.api_docs and its templates, whose
colours are darkened where the applications' own fall short)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.services("chromium", "axe"), pytest.mark.django_db]


def test_swagger_ui_has_no_wcag_violations_rendered_and_with_an_operation_open(js_page, live_server):
    js_page.goto(live_server.url + "/api/docs/")
    expect(js_page.locator(".swagger-ui .info .title")).to_contain_text("Greenhouse Office API")
    operation = js_page.locator("#operations-assessments-v1_applications_list")
    expect(operation).to_be_visible()
    # No deep link inside an operation's button (SWAGGER_UI_SETTINGS): a link in a button is axe's
    # nested-interactive, and its 19px height fails target-size.
    expect(js_page.locator(".opblock-summary-control a[href]")).to_have_count(0)
    assert axe_violations(js_page) == []

    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    expect(operation.get_by_role("button", name="Execute")).to_be_visible()
    assert axe_violations(js_page) == []


def test_redoc_has_no_wcag_violations(js_page, live_server):
    js_page.goto(live_server.url + "/api/redoc/")
    expect(js_page.locator("h1").first).to_contain_text("Greenhouse Office API")
    expect(js_page.get_by_text("s31: a proponent starts an application (a draft)").first).to_be_attached()
    assert js_page.locator("html").get_attribute("lang") == "en-AU"
    assert axe_violations(js_page) == []
