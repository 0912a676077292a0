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
    # NF3 has no SAR value: comparing a 2027 profile with SAR cannot convert it.
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_text": "month,NF3\n2027-01,1\n"})
    assert response.status_code == 400
    assert "NF3 has no global warming potential in the SAR set" in response.content.decode()


def test_oversized_or_binary_upload_is_refused(client):
    big = SimpleUploadedFile("big.csv", b"month,CO2\n" + b"2027-01,1\n" * (MAX_CSV_BYTES // 10 + 1))
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_file": big})
    assert response.status_code == 400 and "larger than 1 MB" in response.content.decode()
    binary = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00garbage")
    response = client.post("/screening/", {"gwp_set": "SAR", "csv_file": binary})
    assert response.status_code == 400 and "not a CSV text file" in response.content.decode()


# --- The rate limit the page shares with POST /api/v1/screening -----------------------------

ONE_MONTH = "month,CO2\n2027-01,1\n"


def _allowed(settings) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["screening"].split("/")[0])


def test_page_posts_beyond_the_screening_rate_get_429_saying_when_to_try_again(client, settings):
    allowed = _allowed(settings)
    statuses = [
        client.post("/screening/", {"gwp_set": "SAR", "csv_text": ONE_MONTH}).status_code
        for _ in range(allowed)
    ]
    assert statuses == [200] * allowed
    response = client.post("/screening/", {"gwp_set": "AR4", "csv_text": ONE_MONTH})
    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert f"at most {allowed} a minute" in html and f"Try again in {response['Retry-After']} second" in html
    assert "There is a problem" in html and "2027-01,1" in html  # the pasted profile is kept
    assert client.get("/screening/").status_code == 200  # reading the page is never limited


def test_the_page_and_the_api_count_against_one_rate_per_client(client, settings):
    from rest_framework.test import APIClient

    allowed = _allowed(settings)
    payload = {"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": 1}}]}
    api = APIClient()
    for _ in range(allowed - 1):
        assert api.post("/api/v1/screening", payload, format="json").status_code == 200
    assert client.post("/screening/", {"gwp_set": "SAR", "csv_text": ONE_MONTH}).status_code == 200
    assert api.post("/api/v1/screening", payload, format="json").status_code == 429
    assert client.post("/screening/", {"gwp_set": "SAR", "csv_text": ONE_MONTH}).status_code == 429


STRADDLING = "month,CH4\n" + "".join(f"2012-{m:02d},100\n" for m in range(7, 13))
STRADDLING += "".join(f"2013-{m:02d},100\n" for m in range(1, 7))


def test_s6_page_offers_the_sets_in_force_first_and_the_others_to_compare(client):
    html = client.get("/screening/").content.decode()
    assert '<option value="" selected>The sets in force for each month (the legal answer)</option>' in html
    assert "Compare: SAR" in html
    assert "SAR for months to December 2012, AR4 for January 2013 to December 2020" in html


def test_s6_page_without_a_chosen_set_converts_each_month_with_the_set_in_force(client):
    response = client.post("/screening/", {"gwp_set": "", "csv_text": STRADDLING})
    html = response.content.decode()
    assert response.status_code == 200
    assert "27,600" in html  # 6 x 100 x 21 (SAR, 2012) + 6 x 100 x 25 (AR4, 2013)
    assert "global warming potentials SAR, AR4)" in html
    assert "SAR for July 2012 to December 2012; AR4 for January 2013 to June 2013" in html


def test_s6_page_with_a_chosen_set_says_it_is_only_a_comparison(client):
    html = client.post("/screening/", {"gwp_set": "AR4", "csv_text": STRADDLING}).content.decode()
    assert "30,000" in html
    assert (
        "for comparison only" in html and "For comparison only: every month was converted with AR4." in html
    )


def test_s25_page_13_month_total_over_says_cannot_rule_out_and_which_daily_figures_settle_it(client):
    csv = "month,CO2\n2027-01,30000\n2028-01,30000\n"
    response = client.post("/screening/", {"csv_text": csv})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cannot rule out: this profile may be over the threshold" in html
    assert "Daily emissions for January 2027 and January 2028 would settle it" in html
    assert "<li>January 2027 and January 2028</li>" in html
    assert "Why 13 calendar months?" in html and "ends on 19 January the next year" in html
    assert "result-unsure" in html


def test_s6_page_nf3_in_2012_is_refused_citing_the_doha_amendment_and_in_2014_accepted(client):
    refused = client.post("/screening/", {"csv_text": "month,NF3\n2012-06,1\n"})
    assert refused.status_code == 400
    assert "not a greenhouse gas for June 2012" in refused.content.decode()
    assert "Doha Amendment" in refused.content.decode()
    accepted = client.post("/screening/", {"csv_text": "month,NF3\n2014-06,1\n"})
    assert accepted.status_code == 200
    assert "17,200" in accepted.content.decode()
