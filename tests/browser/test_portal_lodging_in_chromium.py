"""Lodging an application step by step in a real browser, without JavaScript: a person signs up, verifies
their email and creates their organisation; then the action, the limb, a profile with a bad row (its row
and column shown), a good one, one with a warning acknowledged, the GIA PDF, check the answers, declare,
lodge and see the s32(1) deadline; and axe-core finds no WCAG 2.2 A/AA violation on any step."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Application, State
from assessments.views.portal_lodging import DECLARATION
from tests.assessments import conftest as assessments_conftest

from .conftest import axe_violations, create_organisation, sign_in, sign_up

PDF = assessments_conftest.PDF
people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]

GOOD_CSV = "month,CO2,CH4\n" + "".join(f"2027-{m:02d},4500,10\n" for m in range(1, 13))
SPIKY_CSV = "month,CO2\n" + "".join(f"2027-{m:02d},{45000 if m == 6 else 4500}\n" for m in range(1, 13))
EXPLANATION = "June is the kiln's dry-out firing: the figure is right."


def test_a_new_proponent_signs_up_and_lodges_an_application_step_by_step(page, live_server, people, tmp_path):
    gia = tmp_path / "gia.pdf"
    gia.write_bytes(PDF)
    sign_up(page, live_server)
    create_organisation(page, "Portland Aluminium Pty Ltd", "51 824 753 556")
    page.get_by_role("link", name="Portal").click()
    expect(page.get_by_role("heading", level=1, name="My applications")).to_be_visible()
    page.get_by_role("link", name="Start an application").click()
    main = page.locator("main")
    expect(main).to_contain_text("step 1 of 5")

    page.get_by_label("Name of the proposed action").fill("Portland smelter line 4")
    page.get_by_label("Describe the proposed action").fill("A fourth potline.")
    page.get_by_label("State or Territory where the action is").select_option("VIC")
    page.get_by_label("South Australia").check()
    page.get_by_label("Victoria").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(main).to_contain_text("Which limb of section 31(1)")
    application = Application.objects.get(title="Portland smelter line 4")
    assert application.state == State.DRAFT

    page.get_by_label("s31(1)(a): emissions in excess of the threshold").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(main).to_contain_text("No emission profile is saved yet.")

    page.get_by_label("Paste your monthly emissions (CSV)").fill("month,CO2\n2027-01,4500\n2027-02,lots\n")
    page.get_by_role("button", name="Save and screen the profile").click()
    expect(page.get_by_role("alert")).to_contain_text("Row 3, column B")
    application.refresh_from_db()
    assert application.emission_profile == {}
    page.get_by_label("Paste your monthly emissions (CSV)").fill(GOOD_CSV)
    page.get_by_role("button", name="Save and screen the profile").click()
    expect(page.get_by_role("status")).to_contain_text("The emission profile is saved and screened.")
    application.refresh_from_db()
    expect(main).to_contain_text(application.screening["explanation"][0])

    # June typed ten times too high: a warning of the Office's checks, acknowledged with a reason.
    page.get_by_label("Paste your monthly emissions (CSV)").fill(SPIKY_CSV)
    page.get_by_role("button", name="Save and screen the profile").click()
    expect(page.get_by_role("status")).to_contain_text("It has 1 warning to acknowledge.")
    expect(main).to_contain_text("Warnings to acknowledge (1)")
    expect(main).to_contain_text("2027-06: 45000 tonnes CO2-e, more than 5 times each neighbouring month")
    expect(page.get_by_role("link", name="Continue to the next step")).to_have_count(0)
    page.get_by_role("button", name="Save the explanations and continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Explain warning 1 in a few words to acknowledge it.")
    page.get_by_label("Warning 1: explain why the profile is right").fill(EXPLANATION)
    page.get_by_role("button", name="Save the explanations and continue").click()
    expect(main).to_contain_text("The Greenhouse Impact Assessment")
    application.refresh_from_db()
    assert application.profile_acknowledgements[0]["explanation"] == EXPLANATION

    expect(main).to_contain_text("25.0 MB")
    page.get_by_label("Upload the Greenhouse Impact Assessment (PDF)").set_input_files(str(gia))
    page.get_by_role("button", name="Upload and continue").click()
    expect(main).to_contain_text("Check your answers before lodging")
    expect(main).to_contain_text("gia.pdf")
    expect(main).to_contain_text("South Australia, Victoria")
    expect(main).to_contain_text(EXPLANATION)

    page.get_by_role("button", name="Lodge the application").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm the declaration")
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Lodge the application").click()
    expect(main).to_contain_text("Application lodged")
    application.refresh_from_db()
    assert application.state == State.LODGED
    assert application.organisation.name == "Portland Aluminium Pty Ltd"
    expect(main).to_contain_text(application.reference)
    expect(main).to_contain_text(f"{application.evaluation_due_on:%-d %B %Y}")
    expect(main).to_contain_text(f"{application.received_on:%-d %B %Y}")
    # The receipt, by email, links to the application's page.
    [receipt] = [
        m for m in mail.outbox if m.to == ["rosa.diaz@example.com"] and application.reference in m.subject
    ]
    assert f"/portal/applications/{application.pk}/" in receipt.body


@pytest.mark.services("chromium", "axe")
def test_every_lodging_step_has_no_wcag_2_2_aa_violations(js_page, live_server, make_application):
    draft = make_application(State.DRAFT, limb="")  # no limb chosen: its step shows its error
    lodged = make_application(State.LODGED)
    sign_in(js_page, live_server, "proponent")
    expect(js_page.get_by_role("heading", level=1, name="My applications")).to_be_visible()
    pages = {
        "start": "/portal/applications/new/",
        **{
            step: f"/portal/applications/{draft.pk}/lodging/{step}/"
            for step in ("action", "limb", "profile", "gia")
        },
        "check": f"/portal/applications/{draft.pk}/lodging/check/",
        "confirmation": f"/portal/applications/{lodged.pk}/lodging/confirmation/",
    }
    found = {}
    for name, path in pages.items():
        js_page.goto(live_server.url + path)
        expect(js_page.locator("h1")).to_be_visible()
        found[name] = axe_violations(js_page)
    # The steps with their error summaries showing.
    js_page.goto(live_server.url + pages["start"])
    js_page.get_by_role("button", name="Save and continue").click()
    expect(js_page.get_by_role("alert")).to_contain_text("There is a problem")
    found["start with errors"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["limb"])
    js_page.get_by_role("button", name="Save and continue").click()
    expect(js_page.get_by_role("alert")).to_contain_text("There is a problem")
    found["limb with errors"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["profile"])
    js_page.get_by_label("Paste your monthly emissions (CSV)").fill("month,CO2\n2027-01,lots\n")
    js_page.get_by_role("button", name="Save and screen the profile").click()
    expect(js_page.get_by_role("alert")).to_contain_text("Row 2, column B")
    found["profile with errors"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["profile"])
    js_page.get_by_label("Row 2, column CO2 (tonnes)").fill("-4")
    js_page.get_by_role("button", name="Save and screen the typed months").click()
    expect(js_page.get_by_role("alert")).to_contain_text("Row 2, column CO2")
    found["profile with a bad typed cell"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["profile"])
    js_page.get_by_label("Paste your monthly emissions (CSV)").fill(SPIKY_CSV)
    js_page.get_by_role("button", name="Save and screen the profile").click()
    expect(js_page.locator("main")).to_contain_text("Warnings to acknowledge (1)")
    found["profile with a warning"] = axe_violations(js_page)
    # The script redraws the chart from the typed table (a preview; the page works without it).
    bars = js_page.locator("#profile-chart rect")
    before = bars.count()
    js_page.get_by_label("Row 6, column CO2 (tonnes)").fill("90000")
    expect(js_page.locator("#profile-chart-preview")).to_contain_text("Preview of the typed months")
    expect(js_page.locator("#profile-chart-preview")).to_contain_text("more than the threshold")
    assert bars.count() >= 1 and before >= 1
    found["profile with the preview"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["gia"])
    expect(js_page.locator("h1")).to_contain_text("The emission profile")  # back until acknowledged
    js_page.goto(live_server.url + pages["check"])
    js_page.get_by_role("button", name="Lodge the application").click()
    expect(js_page.get_by_role("alert")).to_contain_text("There is a problem")
    found["check with errors"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, []), found
