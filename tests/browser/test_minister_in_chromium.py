"""The Minister's dashboard in a real browser, without JavaScript: the Minister signs in with TOTP,
opens the queue, reads the advice, approves one application and refuses another; the public register
of decisions shows both. axe-core finds no WCAG 2.2 A/AA violation on the queue, the decision page,
the decision form and the confirmation."""

import pytest
from playwright.sync_api import expect

from assessments.models import State
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def _decide(page, application, *, approve: bool, reasons: str):
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.title)
    expect(page.locator("main")).to_contain_text("Approve with conditions.")  # the Office's advice
    expect(
        page.get_by_role("link", name="Download the advice with its report on the comments")
    ).to_be_visible()
    page.get_by_role("link", name="Approve the action" if approve else "Refuse the action").click()
    if approve:
        page.get_by_label("I have considered the advice of the Greenhouse Office").check()
        page.get_by_label("no prudent or feasible alternative to the action").check()
        page.get_by_label("will not prevent Australia from achieving targets").check()
    page.get_by_label("Reasons for the decision").fill(reasons)
    page.get_by_role("button", name="Approve the action" if approve else "Refuse the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You approved the action" if approve else "You refused the action"
    )
    expect(page.get_by_role("link", name="Download the decision (section 30, PDF)")).to_be_visible()
    page.get_by_role("link", name="Back to the applications awaiting your decision").click()


def test_the_minister_approves_one_and_refuses_another(page, live_server, make_application, people):
    kiln = make_application(State.ADVICE_GIVEN, title="Geelong kiln 3 expansion")
    furnace = make_application(State.ADVICE_GIVEN, title="Port Kembla furnace")

    sign_in(page, live_server, "minister", next_url="/")
    page.get_by_role("link", name="Minister's dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Applications awaiting your decision")
    expect(page.get_by_role("table")).to_contain_text(kiln.title)
    expect(page.get_by_role("table")).to_contain_text("Advice given today")

    # Approving without the s30(c) finding is refused in the Act's words.
    page.get_by_role("link", name=kiln.reference).click()
    page.get_by_role("link", name="Approve the action").click()
    page.get_by_label("I have considered the advice of the Greenhouse Office").check()
    page.get_by_label("Reasons for the decision").fill("Approve.")
    page.get_by_role("button", name="Approve the action").click()
    expect(page.locator("main")).to_contain_text("s30(c): the Minister may approve only if satisfied")
    page.get_by_role("link", name=f"Back to {kiln.reference}").click()
    page.get_by_role("link", name="Back to the applications awaiting your decision").click()

    _decide(page, kiln, approve=True, reasons="No prudent or feasible alternative to the third kiln.")
    _decide(page, furnace, approve=False, reasons="A lower-emission furnace is feasible.")
    expect(page.locator("main")).to_contain_text("No application is awaiting your decision.")

    page.goto(live_server.url + "/decisions/")
    main = page.locator("main")
    expect(main).to_contain_text(kiln.title)
    expect(main).to_contain_text(furnace.title)


def test_dashboard_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, make_application, people):
    advised = make_application(State.ADVICE_GIVEN)
    decided = make_application(State.REFUSED)
    sign_in(js_page, live_server, "minister", next_url="/minister/")
    found = {}
    for path in (
        "/minister/",
        f"/minister/applications/{advised.pk}/",
        f"/minister/applications/{advised.pk}/approve/",
        f"/minister/applications/{advised.pk}/refuse/",
        f"/minister/applications/{decided.pk}/",
        f"/minister/applications/{decided.pk}/decided/",
    ):
        js_page.goto(live_server.url + path)
        violations = axe_violations(js_page)
        if violations:
            found[path] = violations
    # The decision form with the guards' refusals shown.
    js_page.goto(f"{live_server.url}/minister/applications/{advised.pk}/approve/")
    js_page.get_by_role("button", name="Approve the action").click()
    expect(js_page.locator("main")).to_contain_text("s30: give the reasons for the decision.")
    violations = axe_violations(js_page)
    if violations:
        found["approve, refused"] = violations
    assert found == {}
