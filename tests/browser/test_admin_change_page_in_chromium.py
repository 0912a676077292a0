"""The application's change page in a real browser: sections opened from the contents list without
JavaScript, closing comments shown disabled with the guard's words until the day it is possible, and
axe-core finds no WCAG 2.2 A/AA violation with every section open."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.models import State
from greenhouse_office import statute
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium", "axe"), pytest.mark.django_db(transaction=True)]


def _open_for_comment_with_comments(make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    for n in range(3):
        services.record_comment(
            application=application,
            actor=None,
            name=f"Resident {n}",
            email=f"resident{n}@example.com",
            text="Please consider the effect on the valley.",
            channel="web",
        )
    return application


def test_the_contents_list_opens_a_section_without_javascript(page, live_server, make_application):
    application = _open_for_comment_with_comments(make_application)
    sign_in(page, live_server, "officer", next_url="/")
    page.goto(f"{live_server.url}/admin/assessments/application/{application.pk}/change/")
    comments = page.locator("details#comments")
    expect(comments).not_to_have_attribute("open", "")
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name=re.compile("^Comments")
    ).click()
    expect(comments).to_have_attribute("open", "")
    expect(comments.get_by_role("link", name="All 3 comments")).to_be_visible()


def test_closing_comments_is_disabled_with_its_day_and_the_page_has_no_axe_violations(
    js_page, live_server, make_application
):
    application = _open_for_comment_with_comments(make_application)
    sign_in(js_page, live_server, "officer", next_url="/")
    js_page.goto(f"{live_server.url}/admin/assessments/application/{application.pk}/change/")
    close = js_page.get_by_role("button", name=re.compile("^Close comments"))
    expect(close).to_have_attribute("aria-disabled", "true")
    first_day = statute.effective_closing_day(application.closing_day) + timedelta(days=1)
    expect(js_page.locator("#why-close_comments")).to_contain_text(
        f"possible from {statute.format_day(first_day)}"
    )
    expect(js_page.get_by_role("link", name=re.compile("^Close comments"))).to_have_count(0)
    # Every section (and the collapsed tables inside) open, so axe-core sees all of the page.
    js_page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(js_page) == []
