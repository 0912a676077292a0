"""The proponent's portal (s31-s35): its organisation's applications and where each stands, its s35
directions, and on each application the timeline, documents, amendment requests to answer, and only
the acts the proponent may take now (lodge again, withdraw with a reason and a confirmation)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.forms import WITHDRAW_CONFIRMATION
from assessments.models import ApplicationEvent, Document, State
from assessments.views.portal_proponent import STAGES, TIMELINE_PER_PAGE
from greenhouse_office import clock
from greenhouse_office.roles import Role
from tests.factories import more_consideration_events

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def proponent_client(client, people):
    client.force_login(people.proponent)
    return client


def test_every_state_has_its_stage_in_words():
    assert set(STAGES) == set(State)
    assert STAGES[State.LODGED].now == "The Office is arranging an independent evaluation (s32)."
    assert STAGES[State.LODGED].next == "Next: an auditor is appointed."


def test_the_list_shows_only_the_organisations_applications_with_stage_and_dates(
    proponent_client, people, make_application
):
    lodged = make_application(State.LODGED, title="Kiln lodged")
    services.create_application(
        actor=people.proponent2,
        data={
            "title": "Another organisation's smelter",
            "description": "A smelter.",
            "location_state": "NSW",
        },
    )
    direction = services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="A fourth kiln.",
        due_on=clock.legal_day() + timedelta(days=90),
    )
    response = proponent_client.get(reverse("portal:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "My applications" in page
    assert lodged.reference in page and "Kiln lodged" in page
    assert "Another organisation" not in page
    assert "The Office is arranging an independent evaluation (s32). Next: an auditor is appointed." in page
    assert f"{lodged.evaluation_due_on:%-d %B %Y}" in page
    assert "A fourth kiln." in page and f"{direction.due_on:%-d %B %Y}" in page
    assert reverse("portal:application", args=[lodged.pk]) in page
    assert "Your appointments" not in page


def test_a_user_with_both_roles_sees_both_sections(client, people, make_application):
    appointed = make_application(State.EVALUATION_COMMISSIONED, title="Kiln I evaluate")
    auditor = people.auditor
    auditor.groups.add(Group.objects.get(name=Role.PROPONENT))
    auditor.organisation = people.proponent2.organisation
    auditor.save()
    client.force_login(auditor)
    page = client.get(reverse("portal:home")).content.decode()
    assert "My applications" in page and "Your appointments as an independent environmental auditor" in page
    assert appointed.reference in page


def _count(client, django_assert_num_queries, number):
    with django_assert_num_queries(number):
        assert client.get(reverse("portal:home")).status_code == 200


def test_the_list_makes_the_same_number_of_queries_at_two_sizes(
    proponent_client, make_application, django_assert_max_num_queries, django_assert_num_queries
):
    make_application(State.LODGED)
    with django_assert_max_num_queries(20) as few:
        proponent_client.get(reverse("portal:home"))
    for state in (State.DRAFT, State.RETURNED, State.EVALUATION_COMMISSIONED):
        make_application(state)
    _count(proponent_client, django_assert_num_queries, len(few.captured_queries))
    # The rows read only what they show, not an application's large JSON (its profile, its screening).
    assert not [q for q in few.captured_queries if '"emission_profile"' in q["sql"]]


def test_another_organisations_proponent_gets_404_everywhere(client, people, make_application):
    application = make_application(State.RETURNED)
    gia = application.documents.get(kind=Document.Kind.GIA)
    amendment = application.amendment_requests.get()
    client.force_login(people.proponent2)
    assert client.get(reverse("portal:application", args=[application.pk])).status_code == 404
    assert client.get(reverse("portal:document", args=[application.pk, gia.pk])).status_code == 404
    assert client.get(reverse("portal:withdraw", args=[application.pk])).status_code == 404
    assert client.post(reverse("portal:lodge", args=[application.pk])).status_code == 404
    answer = reverse("portal:answer", args=[application.pk, amendment.pk])
    assert client.post(answer, {f"request-{amendment.pk}-response": "Mine now."}).status_code == 404
    withdraw = {"reason": "Hijacked.", "confirm": "on"}
    assert client.post(reverse("portal:withdraw", args=[application.pk]), withdraw).status_code == 404
    application.refresh_from_db()
    assert application.state == State.RETURNED
    assert not application.amendment_requests.get().is_answered


def test_the_proponent_downloads_its_own_gia(proponent_client, make_application):
    application = make_application(State.DRAFT)
    services.upload_document(
        application=application,
        actor=application.created_by,
        kind=Document.Kind.GIA,
        upload=pdf(),
    )
    gia = application.documents.get(kind=Document.Kind.GIA)
    page = proponent_client.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert reverse("portal:document", args=[application.pk, gia.pk]) in page
    response = proponent_client.get(reverse("portal:document", args=[application.pk, gia.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_lodging_again_before_answering_is_refused_in_the_guards_words(proponent_client, make_application):
    application = make_application(State.RETURNED)
    page = proponent_client.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert "Lodge again" in page and "Describe the kiln." in page
    response = proponent_client.post(reverse("portal:lodge", args=[application.pk]))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.RETURNED


def test_answer_the_request_then_lodge_again_from_the_page(proponent_client, make_application):
    application = make_application(State.RETURNED)
    amendment = application.amendment_requests.get()
    answer = reverse("portal:answer", args=[application.pk, amendment.pk])
    empty = proponent_client.post(answer, {f"request-{amendment.pk}-response": " "})
    assert empty.status_code == 400 and "Say what was changed." in empty.content.decode()
    assert f'href="#id_request-{amendment.pk}-response"' in empty.content.decode()
    response = proponent_client.post(answer, {f"request-{amendment.pk}-response": "The kiln is described."})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.response == "The kiln is described."
    page = proponent_client.get(response["Location"]).content.decode()
    assert "your answer is saved" in page and "Changed: an amendment request was answered" in page
    response = proponent_client.post(reverse("portal:lodge", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.LODGED
    page = proponent_client.get(response["Location"]).content.decode()
    assert f"{application.reference} is lodged" in page
    assert f"{application.evaluation_due_on:%-d %B %Y}" in page
    assert "Lodge the application" in page  # the timeline, in the act's label
    assert "Lodge again" not in page  # no longer an act the proponent may take


def test_withdraw_needs_a_reason_and_the_confirmation_then_works(proponent_client, make_application):
    application = make_application(State.LODGED)
    url = reverse("portal:withdraw", args=[application.pk])
    assert url in proponent_client.get(reverse("portal:application", args=[application.pk])).content.decode()
    page = proponent_client.get(url)
    assert page.status_code == 200 and WITHDRAW_CONFIRMATION in page.content.decode()
    refused = proponent_client.post(url, {"reason": ""})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Say why the application is withdrawn." in text
    assert "Confirm the withdrawal" in text
    assert 'href="#id_reason"' in text and 'href="#id_confirm"' in text
    application.refresh_from_db()
    assert application.state == State.LODGED
    response = proponent_client.post(url, {"reason": "No longer proceeding.", "confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.withdrawal_reason) == (State.WITHDRAWN, "No longer proceeding.")
    event = ApplicationEvent.objects.filter(application=application).order_by("-sequence").first()
    assert event.transition == "withdraw"
    page = proponent_client.get(response["Location"]).content.decode()
    assert f"{application.reference} is withdrawn" in page
    assert url not in page  # no longer offered


def test_a_decided_application_cannot_be_withdrawn_and_shows_the_decision(proponent_client, make_application):
    application = make_application(State.APPROVED)
    page = proponent_client.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert "The Minister's decision (s30)" in page and "Approved" in page and "Reasons." in page
    assert reverse("portal:withdraw", args=[application.pk]) not in page
    response = proponent_client.post(
        reverse("portal:withdraw", args=[application.pk]), {"reason": "Late.", "confirm": "on"}
    )
    assert response.status_code == 409
    assert "not possible while the application is approved" in response.content.decode()


def test_advice_payloads_are_not_shown_in_the_timeline(proponent_client, make_application):
    application = make_application(State.ADVICE_GIVEN)
    page = proponent_client.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert "Give advice to the Minister" in page
    assert "Approve with conditions." not in page  # the advice's summary is the Office's and the Minister's


def test_a_non_proponent_gets_403_on_the_proponents_acts(client, people, make_application):
    application = make_application(State.LODGED)
    client.force_login(people.officer)
    response = client.get(reverse("portal:withdraw", args=[application.pk]))
    assert response.status_code == 403 and "for proponents" in response.content.decode()
    assert client.post(reverse("portal:lodge", args=[application.pk])).status_code == 403


def test_the_application_page_pages_its_timeline_in_the_same_queries_at_two_sizes(
    proponent_client, make_application, django_assert_num_queries
):
    few, many = make_application(State.OPEN_FOR_COMMENT), make_application(State.OPEN_FOR_COMMENT)
    with CaptureQueriesContext(connection) as captured:
        assert proponent_client.get(reverse("portal:application", args=[few.pk])).status_code == 200
    number = len(captured)
    more_consideration_events(many, 120, str(many.pk))
    total = many.events.count()
    for page_number in ("", "?timeline_page=2", "?timeline_page=99"):
        with django_assert_num_queries(number):
            response = proponent_client.get(reverse("portal:application", args=[many.pk]) + page_number)
        assert response.status_code == 200
    first = proponent_client.get(reverse("portal:application", args=[many.pk])).content.decode()
    assert first.count("Changed: the Office considered a public comment") <= TIMELINE_PER_PAGE
    assert f"Events 1 to {TIMELINE_PER_PAGE} of {total}, the earliest first." in first
    assert 'href="?timeline_page=2#timeline" rel="next">Later events' in first
    assert "Lodge the application" in first  # the acts come first, in order
    last = proponent_client.get(reverse("portal:application", args=[many.pk]) + "?timeline_page=3").content
    assert b'rel="prev">Earlier events' in last and b"Lodge the application" not in last
