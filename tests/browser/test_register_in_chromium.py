"""The public register of assessments in a real browser, without JavaScript: find an assessment by
search and by filter, download the GIA and the evaluation (s33(1)(a)), ask for a copy; and axe-core
finds no WCAG 2.2 A/AA violation on the register (with and without results), an assessment's page and
the copy-request page (with its errors)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import State
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_find_an_assessment_by_search_and_by_filter_and_download_both_documents(
    page, live_server, make_application
):
    wanted = make_application(
        State.OPEN_FOR_COMMENT, title="Gladstone alumina refinery", location_state="QLD"
    )
    other = make_application(State.OPEN_FOR_COMMENT, title="Geelong kiln 3 expansion")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="register of assessments").click()
    expect(page.get_by_role("heading", level=1, name="Register of assessments")).to_be_visible()

    # By search: one text box for title, proponent and place.
    page.get_by_label("Search", exact=True).fill("alumina")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".register-list")
    expect(results).to_contain_text(wanted.reference)
    expect(results).not_to_contain_text(other.reference)

    # By filter: the search cleared, Queensland chosen.
    page.get_by_role("link", name="Clear the search and filters").click()
    page.get_by_label("State or Territory").select_option("QLD")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 assessment found")
    expect(results).to_contain_text(wanted.reference)
    expect(results).to_contain_text("days left")

    page.get_by_role("link", name=wanted.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(wanted.title)
    for name in ("Download the Greenhouse Impact Assessment", "Download the independent evaluation"):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_request_a_copy_by_post(page, live_server, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    page.goto(f"{live_server.url}/assessments/{application.reference}/")
    page.get_by_role("link", name="Request a copy by email or by post").click()
    page.get_by_label("Your name").fill("Jo Citizen")
    page.get_by_label("Printed, by post").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the postal address")
    page.get_by_role("alert").get_by_role("link").click()
    page.get_by_label("Postal address").fill("1 Main Street\nCanberra ACT 2600")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("status")).to_contain_text("Your request has been received")


@pytest.mark.services("chromium", "axe")
def test_the_register_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    pages = {
        "register": "/assessments/",
        "register, no results": "/assessments/?q=nothing-matches-this&stage=draft",
        "assessment": f"/assessments/{application.reference}/",
        "copy request": f"/assessments/{application.reference}/request-a-copy/",
    }
    found = {}
    for name, path in pages.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["copy request"])
    js_page.get_by_role("button", name="Send the request").click()
    expect(js_page.get_by_role("alert")).to_be_visible()
    found["copy request, with errors"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, [])


@pytest.mark.services("chromium", "axe")
def test_the_too_many_requests_page_has_no_wcag_2_2_aa_violations(js_page, live_server, settings):
    # greenhouse_office.public_pages: beyond the page-view rate, a page saying when to try again.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "page_views": "1/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    js_page.goto(f"{live_server.url}/plans/")
    response = js_page.goto(f"{live_server.url}/decisions/")  # another page: the browser keeps /plans/
    assert response.status == 429
    expect(js_page.get_by_role("heading", level=1)).to_have_text("Too many requests from your address")
    expect(js_page.get_by_text("Try again in")).to_be_visible()
    assert axe_violations(js_page) == []
