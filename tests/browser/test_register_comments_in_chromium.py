"""Commenting in a real browser, without JavaScript (s33(2)(c)): a person comments on an open assessment,
sees the reference and receives it by email; after the closing day the form is replaced by a notice of
when comments closed; axe-core finds no WCAG 2.2 A/AA violation on the form (with its errors), the
confirmation and the closed notice."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Application, Comment, State
from greenhouse_office import statute
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def fill_in_a_comment(page, *, email="rosa.diaz@example.com"):
    page.get_by_label("Your name").fill("Rosa Diaz")
    page.get_by_label("Your email address").fill(email)
    page.get_by_label("Organisation (optional)").fill("Geelong Residents")
    page.get_by_label("Your comment").fill("The kiln's emissions in chapter 4 leave out the quarry trucks.")
    page.get_by_label("Publish my comment on this register").check()
    page.get_by_role("button", name="Send my comment").click()


def test_a_person_comments_on_an_open_assessment_and_receives_the_reference_by_email(
    page, live_server, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    page.goto(f"{live_server.url}/assessments/{application.reference}/")
    page.get_by_role("link", name="Comment on this assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment on this assessment")
    fill_in_a_comment(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment received")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"C-[0-9A-F]{10}", reference)
    comment = Comment.objects.get(reference=reference)
    assert (comment.application_id, comment.consent_to_publish) == (application.pk, True)
    [receipt] = [m for m in mail.outbox if m.to == ["rosa.diaz@example.com"]]
    assert reference in receipt.subject and reference in receipt.body
    assert "Rosa" not in receipt.body and "quarry" not in receipt.body


def test_after_the_closing_day_the_form_is_replaced_by_the_closed_notice(page, live_server, make_application):
    # Open in state but past its closing day (the closing job has not run yet), and closed by the job.
    passed = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=passed.pk).update(closing_day=statute.legal_today() - timedelta(days=7))
    closed = make_application(State.COMMENTS_CLOSED)
    for application in (passed, closed):
        application.refresh_from_db()
        last_day = statute.effective_closing_day(application.closing_day)
        page.goto(f"{live_server.url}/assessments/{application.reference}/comment/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Comments have closed")
        expect(page.get_by_role("status")).to_contain_text(
            f"midnight at the end of {last_day:%A} {last_day.day} {last_day:%B %Y}, Canberra time"
        )
        assert page.get_by_role("button", name="Send my comment").count() == 0
        page.goto(f"{live_server.url}/assessments/{application.reference}/")
        assert page.get_by_role("link", name="Comment on this assessment").count() == 0


@pytest.mark.services("chromium", "axe")
def test_the_comment_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    closed = make_application(State.COMMENTS_CLOSED)
    found = {}
    js_page.goto(f"{live_server.url}/assessments/{application.reference}/comment/")
    found["form"] = axe_violations(js_page)
    js_page.get_by_role("button", name="Send my comment").click()
    expect(js_page.get_by_role("alert")).to_contain_text("There is a problem")
    found["form with errors"] = axe_violations(js_page)
    fill_in_a_comment(js_page, email="someone@example.com")
    expect(js_page.get_by_role("heading", level=1)).to_have_text("Comment received")
    found["confirmation"] = axe_violations(js_page)
    js_page.goto(f"{live_server.url}/assessments/{closed.reference}/comment/")
    expect(js_page.get_by_role("heading", level=1)).to_contain_text("Comments have closed")
    found["closed notice"] = axe_violations(js_page)
    js_page.goto(f"{live_server.url}/assessments/{application.reference}/")
    found["assessment page with its comments"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, []), found
