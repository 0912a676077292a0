"""Warnings of the Office's profile checks must each be acknowledged with a short explanation before
lodging (s31); the acknowledgements are kept with the application, dropped when their warning no longer
arises, and the lodge act refuses an unacknowledged warning the same way on every surface."""

import pytest

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import State
from greenhouse_office.emission_profiles import MAX_EXPLANATION_CHARS

from .api_support import API, client_as, transition
from .conftest import pdf

pytestmark = pytest.mark.django_db

SPIKY = {
    "months": [
        {"month": f"2027-{m:02d}", "gases": {"CO2": "45000" if m == 6 else "4500"}} for m in range(1, 13)
    ]
}
SPIKE = "month_spike:2027-06"
EXPLANATION = "June is the kiln's dry-out firing: the figure is right."


@pytest.fixture
def spiky(make_application, people):
    application = make_application(State.DRAFT, emission_profile=SPIKY)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    return application


def acknowledge(application, actor, *items):
    return services.update_application(
        application=application, actor=actor, data={"profile_acknowledgements": list(items)}
    )


def test_s31_lodging_with_an_unacknowledged_warning_is_refused_citing_it(spiky, people):
    with pytest.raises(AssessmentError) as refused:
        services.lodge(application=spiky, actor=people.proponent)
    message = " ".join(refused.value.messages)
    assert message.startswith("s31: the emission profile has 1 warning of the Office's data-quality checks")
    assert "2027-06" in message and "Acknowledge each with a short explanation" in message
    spiky.refresh_from_db()
    assert spiky.state == State.DRAFT


def test_the_acknowledgement_is_kept_with_who_and_when_and_lodging_proceeds(spiky, people):
    acknowledge(spiky, people.proponent, {"code": SPIKE, "explanation": f"  {EXPLANATION}  "})
    spiky.refresh_from_db()
    (kept,) = spiky.profile_acknowledgements
    assert kept["code"] == SPIKE and kept["explanation"] == EXPLANATION
    assert "2027-06" in kept["message"]
    assert kept["by"] == people.proponent.pk and kept["by_name"] and kept["at"]
    event = spiky.events.get(transition="update_application")
    assert event.payload["changed"] == ["profile_acknowledgements"]
    services.lodge(application=spiky, actor=people.proponent)
    spiky.refresh_from_db()
    assert spiky.state == State.LODGED and spiky.profile_acknowledgements[0]["code"] == SPIKE


@pytest.mark.parametrize(
    ("explanation", "problem"),
    [("", "explain the warning in a few words"), ("x" * (MAX_EXPLANATION_CHARS + 1), "at most")],
)
def test_an_explanation_is_required_and_bounded(spiky, people, explanation, problem):
    with pytest.raises(AssessmentError) as refused:
        acknowledge(spiky, people.proponent, {"code": SPIKE, "explanation": explanation})
    assert problem in refused.value.field_errors["profile_acknowledgements"][0]
    spiky.refresh_from_db()
    assert spiky.profile_acknowledgements == []


def test_a_warning_that_does_not_arise_cannot_be_acknowledged(spiky, people):
    with pytest.raises(AssessmentError) as refused:
        acknowledge(spiky, people.proponent, {"code": "month_spike:2027-07", "explanation": "x"})
    assert "no such warning arises" in refused.value.field_errors["profile_acknowledgements"][0]


def test_a_changed_profile_drops_acknowledgements_of_warnings_gone_and_asks_for_new_ones(spiky, people):
    acknowledge(spiky, people.proponent, {"code": SPIKE, "explanation": EXPLANATION})
    moved = {
        "months": [
            {"month": f"2027-{m:02d}", "gases": {"CO2": "45000" if m == 8 else "4500"}} for m in range(1, 13)
        ]
    }
    services.update_application(application=spiky, actor=people.proponent, data={"emission_profile": moved})
    spiky.refresh_from_db()
    assert spiky.profile_acknowledgements == []
    with pytest.raises(AssessmentError) as refused:
        services.lodge(application=spiky, actor=people.proponent)
    assert "2027-08" in " ".join(refused.value.messages)


def test_a_change_that_keeps_the_warning_keeps_its_acknowledgement(spiky, people):
    acknowledge(spiky, people.proponent, {"code": SPIKE, "explanation": EXPLANATION})
    services.update_application(application=spiky, actor=people.proponent, data={"title": "Renamed"})
    spiky.refresh_from_db()
    assert [a["code"] for a in spiky.profile_acknowledgements] == [SPIKE]


def test_the_api_lists_the_warnings_refuses_to_lodge_then_takes_the_acknowledgement(spiky, people):
    client = client_as(people.proponent)
    detail = client.get(f"{API}/applications/{spiky.pk}").json()
    assert [(w["code"], w["acknowledged"]) for w in detail["profile_warnings"]] == [(SPIKE, False)]
    refused = transition(client, spiky.pk, "lodge")
    assert refused.status_code == 400
    assert any(m.startswith("s31: the emission profile has 1 warning") for m in refused.json()["messages"])
    response = client.patch(
        f"{API}/applications/{spiky.pk}",
        {"profile_acknowledgements": [{"code": SPIKE, "explanation": EXPLANATION}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["profile_warnings"][0]["acknowledged"] is True
    assert body["profile_acknowledgements"][0]["explanation"] == EXPLANATION
    assert transition(client, spiky.pk, "lodge").status_code == 200


def test_the_api_creates_an_application_with_its_acknowledgements(people):
    from .api_support import application_payload

    client = client_as(people.proponent)
    payload = application_payload(
        emission_profile=SPIKY,
        profile_acknowledgements=[{"code": SPIKE, "explanation": EXPLANATION}],
    )
    response = client.post(f"{API}/applications", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["profile_acknowledgements"][0]["code"] == SPIKE
    bad = client.post(
        f"{API}/applications",
        application_payload(profile_acknowledgements=[{"code": SPIKE, "explanation": EXPLANATION}]),
        format="json",
    )
    assert bad.status_code == 400 and "no such warning arises" in bad.content.decode()


def test_the_admin_change_page_shows_the_acknowledgement(spiky, people, client):
    from django.urls import reverse
    from django.utils.html import escape

    acknowledge(spiky, people.proponent, {"code": SPIKE, "explanation": EXPLANATION})
    client.force_login(people.officer)
    response = client.get(reverse("admin:assessments_application_change", args=[spiky.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Profile warnings acknowledged" in page and escape(EXPLANATION) in page
