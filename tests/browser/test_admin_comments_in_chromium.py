"""Comments in the admin, in a real browser: a letter recorded through the form without JavaScript,
three comments considered by theme through the list's action, and axe-core finds no WCAG 2.2 A/AA
violation on the recording form or the consider-by-theme page."""

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.models import Comment, State
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_a_letter_is_recorded_without_javascript(page, live_server, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    sign_in(page, live_server, "officer", next_url="/")
    page.goto(f"{live_server.url}/admin/assessments/comment/")
    page.get_by_role("link", name="Record a comment received by email or post").click()
    page.get_by_label("Application").select_option(str(application.pk))
    page.get_by_role("radio", name="Post").check()
    page.get_by_label("Name:", exact=True).fill("Ann Lee")
    page.get_by_label("The comment:", exact=True).fill("The kiln will dry the creek.")
    page.get_by_role("button", name="Record the comment").click()
    comment = Comment.objects.get(application=application)
    expect(page.locator(".messagelist")).to_contain_text(f"{comment.reference} recorded")
    expect(page.locator(".messagelist")).to_contain_text("Made on time (s34(a)): yes")


def test_the_recording_form_and_the_theme_page_have_no_axe_violations(
    js_page, live_server, people, make_application
):
    application = make_application(State.OPEN_FOR_COMMENT)
    for n in range(3):
        services.record_comment(
            application=application,
            actor=people.officer,
            name=f"Writer {n}",
            email="",
            text="About the creek.",
            channel=Comment.Channel.POST,
        )
    sign_in(js_page, live_server, "officer", next_url="/")
    js_page.goto(f"{live_server.url}/admin/assessments/comment/add/")
    js_page.get_by_role("button", name="Record the comment").click()  # empty: the errors shown
    expect(js_page.locator(".errornote")).to_contain_text("There is a problem")
    assert axe_violations(js_page) == []
    js_page.goto(f"{live_server.url}/admin/assessments/comment/?application__id__exact={application.pk}")
    js_page.locator("#action-toggle").check()
    js_page.locator("select[name=action]").select_option("consider_by_theme")
    js_page.get_by_role("button", name="Go").click()
    expect(js_page.get_by_role("heading", name="Consider the selected comments (by theme)")).to_be_visible()
    assert axe_violations(js_page) == []
    js_page.get_by_label("Theme:", exact=True).fill("Water use")
    js_page.get_by_label("How the Office considered them (the response)").fill("Addressed in the advice.")
    js_page.get_by_role("button", name="Mark 3 comments considered").click()
    expect(js_page.locator(".messagelist")).to_contain_text("3 comments considered (s34(a))")
    assert Comment.objects.filter(considered=True, theme="Water use").count() == 3
