"""The Office's today page in a real browser: reached from the admin index, and axe-core finds no
WCAG 2.2 A/AA violation on it (the deadlines are in words, the admin in the Office's colours)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assessments.models import Application, State
from greenhouse_office import statute
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_the_officer_opens_today_from_the_index_and_it_has_no_axe_violations(
    js_page, live_server, make_application
):
    application = make_application(State.LODGED)
    Application.objects.filter(pk=application.pk).update(
        evaluation_due_on=statute.legal_today() - timedelta(days=2)
    )
    sign_in(js_page, live_server, "officer", next_url="/")
    js_page.goto(f"{live_server.url}/admin/")
    js_page.get_by_role("link", name="Today: what falls due").click()
    expect(js_page.get_by_role("heading", name="Evaluations due this week or overdue")).to_contain_text("1")
    expect(js_page.get_by_role("main")).to_contain_text("overdue by 2 days")
    assert axe_violations(js_page) == []
