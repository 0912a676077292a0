"""The Minister's opinions (s26, s29(2)) in a real browser, without JavaScript: the Minister records
an opinion from an application's decision page and sees it in the list. axe-core finds no WCAG 2.2
A/AA violation on the list and the form, the form also with its errors shown."""

import pytest
from playwright.sync_api import expect

from assessments.services.opinions import form_opinion
from tests.assessments import conftest as assessments_conftest
from tests.assessments.decision_support import decided_with_comments

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_the_minister_records_an_opinion_and_sees_it_listed(page, live_server, make_application, people):
    application, _ = decided_with_comments(make_application, people)

    sign_in(page, live_server, "minister", next_url=f"/minister/applications/{application.pk}/")
    page.get_by_role("link", name="Record your opinion that this action inhibits the targets").click()
    expect(page.get_by_label("The application it concerns (optional)")).to_have_value(str(application.pk))
    page.get_by_label("Who takes the action").fill("Geelong Cement Pty Ltd")
    page.get_by_role("radio", name="s26(b): the action is likely to inhibit").check()
    page.get_by_label("Your reasons").fill("A third kiln locks in emissions for thirty years.")
    page.get_by_role("button", name="Record the opinion").click()

    expect(page.locator("main")).to_contain_text("recorded under s26(b)")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Geelong Cement Pty Ltd")
    expect(table).to_contain_text(application.reference)
    expect(table).to_contain_text("Awaiting the Office's follow-up")

    page.goto(f"{live_server.url}/minister/")
    page.get_by_role("link", name="Your opinions that an action inhibits the targets").click()
    expect(page.get_by_role("table")).to_contain_text("the action is likely to inhibit the achievement")


def test_the_opinion_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, people):
    form_opinion(  # so the list has a row
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="A fourth kiln.",
        commonwealth=False,
        limb="will_inhibit",
        reasons="It adds to emissions.",
    )
    sign_in(js_page, live_server, "minister", next_url="/minister/")
    found = {}

    def check(label):
        violations = axe_violations(js_page)
        if violations:
            found[label] = violations

    for path in ("/minister/opinions/", "/minister/opinions/new/"):
        js_page.goto(live_server.url + path)
        check(path)
    js_page.get_by_role("button", name="Record the opinion").click()
    expect(js_page.locator("main")).to_contain_text("There is a problem")
    check("opinion, refused")
    assert not found, found
