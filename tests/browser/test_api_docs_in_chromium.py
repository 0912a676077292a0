"""The API's documentation pages, Swagger UI (/api/docs/) and ReDoc (/api/redoc/), in headless Chromium
with JavaScript on and the site's Content-Security-Policy enforced: once each has rendered the schema,
axe-core finds no WCAG 2.0-2.2 A/AA violation (greenhouse_office.views.api_docs and its templates, whose
colours are darkened where the applications' own fall short), nor in Swagger UI's Authorize dialog or an
operation's request body (static/js/swagger_ui_accessibility.js)."""

import re

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


def test_swagger_ui_authorize_dialog_has_no_wcag_violations_and_closes_from_the_keyboard(
    js_page, live_server
):
    """static/js/swagger_ui_accessibility.js: a modal dialog named by its heading, a named close
    button, each scheme's "Value:" label on its own input, buttons named by their words."""
    js_page.goto(live_server.url + "/api/docs/")
    authorize = js_page.locator(".swagger-ui .auth-wrapper .btn.authorize")
    authorize.click()
    dialog = js_page.get_by_role("dialog", name="Available authorizations")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("aria-modal", "true")
    token = dialog.locator(".auth-container", has_text="tokenAuth")
    expect(token.get_by_label("Value:")).to_have_count(1)
    expect(dialog.get_by_label("Value:")).to_have_count(2)  # one input per scheme, not both the first
    assert axe_violations(js_page) == []

    token.get_by_label("Value:").fill("Token 0123456789abcdef")
    token.get_by_role("button", name="Authorize tokenAuth").click()
    expect(token.get_by_role("button", name="Logout tokenAuth")).to_be_visible()
    assert axe_violations(js_page) == []

    # Tab goes round the dialog to its close button, and Enter on it closes the dialog.
    close = dialog.locator(".close-modal")
    expect(close).to_have_accessible_name("Close")
    for _ in range(12):
        js_page.keyboard.press("Tab")
        if close.evaluate("button => button === document.activeElement"):
            break
    expect(close).to_be_focused()
    js_page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(authorize).to_be_focused()  # the focus goes back to what opened the dialog


# Each colour in Swagger UI's highlighted code against its box's background: axe checks only the text
# in view, not what is scrolled out of the 400px box.
LOWEST_CODE_CONTRAST = """() => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratios = [...document.querySelectorAll('pre.microlight')].flatMap((box) => {
    const background = luminance(getComputedStyle(box).backgroundColor);
    return [...box.querySelectorAll('span')].map((token) => {
      const [high, low] = [luminance(getComputedStyle(token).color), background].sort((a, b) => b - a);
      return (high + 0.05) / (low + 0.05);
    });
  });
  return Math.min(...ratios);
}"""


def test_swagger_ui_request_body_editor_has_no_wcag_violations(js_page, live_server):
    js_page.goto(live_server.url + "/api/docs/")
    operation = js_page.locator("#operations-assessments-v1_applications_create")
    operation.locator(".opblock-summary-control").click()
    expect(operation.locator(".body-param__example")).to_be_visible()
    assert js_page.evaluate(LOWEST_CODE_CONTRAST) >= 4.5  # numbers were 3.45:1
    assert axe_violations(js_page) == []

    operation.get_by_role("button", name="Try it out").click()
    editor = operation.get_by_role("textbox", name="Request body")
    expect(editor).to_be_visible()
    expect(editor).to_have_value(re.compile(r'"title": "string"'))
    assert axe_violations(js_page) == []

    body = operation.locator(".opblock-section-request-body")
    body.get_by_role("tab", name="Schema").click()
    expect(body.locator(".model-box")).to_be_visible()
    assert axe_violations(js_page) == []

    body.get_by_role("tab", name="Edit Value").click()
    operation.get_by_role("button", name="Execute").click()  # signed out: 401, shown with its body
    expect(operation.locator(".live-responses-table tbody .response-col_status")).to_contain_text("401")
    expect(operation.get_by_role("button", name="Download")).to_be_visible()
    assert axe_violations(js_page) == []


def test_redoc_has_no_wcag_violations(js_page, live_server):
    js_page.goto(live_server.url + "/api/redoc/")
    expect(js_page.locator("h1").first).to_contain_text("Greenhouse Office API")
    expect(js_page.get_by_text("s31: a proponent starts an application (a draft)").first).to_be_attached()
    assert js_page.locator("html").get_attribute("lang") == "en-AU"
    assert axe_violations(js_page) == []
