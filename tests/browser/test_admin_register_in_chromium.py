"""The auditor register's change page in a real browser, as the Director: the standing of an auditor
for an application awaiting its evaluation is chosen without JavaScript, and axe-core finds no WCAG 2.2
A/AA violation on the page with a disqualification shown."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import IndependentAuditor, State
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium", "axe"), pytest.mark.django_db(transaction=True)]


def test_s32_2_the_director_sees_an_auditors_standing_for_an_application(
    js_page, live_server, people, make_application
):
    application = make_application(State.LODGED)
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)  # engaged by the proponent
    sign_in(js_page, live_server, "director", next_url="/")
    js_page.goto(f"{live_server.url}/admin/assessments/independentauditor/{auditor2.pk}/change/")
    js_page.get_by_label("Application awaiting an evaluation").select_option(str(application.pk))
    js_page.get_by_role("button", name=re.compile("standing", re.IGNORECASE)).click()
    expect(
        js_page.get_by_text(re.compile(f"Cannot be appointed: {re.escape(str(auditor2))}"))
    ).to_be_visible()
    violations = axe_violations(js_page)
    assert violations == [], [(v["id"], v["nodes"]) for v in violations]
