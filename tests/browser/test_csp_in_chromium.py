"""The Content-Security-Policy in a real browser, enforced (no bypass): the public pages, the sign-in,
the admin, the Minister's dashboard, the portal's lodging step and the API docs load without one
violation, and their own scripts still run (the profile chart's preview, the admin's theme toggle,
Swagger UI and ReDoc). A script without the nonce is refused, and the browser's report is logged."""

import logging
import time

import pytest
from playwright.sync_api import expect

from assessments.models import IndependentAuditor, State
from tests.assessments import conftest as assessments_conftest

from .conftest import sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# Each document records the violations it sees; read before the page moves on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


class Watch:
    """A JavaScript page whose policy is enforced, and every violation it meets: each console line
    "Refused to ..." (Chromium's words for a blocked script, style, image, frame or form) and each
    ``securitypolicyviolation`` event, by page."""

    def __init__(self, chromium):
        self.context = chromium.new_context(java_script_enabled=True)  # bypass_csp stays off
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.refused = []
        self.page.on(
            "console",
            lambda message: (
                self.refused.append(f"{self.page.url}: {message.text}")
                if "Content Security Policy" in message.text or message.text.startswith("Refused to")
                else None
            ),
        )
        self.events = {}

    def visit(self, url: str):
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.check()

    def check(self):
        events = self.page.evaluate("() => window.__cspViolations || []")
        if events:
            self.events[self.page.url] = events

    def close(self):
        self.context.close()


@pytest.fixture
def watch(chromium):
    watch = Watch(chromium)
    yield watch
    watch.close()


def test_the_pages_load_under_the_policy_without_a_violation_and_their_scripts_run(
    watch, live_server, make_application
):
    page, url = watch.page, live_server.url
    open_application = make_application(State.OPEN_FOR_COMMENT)
    draft = make_application(State.DRAFT)

    for path in (
        "/",
        "/assessments/",
        f"/assessments/{open_application.reference}/",
        "/plans/",
        "/screening/",
    ):
        watch.visit(url + path)
        expect(page.locator("h1")).to_be_visible()
    watch.visit(url + "/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    # Swagger UI and ReDoc run from our static files and render the schema.
    watch.visit(url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Greenhouse Office API")
    expect(page.locator(".opblock").first).to_be_visible()
    watch.check()
    watch.visit(url + "/api/redoc/")
    expect(page.get_by_role("heading", name="Greenhouse Office API")).to_be_visible()
    # Its one violation, by choice: the "powered by Redocly" image stays on cdn.redoc.ly, unloaded.
    page.wait_for_function("() => window.__cspViolations.length > 0")
    watch.check()
    assert watch.events.pop(page.url) == [f"img-src blocked {REDOC_LOGO}"]
    [logo] = [line for line in watch.refused if REDOC_LOGO in line]
    watch.refused.remove(logo)

    # The portal: the lodging step's chart script redraws the preview from the typed months.
    sign_in(page, live_server, "proponent")
    watch.check()
    watch.visit(f"{url}/portal/applications/{draft.pk}/lodging/profile/")
    page.locator("#typed-months td.num input").first.fill("900000")
    expect(page.locator("#profile-chart-preview")).to_contain_text("Preview of the typed months")
    watch.check()

    # The admin (its JavaScript files, our pages' nonced styles) as Office staff, signed in with TOTP.
    sign_in(page, live_server, "officer", next_url="/")
    watch.check()
    watch.visit(url + "/admin/")
    page.get_by_role("link", name="Today: what falls due").click()
    expect(page.get_by_role("heading", name="Evaluations due this week or overdue")).to_be_visible()
    watch.check()
    auditor = IndependentAuditor.objects.first()
    watch.visit(f"{url}/admin/assessments/independentauditor/{auditor.pk}/change/")
    theme = page.locator("html").get_attribute("data-theme")
    page.locator("button.theme-toggle").first.click()  # admin/js/theme.js
    expect(page.locator("html")).not_to_have_attribute("data-theme", theme or "")
    watch.check()

    # The Minister's dashboard.
    sign_in(page, live_server, "minister", next_url="/minister/")
    watch.check()
    expect(page.locator("h1")).to_be_visible()

    assert watch.refused == []
    assert watch.events == {}


def test_a_script_without_the_nonce_is_refused_and_reported(watch, live_server, caplog):
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.csp"):
        watch.visit(live_server.url + "/api/docs/")
        watch.page.evaluate(
            """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
                       document.body.append(s); }"""
        )
        assert watch.page.evaluate("() => window.__ran === true") is False
        watch.check()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not [
            r for r in caplog.records if r.name == "greenhouse_office.csp"
        ]:
            time.sleep(0.1)
    assert watch.events == {f"{live_server.url}/api/docs/": ["script-src-elem blocked inline"]}
    assert any("inline script" in line for line in watch.refused), watch.refused
    [record] = [r for r in caplog.records if r.name == "greenhouse_office.csp"]
    assert f"document-uri={live_server.url}/api/docs/" in record.getMessage()
    assert "violated-directive=script-src-elem blocked-uri=inline" in record.getMessage()
