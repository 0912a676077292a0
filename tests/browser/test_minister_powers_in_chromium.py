"""The Minister's powers in a real browser, without JavaScript: the Minister gives a direction (s35)
and withholds a document (s42(4)); the public assessment page shows it withheld, with its ground.
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


def test_the_minister_directs_and_withholds_a_document(page, live_server, make_application, people):
    application, _ = decided_with_comments(make_application, people)
    organisation = people.proponent.organisation
    due = statute.legal_today() + timedelta(days=90)

    sign_in(page, live_server, "minister", next_url="/minister/")
    page.get_by_role("link", name="Give a direction").click()
    page.get_by_label("The person directed").select_option(label=organisation.name)
    page.get_by_label("The action to be assessed").fill("A fourth cement kiln at Geelong.")
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Give the direction").click()
    expect(page.locator("main")).to_contain_text(f"Direction given to {organisation.name} under section 35")
    expect(page.get_by_role("table")).to_contain_text("A fourth cement kiln at Geelong.")
    expect(page.get_by_role("table")).to_contain_text("Outstanding: no application lodged yet")

    page.goto(f"{live_server.url}/minister/applications/{application.pk}/")
    page.get_by_role("link", name="Information not to be made public (section 42)").click()
    page.get_by_role("radio", name="Document: Greenhouse Impact Assessment:").check()
    page.get_by_role("radio", name="s42(4): the defence or security of the Commonwealth").check()
    page.get_by_role("button", name="Withhold it from the public registers").click()
    expect(page.locator("main")).to_contain_text("is not to be made public: Withheld under s42(4)")
    expect(page.get_by_role("table")).to_contain_text(
        "Withheld under s42(4): the defence or security of the Commonwealth"
    )

    page.goto(f"{live_server.url}/assessments/{application.reference}/")
    expect(page.locator("main")).to_contain_text(
        "Greenhouse Impact Assessment: Withheld under s42(4): the defence or security of the Commonwealth"
    )


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
    js_page.get_by_role("button", name="Withhold it from the public registers").click()
    expect(js_page.get_by_role("table")).to_contain_text("Withheld under s42(2)")
    check("withhold, listed")
    assert found == {}
