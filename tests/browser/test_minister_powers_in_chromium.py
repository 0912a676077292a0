"""The Minister's powers in a real browser, without JavaScript: the Minister gives a direction (s35).
(Withholding a document (s42) is walked in test_minister_in_chromium.py, issue 12's acceptance walk.)
axe-core finds no WCAG 2.2 A/AA violation on the directions, the direction form and the withhold page,
each also with its errors shown."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assessments import services
from greenhouse_office import statute
from tests.assessments import conftest as assessments_conftest
from tests.assessments.decision_support import decided_with_comments

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_s35_the_minister_gives_a_direction_and_it_is_listed(page, live_server, people):
    organisation = people.proponent.organisation
    due = statute.legal_today() + timedelta(days=90)

    sign_in(page, live_server, "minister", next_url="/minister/")
    page.get_by_role("link", name="Your directions (section 35)").click()
    page.get_by_role("link", name="Give a direction").click()
    page.get_by_label("The person directed").select_option(label=organisation.name)
    page.get_by_label("The action to be assessed").fill("A fourth cement kiln at Geelong.")
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Give the direction").click()
    expect(page.locator("main")).to_contain_text(f"Direction given to {organisation.name} under section 35")
    expect(page.get_by_role("table")).to_contain_text("A fourth cement kiln at Geelong.")
    expect(page.get_by_role("table")).to_contain_text("Outstanding: no application lodged yet")


def test_the_powers_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, make_application, people):
    application, _ = decided_with_comments(make_application, people)
    services.direct_assessment(  # so the list has a row
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="A fourth kiln.",
        due_on=statute.legal_today() + timedelta(days=30),
    )
    sign_in(js_page, live_server, "minister", next_url="/minister/")
    found = {}

    def check(label):
        violations = axe_violations(js_page)
        if violations:
            found[label] = violations

    for path in (
        "/minister/directions/",
        "/minister/directions/new/",
        f"/minister/applications/{application.pk}/withhold/",
    ):
        js_page.goto(live_server.url + path)
        check(path)
    js_page.goto(f"{live_server.url}/minister/directions/new/")
    js_page.get_by_role("button", name="Give the direction").click()
    expect(js_page.locator("main")).to_contain_text("There is a problem")
    check("direction, refused")
    js_page.goto(f"{live_server.url}/minister/applications/{application.pk}/withhold/")
    js_page.get_by_role("button", name="Withhold it from the public registers").click()
    expect(js_page.locator("main")).to_contain_text("There is a problem")
    check("withhold, refused")
    js_page.get_by_role("radio", name="The Office's advice to the Minister (s34)", exact=True).check()
    js_page.get_by_role("radio", name="s42(2): the Minister believes").check()
    js_page.get_by_label("Your reasons for the determination").fill("The advice names a witness.")
    js_page.get_by_role("button", name="Withhold it from the public registers").click()
    expect(js_page.get_by_role("table")).to_contain_text("Withheld under s42(2)")
    expect(js_page.get_by_role("table")).to_contain_text("The advice names a witness.")
    check("withhold, listed")
    assert found == {}
