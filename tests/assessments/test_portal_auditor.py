"""The independent environmental auditor's portal (s32): appointments, the evaluation in one confirmed
step through the registry's act, the auditor's own register entry, and who may see what."""

from datetime import timedelta

import pytest
from django.urls import reverse

from assessments.models import (
    Application,
    ApplicationEvent,
    AuditorEvent,
    Document,
    Engagement,
    IndependentAuditor,
    State,
)
from assessments.views.auditor_forms import CONFIRMATION
from greenhouse_office import clock

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client, people):
    client.force_login(people.auditor)
    return client


def test_the_list_shows_only_the_applications_the_auditor_is_appointed_to(auditor_client, make_application):
    mine = make_application(State.EVALUATION_COMMISSIONED, title="Kiln appointed to me")
    make_application(State.LODGED, title="Kiln nobody evaluates yet")
    response = auditor_client.get(reverse("portal:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert mine.reference in page and "Kiln appointed to me" in page
    assert "Kiln nobody evaluates yet" not in page
    assert "Evaluation commissioned" in page  # the state in words
    days = (mine.evaluation_due_on - clock.legal_day()).days
    assert f"due in {days} day" in page
    assert reverse("portal:application", args=[mine.pk]) in page


def test_an_overdue_evaluation_says_by_how_many_days(auditor_client, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    Application.objects.filter(pk=application.pk).update(
        evaluation_due_on=clock.legal_day() - timedelta(days=3)
    )
    assert "overdue by 3 days" in auditor_client.get(reverse("portal:home")).content.decode()


def _count_queries(client, django_assert_num_queries, number):
    with django_assert_num_queries(number):
        assert client.get(reverse("portal:home")).status_code == 200


def test_the_list_makes_the_same_number_of_queries_at_two_sizes(
    auditor_client, make_application, django_assert_max_num_queries, django_assert_num_queries
):
    make_application(State.EVALUATION_COMMISSIONED)
    with django_assert_max_num_queries(20) as few:
        auditor_client.get(reverse("portal:home"))
    for _ in range(3):
        make_application(State.EVALUATION_COMMISSIONED)
    _count_queries(auditor_client, django_assert_num_queries, len(few.captured_queries))


def _record(client, application, *, upload=None, confirm=True):
    data = {"evaluation": upload if upload is not None else pdf("my-evaluation.pdf")}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("portal:application", args=[application.pk]), data)


def test_s32_1_the_auditor_uploads_and_records_the_evaluation_in_one_confirmed_step(
    auditor_client, make_application, people
):
    application = make_application(State.EVALUATION_COMMISSIONED)
    page = auditor_client.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert CONFIRMATION in page and "25.0" in page  # the size limit is shown before the upload
    response = _record(auditor_client, application)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:application", args=[application.pk])
    application.refresh_from_db()
    assert application.state == State.EVALUATED
    evaluation = application.documents.get(kind=Document.Kind.EVALUATION)
    assert (evaluation.uploaded_by, evaluation.original_name) == (people.auditor, "my-evaluation.pdf")
    event = ApplicationEvent.objects.filter(application=application).order_by("-sequence").first()
    assert (event.transition, event.actor, event.section) == ("record_evaluation", people.auditor, "s32(1)")
    followed = auditor_client.get(response["Location"]).content.decode()
    assert f"{application.reference}: your evaluation is recorded" in followed
    assert "now evaluated" in followed
    assert CONFIRMATION not in followed  # no form once it is recorded


@pytest.mark.parametrize(
    ("upload", "confirm", "field_error"),
    [
        (None, False, "Confirm that this is your final evaluation under s32(1)."),
        (pdf("not.pdf", b"just text"), True, "The file is not a PDF document"),
    ],
    ids=["no-confirmation", "not-a-pdf"],
)
def test_a_refused_record_shows_the_field_error_and_changes_nothing(
    auditor_client, make_application, upload, confirm, field_error
):
    application = make_application(State.EVALUATION_COMMISSIONED)
    events = ApplicationEvent.objects.filter(application=application).count()
    response = _record(auditor_client, application, upload=upload, confirm=confirm)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and field_error in page
    assert 'href="#id_' in page  # the summary links to the field
    application.refresh_from_db()
    assert application.state == State.EVALUATION_COMMISSIONED
    assert not application.documents.filter(kind=Document.Kind.EVALUATION).exists()
    assert ApplicationEvent.objects.filter(application=application).count() == events


def test_another_auditor_gets_404_on_the_application_and_its_documents(client, people, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    gia = application.documents.get(kind=Document.Kind.GIA)
    client.force_login(people.auditor2)
    assert client.get(reverse("portal:application", args=[application.pk])).status_code == 404
    assert client.get(reverse("portal:document", args=[application.pk, gia.pk])).status_code == 404
    assert _record(client, application).status_code == 404
    application.refresh_from_db()
    assert application.state == State.EVALUATION_COMMISSIONED


def test_the_appointed_auditor_downloads_the_gia_as_an_attachment(auditor_client, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    gia = application.documents.get(kind=Document.Kind.GIA)
    response = auditor_client.get(reverse("portal:document", args=[application.pk, gia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_someone_neither_auditor_nor_proponent_gets_403_on_the_auditor_pages(
    client, people, make_application
):
    application = make_application(State.EVALUATION_COMMISSIONED)
    client.force_login(people.minister)  # a proponent has its own portal (test_portal_proponent.py)
    for url in (
        reverse("portal:home"),
        reverse("portal:application", args=[application.pk]),
        reverse("portal:register"),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "for independent environmental auditors" in response.content.decode()


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _register_data(client):
    """What the register page would POST unchanged."""
    response = client.get(reverse("portal:register"))
    form, engagements = response.context["form"], response.context["engagements"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    for name, value in engagements.management_form.initial.items():
        data[f"engagements-{name}"] = value
    for row in engagements.initial_forms:
        data[row.add_prefix("id")] = row.instance.pk
        data[row.add_prefix("auditor")] = row.instance.auditor_id
        for name in row.fields:
            if name in ("id", "auditor"):
                continue
            value = row.initial.get(name)
            data[row.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
    return data


def test_s32_2_a_register_edit_by_the_auditor_is_logged_with_before_and_after(auditor_client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    before = auditor.qualifications
    engagement = Engagement.objects.filter(auditor=auditor).first()
    data = _register_data(auditor_client)
    data["qualifications"] = "Lead Environmental Auditor (ISO 14001), certificate 4471"
    data["engagements-0-ended_on"] = "2026-06-30"
    response = auditor_client.post(reverse("portal:register"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    events = {event.transition: event for event in AuditorEvent.objects.filter(auditor=auditor)}
    edit = events["change_auditor"]
    assert (edit.actor, edit.section) == (people.auditor, "s32(2)")
    assert edit.payload == {
        "changed": ["qualifications"],
        "before": {"qualifications": before},
        "after": {"qualifications": "Lead Environmental Auditor (ISO 14001), certificate 4471"},
    }
    ended = events["change_engagement"].payload
    assert ended["before"] == {"ended_on": None} and ended["after"] == {"ended_on": "2026-06-30"}
    engagement.refresh_from_db()
    assert str(engagement.ended_on) == "2026-06-30"


def test_the_auditor_adds_an_engagement_and_it_is_logged(auditor_client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    organisation = people.proponent.organisation
    data = _register_data(auditor_client)
    extra = data["engagements-TOTAL_FORMS"]
    data["engagements-TOTAL_FORMS"] = extra + 1
    data.update(
        {
            f"engagements-{extra}-organisation": organisation.pk,
            f"engagements-{extra}-kind": Engagement.Kind.CONTRACT,
            f"engagements-{extra}-started_on": "2026-01-05",
            f"engagements-{extra}-description": "Noise survey",
        }
    )
    response = auditor_client.post(reverse("portal:register"), data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["engagements"].errors,
    )
    added = AuditorEvent.objects.get(auditor=auditor, transition="add_engagement")
    assert added.payload["after"]["organisation"] == organisation.pk
    assert not AuditorEvent.objects.filter(auditor=auditor, transition="change_auditor").exists()


def test_a_recorded_engagement_can_only_be_ended_not_rewritten(auditor_client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    engagement = Engagement.objects.filter(auditor=auditor).first()
    data = _register_data(auditor_client)
    data["engagements-0-description"] = "Rewritten history"
    response = auditor_client.post(reverse("portal:register"), data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["engagements"].errors,
    )
    engagement.refresh_from_db()
    assert engagement.description != "Rewritten history"
    assert not AuditorEvent.objects.filter(auditor=auditor).exists()


def test_the_navigation_offers_the_portal_to_auditors_and_proponents_only(client, people):
    link = f'href="{reverse("portal:home")}"'
    for user in (people.auditor, people.proponent):
        client.force_login(user)
        assert link in client.get(reverse("home")).content.decode()
    client.force_login(people.minister)
    assert link not in client.get(reverse("home")).content.decode()


def test_recording_twice_is_refused_by_the_state_in_the_executors_words(auditor_client, make_application):
    application = make_application(State.EVALUATED)
    response = _record(auditor_client, application)
    assert response.status_code == 409
    assert (
        "Record the evaluation is not possible while the application is evaluated"
        in response.content.decode()
    )
