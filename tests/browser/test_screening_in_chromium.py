"""'Do I need approval?' in a real browser, without JavaScript: upload a CSV, read the answer."""

import pytest

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
