"""Part 7's admin in a real browser, as an officer: a plan begun through the add page, its change page
(the act buttons, the draft's form, versions, reviews and log), and an act's form submitted without
JavaScript; axe-core finds no WCAG 2.2 A/AA violation on each page."""

import re

import pytest
from playwright.sync_api import expect

from taskforces.models import IndustryGreenhousePlan, PlanState, SourceCategory
from tests.taskforces.conftest import PLAN_TEXT

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services("chromium", "axe"), pytest.mark.django_db(transaction=True)]


def _no_violations(page):
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["nodes"]) for v in violations]


def test_officer_begins_a_plan_and_gives_it_to_the_minister(page, js_page, live_server, demo_data):
    transport = SourceCategory.objects.get(code="1.A.3")
    sign_in(page, live_server, "officer", next_url="/")
    page.goto(f"{live_server.url}/admin/taskforces/industrygreenhouseplan/add/")
    page.get_by_label("Source category").select_option(str(transport.pk))
    page.get_by_label("The Greenhouse Office (s37)").check()
    page.get_by_label("Title").fill("Industry greenhouse plan: Transport")
    page.get_by_label("Summary").fill("How transport reaches its targets.")
    page.get_by_label("The plan").fill(PLAN_TEXT)
    page.get_by_role("button", name="Begin the plan").click()
    expect(page.get_by_text(re.compile("is being prepared"))).to_be_visible()
    plan = IndustryGreenhousePlan.objects.get(source_category=transport)

    page.get_by_role("link", name=re.compile("Record the plan as given to the Minister")).click()
    page.get_by_role("button", name="Record as given").click()
    expect(page.get_by_text(re.compile("the plan is now given to the minister"))).to_be_visible()
    plan.refresh_from_db()
    assert plan.state == PlanState.GIVEN_TO_MINISTER

    # The same session (a second sign-in would reuse the authenticator's code, which is refused).
    js_page.context.add_cookies(page.context.cookies())
    for url in (
        "/admin/taskforces/industrygreenhouseplan/add/",
        f"/admin/taskforces/industrygreenhouseplan/{plan.pk}/change/",
        f"/admin/taskforces/industrygreenhouseplan/{plan.pk}/acts/publish/",
        "/admin/taskforces/sourcecategory/",
        "/admin/taskforces/taskforce/add/",
    ):
        js_page.goto(f"{live_server.url}{url}")
        _no_violations(js_page)
