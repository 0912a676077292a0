"""'Do I need approval?' in a real browser, without JavaScript: upload a CSV, read the answer."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]

PROFILE = "month,CO2,CH4\n" + "".join(f"2027-{m:02d},4000,10\n" for m in range(1, 13)) + "2028-01,5000,\n"


def test_person_uploads_a_profile_and_sees_the_answer_and_chart(page, live_server, tmp_path):
    csv_file = tmp_path / "profile.csv"
    csv_file.write_text(PROFILE)
    page.goto(live_server.url + "/screening/")
    page.get_by_label("Global warming potentials").select_option("SAR")
    page.get_by_label("Or upload a CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check").click()
    assert page.get_by_role("heading", level=2, name="Yes: this profile is over the threshold").is_visible()
    chart = page.get_by_role("img", name="Rolling 12-month totals against the threshold")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 300
    page.screenshot(path=str(tmp_path / "screening.png"), full_page=True)


def test_mistakes_are_listed_and_linked_to_the_field(page, live_server):
    page.goto(live_server.url + "/screening/")
    page.get_by_label("Paste your monthly emissions (CSV)").fill("month,CO2\n2027-13,1\n")
    page.get_by_role("button", name="Check").click()
    alert = page.get_by_role("alert")
    assert "is not a month" in alert.inner_text()
    assert page.get_by_label("Paste your monthly emissions (CSV)").input_value() == "month,CO2\n2027-13,1\n"


IN_EXCESS = "month,CO2\n" + "".join(f"2027-{m:02d},4500\n" for m in range(1, 13))
# No 12 consecutive months over 50,000 t, but 13 calendar months are: monthly figures cannot rule it out.
CANNOT_RULE_OUT = "month,CO2\n" + "".join(f"2027-{m:02d},{4000 if m > 1 else 5000}\n" for m in range(1, 13))
CANNOT_RULE_OUT += "2028-01,5000\n"
NOT_IN_EXCESS = "month,CO2\n2027-01,10\n"


@pytest.mark.services("chromium", "axe")
def test_the_public_pages_have_no_wcag_2_2_aa_violations_in_each_answer(js_page, live_server, tmp_path):
    found = {}
    for name, path in {"home": "/", "sign in": "/accounts/login/", "screening": "/screening/"}.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    for name, (text, shown) in {
        "in excess": (IN_EXCESS, "Yes: this profile is over the threshold"),
        "cannot rule out": (CANNOT_RULE_OUT, "Cannot rule out: this profile may be over the threshold"),
        "not in excess": (NOT_IN_EXCESS, "No: this profile is not over the threshold"),
        "mistakes": ("month,CO2\nnot-a-month,abc\n", "There is a problem"),
    }.items():
        js_page.goto(live_server.url + "/screening/")
        js_page.get_by_label("Paste your monthly emissions (CSV)").fill(text)
        js_page.get_by_role("button", name="Check").click()
        expect(js_page.locator("main")).to_contain_text(shown)
        found[name] = axe_violations(js_page)
        js_page.screenshot(path=str(tmp_path / f"screening-{name.replace(' ', '-')}.png"), full_page=True)
    assert found == dict.fromkeys(found, []), found
