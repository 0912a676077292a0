"""An application's stored screening is the legal one (s6, Kyoto Art 5(3); ss25, 31); its gwp_set
only compares."""

import pytest

from assessments.errors import AssessmentError
from assessments.models import Application, State
from assessments.services.applications import screening_of

STRADDLING = {
    "months": [{"month": f"2012-{m:02d}", "gases": {"CH4": "100"}} for m in range(7, 13)]
    + [{"month": f"2013-{m:02d}", "gases": {"CH4": "100"}} for m in range(1, 7)]
}


def test_s6_stored_screening_converts_each_month_with_the_set_in_force_and_compares_with_gwp_set():
    stored = screening_of(STRADDLING, comparison="AR5")
    assert stored["max_12_month_t_co2e"] == "27600"  # 6 x 100 x 21 (SAR) + 6 x 100 x 25 (AR4)
    assert (stored["gwp_basis"], stored["gwp_set"]) == ("in_force", "SAR, AR4")
    assert stored["gwp_sets"] == [
        {"gwp_set": "SAR", "start": "2012-07", "end": "2012-12"},
        {"gwp_set": "AR4", "start": "2013-01", "end": "2013-06"},
    ]
    assert stored["conclusion"] == "not_in_excess"
    assert stored["comparison"] == {
        "gwp_set": "AR5",
        "max_12_month_t_co2e": "33600",  # 12 x 100 x 28
        "max_13_month_t_co2e": "33600",
        "conclusion": "not_in_excess",
    }


def test_s25_stored_screening_says_when_a_13_month_total_cannot_be_ruled_out():
    profile = {
        "months": [
            {"month": "2027-01", "gases": {"CO2": "30000"}},
            {"month": "2028-01", "gases": {"CO2": "30000"}},
        ]
    }
    stored = screening_of(profile)
    assert stored["exceeds_threshold"] is False
    assert stored["conclusion"] == "cannot_rule_out"
    assert stored["max_13_month_t_co2e"] == "60000"
    assert stored["spans_to_settle"] == [{"start": "2027-01", "end": "2028-01"}]
    assert "Daily emissions for January 2027 and January 2028" in stored["explanation"][0]
    assert "comparison" not in stored


def test_s6_a_comparison_set_that_cannot_convert_the_profile_is_noted_not_refused():
    profile = {"months": [{"month": "2027-01", "gases": {"HFC-245fa": "10"}}]}  # no SAR value
    stored = screening_of(profile, comparison="SAR")
    assert stored["max_12_month_t_co2e"] == "8580"  # 10 x 858 (AR5, in force for 2027)
    assert stored["comparison"]["gwp_set"] == "SAR"
    assert "HFC-245fa has no global warming potential in the SAR set" in stored["comparison"]["refused"]


@pytest.mark.django_db
def test_s6_doha_amendment_nf3_in_2012_is_refused_against_the_profile_and_in_2014_accepted(make_application):
    nf3_2012 = {"months": [{"month": "2012-06", "gases": {"NF3": "1"}}]}
    with pytest.raises(AssessmentError) as caught:
        make_application(State.DRAFT, emission_profile=nf3_2012)
    assert "Doha Amendment" in caught.value.field_errors["emission_profile"][0]
    assert not Application.objects.exists()
    application = make_application(
        State.DRAFT, emission_profile={"months": [{"month": "2014-06", "gases": {"NF3": "3"}}]}
    )
    assert application.screening["by_gas"] == {"NF3": "51600"}  # 3 x 17,200 (AR4)
