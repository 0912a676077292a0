"""The proponent's portal in a real browser, without JavaScript: sign in, open a returned application,
answer the Office's request, lodge again and see it lodged with the s32(1) deadline; withdraw another
after confirming; and axe-core finds no WCAG 2.2 A/AA violation on any of the proponent's pages."""

import pytest
from playwright.sync_api import expect

from assessments.models import State
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, sign_in

# The fixtures that build applications through the services, as the assessments tests use them.
people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_the_proponent_answers_the_request_lodges_again_and_withdraws_another(
    page, live_server, make_application
):
    returned = make_application(State.RETURNED, title="Kiln returned")
    other = make_application(State.LODGED, title="Kiln to withdraw")
    sign_in(page, live_server, "proponent")
    expect(page.get_by_role("heading", level=1, name="My applications")).to_be_visible()
    page.get_by_role("link", name=returned.reference).click()
    expect(page.locator("main")).to_contain_text("Describe the kiln.")  # waits for the new page
    page.get_by_label("What did you change?").fill("The kiln is described in section 2.")
    page.get_by_role("button", name="Save your answer to this request").click()
    expect(page.get_by_role("status")).to_contain_text("your answer is saved")
    page.get_by_role("button", name="Lodge again").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{returned.reference} is lodged")
    expect(page.locator(".status-tag")).to_have_text("Lodged")
    returned.refresh_from_db()
    assert returned.state == State.LODGED
    assert f"{returned.evaluation_due_on:%-d %B %Y}" in status.inner_text()

    page.get_by_role("link", name="Back to my applications").click()
    page.get_by_role("link", name=other.reference).click()
    page.get_by_role("link", name="Withdraw the application").click()
    page.get_by_label("Why is the application withdrawn?").fill("No longer proceeding.")
    page.get_by_role("button", name="Withdraw the application").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm the withdrawal")  # the checkbox is required
    page.get_by_label("I understand that a withdrawn application cannot be lodged again").check()
    page.get_by_role("button", name="Withdraw the application").click()
    expect(page.get_by_role("status")).to_contain_text(f"{other.reference} is withdrawn")
    expect(page.locator(".status-tag")).to_have_text("Withdrawn")
    other.refresh_from_db()
    assert other.state == State.WITHDRAWN


@pytest.mark.services("chromium", "axe")
def test_every_proponent_page_has_no_wcag_2_2_aa_violations(js_page, live_server, make_application):
    returned = make_application(State.RETURNED)
    decided = make_application(State.APPROVED)
    sign_in(js_page, live_server, "proponent")
    pages = {
        "my applications": "/portal/",
        "returned": f"/portal/applications/{returned.pk}/",
        "decided": f"/portal/applications/{decided.pk}/",
        "withdraw": f"/portal/applications/{returned.pk}/withdraw/",
    }
    found = {}
    for name, path in pages.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    # The pages with their error summaries showing.
    js_page.goto(live_server.url + pages["returned"])
    js_page.get_by_role("button", name="Lodge again").click()
    found["lodge refused"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["returned"])
    js_page.get_by_role("button", name="Save your answer to this request").click()
    found["answer with errors"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["withdraw"])
    js_page.get_by_role("button", name="Withdraw the application").click()
    found["withdraw with errors"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, []), found


def test_another_organisations_proponent_gets_not_found_on_its_pages(page, live_server, make_application):
    lodged = make_application(State.LODGED, title="Kiln of Southern Cross")
    decided = make_application(State.APPROVED, title="Approved kiln")
    gia = lodged.documents.get(kind="gia")
    sign_in(page, live_server, "proponent2")
    for path in (
        f"/portal/applications/{lodged.pk}/",
        f"/portal/applications/{lodged.pk}/documents/{gia.pk}/",
        f"/portal/applications/{lodged.pk}/withdraw/",
        f"/portal/applications/{decided.pk}/decision/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.locator("main")).not_to_contain_text("Southern Cross")
