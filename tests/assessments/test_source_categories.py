"""Kyoto Protocol Annex A source categories of an action (s6, s8): given when lodging, checked once by
the service, shown and filtered on the public register."""

import pytest

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import State
from greenhouse_office import statute
from tests.assessments.api_support import API, application_payload, client_as
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_annex_a_lists_its_sectors_and_categories():
    labels = dict(statute.SOURCE_CATEGORY_CHOICES)
    assert labels["2.A"] == "Industrial processes: Mineral products"
    assert labels["1.B.2"] == "Energy, fugitive emissions from fuels: Oil and natural gas"
    assert labels["6.C"] == "Waste: Waste incineration"
    assert len(labels) == 27 and not any(code.startswith("5") for code in labels)  # LUCF is not in Annex A


def test_the_service_keeps_known_codes_once_in_annex_a_order_and_refuses_unknown_ones(people):
    application = ApplicationFactory(created_by=people.proponent, source_categories=["2.A", "1.A.2", "2.A"])
    assert application.source_categories == ["1.A.2", "2.A"]
    with pytest.raises(AssessmentError) as refused:
        services.update_application(
            application=application, actor=people.proponent, data={"source_categories": ["2.A", "9.Z"]}
        )
    assert refused.value.field_errors == {
        "source_categories": ["Not a Kyoto Protocol Annex A source category code: 9.Z."]
    }


def test_the_api_takes_and_shows_the_source_categories(people):
    api = client_as(people.proponent)
    created = api.post(f"{API}/applications", application_payload(source_categories=["1.A.1"]), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["source_categories"] == ["1.A.1"]
    bad = api.post(f"{API}/applications", application_payload(source_categories=["nope"]), format="json")
    assert bad.status_code == 400 and "source_categories" in bad.json()


def test_the_portal_action_step_saves_them_and_the_check_page_names_them(client, people, make_application):
    draft = make_application(State.DRAFT)
    client.force_login(people.proponent)
    response = client.post(
        f"/portal/applications/{draft.pk}/lodging/action/",
        {
            "title": draft.title,
            "description": draft.description,
            "location_state": "VIC",
            "affected_states": ["VIC"],
            "source_categories": ["1.A.2", "2.A"],
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.source_categories == ["1.A.2", "2.A"]
    check = client.get(f"/portal/applications/{draft.pk}/lodging/check/").content.decode()
    assert (
        "Energy, fuel combustion: Manufacturing industries and construction; Industrial processes: Mineral"
        in check
    )


def test_the_register_filters_by_source_category_and_the_page_names_them(client, people, make_application):
    kiln = make_application(State.OPEN_FOR_COMMENT, title="Cement kiln", source_categories=["2.A"])
    gas = make_application(State.OPEN_FOR_COMMENT, title="Gas train", source_categories=["1.B.2", "2.A"])
    mill = make_application(State.OPEN_FOR_COMMENT, title="Grinding mill", source_categories=["2.B"])
    listed = client.get("/assessments/", {"source_category": "2.A"}).content.decode()
    assert kiln.reference in listed and gas.reference in listed and mill.reference not in listed
    only_gas = client.get("/assessments/", {"source_category": "1.B.2"}).content.decode()
    assert gas.reference in only_gas and kiln.reference not in only_gas
    page = client.get(f"/assessments/{kiln.reference}/").content.decode()
    assert "Industrial processes: Mineral products" in page
