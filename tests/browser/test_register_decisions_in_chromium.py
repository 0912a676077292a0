"""The public decisions in a real browser, without JavaScript: find a decision on /decisions/, read it
with its advice and reasons, see a document the Minister withheld listed as withheld (s42), and
axe-core finds no WCAG 2.2 A/AA violation on /decisions/, /directions/, /open-data/ and a decided
assessment's page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assessments import services
from greenhouse_office import statute
from tests.assessments import conftest as assessments_conftest
from tests.assessments.decision_support import ADVICE, REASONS, decided_with_comments

from .conftest import axe_violations

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def test_a_person_reads_a_decision_with_its_advice_and_reasons_and_sees_what_is_withheld(
    page, live_server, make_application, people
):
    application, _ = decided_with_comments(make_application, people, title="Geelong kiln 3 expansion")
    other, _ = decided_with_comments(make_application, people, approve=False, title="Port Kembla furnace")
    document = services.issue_decision(application=application)
    services.determine_withheld(
        application=application,
        item=document,
        ground="commercial_detriment",
        reasons="The detriment to the proponent's kiln tender outweighs the public interest in this case.",
        actor=people.minister,
    )

    page.goto(live_server.url + "/decisions/")
    page.get_by_label("Outcome").select_option("approved")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 decision found.")
    expect(page.locator("main")).not_to_contain_text(other.title)
    page.get_by_role("link", name=f"{application.reference} {application.title}").click()

    decision = page.locator("section.decision")
    expect(decision.get_by_role("heading", name="The Minister's decision (section 30)")).to_be_visible()
    expect(decision).to_contain_text("Approved")
    expect(decision).to_contain_text(REASONS)
    expect(decision).to_contain_text(ADVICE)
    expect(decision.get_by_role("row", name="s30(c)")).to_contain_text("Satisfied")
    expect(decision).to_contain_text("Report on comments (s34(b))")
    # The decision's PDF is withheld: said so, with its ground, and no link to download it.
    expect(decision).to_contain_text("Withheld under s42(3): the commercial detriment")
    expect(page.get_by_role("link", name="Download the Minister's decision")).to_have_count(0)
    withheld = page.locator("section.withheld-information")
    expect(withheld.get_by_role("heading", name="Information withheld (section 42)")).to_be_visible()
    expect(withheld.get_by_role("listitem")).to_contain_text(
        "The Minister's decision (s30): Withheld under s42(3)"
    )

    page.goto(f"{live_server.url}/assessments/{other.reference}/")
    expect(page.get_by_role("link", name="Download the Minister's decision")).to_be_visible()


def test_decision_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, make_application, people):
    application, _ = decided_with_comments(make_application, people)
    services.determine_withheld(
        application=application,
        item="advice",
        ground="public_interest",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="A fourth kiln.",
        due_on=statute.legal_today() + timedelta(days=60),
    )
    found = {}
    for path in (
        "/decisions/",
        "/decisions/?q=nothing-matches&year=1999",
        "/directions/",
        "/open-data/",
        f"/assessments/{application.reference}/",
    ):
        js_page.goto(live_server.url + path)
        found[path] = axe_violations(js_page)
    assert found == dict.fromkeys(found, [])
