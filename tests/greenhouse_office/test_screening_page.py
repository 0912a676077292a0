"""'Do I need approval?': CSV in, the s25 threshold answer, the window and a chart out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenhouse_office.emission_profiles import MAX_CSV_BYTES, parse_csv

OVER = "month,CO2,CH4\n" + "".join(f"2027-{m:02d},4000,10\n" for m in range(1, 13)) + "2028-01,5000,\n"


def test_page_explains_the_test_and_offers_the_template(client):
    response = client.get("/screening/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "in excess of 50,000 tonnes" in html and "period of\n  12 months" in html
    assert 'href="/screening/template.csv"' in html


def test_template_is_a_csv_of_twelve_months_with_the_common_gases(client):
    response = client.get("/screening/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "month,CO2,CH4,N2O,SF6,HFC-134a,CF4"
    assert len(lines) == 13
    assert parse_csv(response.content.decode()).errors == []


def test_s25_pasted_profile_over_the_threshold_shows_window_gases_and_chart(client):
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_text": OVER})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Yes: this profile is over the threshold" in html
    assert "51,310" in html  # 11 x (4000 + 21 x 10) + 5000
    assert "from February 2027 to January 2028" in html
    assert '<svg viewBox="0 0 720 300"' in html and 'role="img"' in html
    assert html.count('class="bar') == 2  # two 12-month windows
    assert "bar-over" in html


def test_uploaded_csv_file_in_long_layout(client):
    csv = "month,gas,tonnes\n2027-01,CO2,100\n2027-01,CH4,1\n2027-02,SF6,0.001\n"
    upload = SimpleUploadedFile("profile.csv", csv.encode(), content_type="text/csv")
    response = client.post("/screening/", {"gwp_set": "AR4", "csv_file": upload})
    html = response.content.decode()
    assert "No: this profile is not over the threshold" in html
    assert "147.8" in html  # 100 + 25 + 22.8 under AR4
    assert "fewer than 12 months" in html


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("", "Paste your monthly emissions or upload a CSV file."),
        ("date,CO2\n2027-01,1\n", "the first column must be headed"),
        ("month,CO2\n2027-13,1\n", "is not a month"),
        ("month,H2O\n2027-01,1\n", "is not a Kyoto Annex A gas"),
        ("month,CO2\n2027-01,-5\n", "must be zero or more"),
        ("month,CO2\n2027-01,lots\n", "is not a number of tonnes of CO2"),
        ("month,CO2\n2027-01,1\n2027-01,2\n", "appears more than once"),
        ("month,CO2\n", "has a header but no months"),
        ("month,gas,tonnes\n2027-01,CO2,1\n2027-01,CO2,2\n", "is given twice"),
    ],
)
def test_bad_csv_gets_a_specific_message(client, csv, message):
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_text": csv})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert "There is a problem" in response.content.decode()


def test_gas_missing_from_the_chosen_gwp_set_is_refused_with_the_set_named(client):
    # NF3 is not in the SAR table (it joined Kyoto's list only in 2012).
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_text": "month,NF3\n2027-01,1\n"})
    assert response.status_code == 400


def test_oversized_or_binary_upload_is_refused(client):
    big = SimpleUploadedFile("big.csv", b"month,CO2\n" + b"2027-01,1\n" * (MAX_CSV_BYTES // 10 + 1))
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_file": big})
    assert response.status_code == 400 and "larger than 1 MB" in response.content.decode()
    binary = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00garbage")
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_file": binary})
    assert response.status_code == 400 and "not a CSV text file" in response.content.decode()
