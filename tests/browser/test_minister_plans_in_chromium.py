"""The Minister's Part 7 page in headless Chromium: the Minister signs in with TOTP, follows the
dashboard's "Industry greenhouse plans" link and reads what is owed under ss36-39 in words; axe-core
finds no WCAG 2.2 A/AA violation on the page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from greenhouse_office import clock
from taskforces.models import SourceCategory
from tests.taskforces import conftest as taskforces_conftest

from .conftest import axe_violations, sign_in

officer = taskforces_conftest.officer
transport = taskforces_conftest.transport
make_plan = taskforces_conftest.make_plan

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_the_ministers_plans_page_reads_in_words_and_has_no_wcag_2_2_aa_violations(
    js_page, live_server, make_plan
):
    today = clock.legal_day()
    plan = make_plan("given_to_minister", given=today - timedelta(days=45))
    start = today.replace(year=today.year - 3)
    reviewed = make_plan(
        "published",
        category=SourceCategory.objects.get(code="1.A.1"),
        given=start - timedelta(days=40),
        published=start - timedelta(days=20),
    )

    sign_in(js_page, live_server, "minister", next_url="/minister/")
    js_page.get_by_role("navigation", name="Minister's dashboard").get_by_role(
        "link", name="Industry greenhouse plans"
    ).click()

    expect(js_page.get_by_role("heading", level=1)).to_contain_text("Industry greenhouse plans")
    publication = js_page.get_by_role("table", name="Plans received and awaiting publication (section 38)")
    expect(publication).to_contain_text(plan.title)
    expect(publication).to_contain_text("Overdue by")
    reviews = js_page.get_by_role("table", name="Reviews due or overdue (section 39)")
    expect(reviews).to_contain_text(reviewed.title)
    expect(js_page.get_by_role("table", name="Your other Part 7 duties")).to_contain_text(
        "Appoint a task force for"
    )
    assert axe_violations(js_page) == []
