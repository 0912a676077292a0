"""The auditor's portal in a real browser, without JavaScript: sign in, open the appointment, upload
the evaluation, confirm, record, see the new state; and axe-core finds no WCAG 2.2 A/AA violation on
any portal page."""

import pytest
from playwright.sync_api import expect

from assessments.models import State
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

PDF = assessments_conftest.PDF
# The fixtures that build applications through the services, as the assessments tests use them.
people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_the_auditor_uploads_confirms_and_records_the_evaluation(
    page, live_server, make_application, tmp_path
):
    application = make_application(State.EVALUATION_COMMISSIONED)
    evaluation = tmp_path / "evaluation.pdf"
    evaluation.write_bytes(PDF)
    sign_in(page, live_server)
    expect(page.get_by_role("heading", level=1, name="Your appointments")).to_be_visible()
    page.get_by_role("link", name=application.reference).click()
    page.get_by_label("Your evaluation (PDF)").set_input_files(str(evaluation))
    page.get_by_role("button", name="Upload and record the evaluation").click()
    # Without the confirmation: refused, the summary links to the checkbox.
    expect(page.get_by_role("alert")).to_contain_text("Confirm that this is your final evaluation")
    page.get_by_label("Your evaluation (PDF)").set_input_files(str(evaluation))
    page.get_by_label("I confirm this is my evaluation under s32(1)").check()
    page.get_by_role("button", name="Upload and record the evaluation").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{application.reference}: your evaluation is recorded")
    expect(status).to_contain_text("now evaluated")
    expect(page.locator(".status-tag")).to_have_text("Evaluated")
    application.refresh_from_db()
    assert application.state == State.EVALUATED


@pytest.mark.services("chromium", "axe")
def test_every_portal_page_has_no_wcag_2_2_aa_violations(js_page, live_server, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    sign_in(js_page, live_server)
    pages = {
        "appointments": "/portal/",
        "application": f"/portal/applications/{application.pk}/",
        "register": "/portal/register/",
    }
    found = {}
    for name, path in pages.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    # The pages with their error summaries showing.
    js_page.goto(live_server.url + pages["application"])
    js_page.get_by_role("button", name="Upload and record the evaluation").click()
    found["application with errors"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["register"])
    js_page.get_by_label("Qualifications", exact=True).fill("")
    js_page.get_by_role("button", name="Save your register entry").click()
    found["register with errors"] = axe_violations(js_page)
    sign_in(js_page, live_server, "minister")  # neither an auditor nor a proponent
    js_page.goto(live_server.url + "/portal/")
    found["not an auditor"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, []), found
