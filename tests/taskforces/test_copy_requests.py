"""s38: a published industry greenhouse plan is available on request to members of the public: the form
at /plans/<code>/request-a-copy/, its confirmation, the service, and the admin where Office staff answer."""

import pytest
from django.urls import reverse

from greenhouse_office import clock, statute
from greenhouse_office.models import Email
from greenhouse_office.roles import Role
from taskforces.errors import PlanError, Refusal
from taskforces.models import PlanCopyRequest
from taskforces.services import copy_requests
from tests.assessments import conftest as assessments_conftest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

people = assessments_conftest.people  # the demo's Office staff, who sign in to the admin

FORM = "/plans/1.A.3/request-a-copy/"
GOOD = {"name": "Jo Citizen", "format": "email", "email": "jo@example.com", "postal_address": ""}


@pytest.fixture
def published(make_plan):
    return make_plan("published")


def test_s38_a_request_is_recorded_for_the_current_version_acknowledged_and_confirmed(client, published):
    page = client.get(FORM)
    assert page.status_code == 200
    assert "Which documents" not in page.text  # a plan is one document
    response = client.post(FORM, GOOD)
    assert response.status_code == 302 and response["Location"] == "/plans/1.A.3/request-a-copy/sent/"
    request = PlanCopyRequest.objects.get()
    assert (request.plan, request.version.number, request.email) == (published, 1, "jo@example.com")
    assert request.status == "received" and not request.suspected_spam
    assert request.due_on == copy_requests.due_on(clock.legal_day())
    email = Email.objects.get(template="plan_copy_request_received")
    assert email.to == "jo@example.com" and "/plans/1.A.3/" in email.body
    assert "section 38" in email.body and statute.format_day(request.due_on) in email.body
    assert "Jo Citizen" not in email.body  # nothing submitted is echoed back
    confirmation = client.get(response["Location"])
    assert "Your request has been received" in confirmation.text
    assert request.due_on.strftime("%-d %B %Y") in confirmation.text


@pytest.mark.parametrize(
    "data, message",
    [
        ({**GOOD, "email": ""}, "Enter the email address to send the PDF to."),
        ({**GOOD, "format": "post"}, "Enter the postal address to send the printed copy to."),
        ({**GOOD, "name": ""}, "This field is required."),
    ],
)
def test_a_request_with_errors_shows_them_and_records_nothing(client, published, data, message):
    response = client.post(FORM, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not PlanCopyRequest.objects.exists()


def test_a_filled_honeypot_is_kept_for_staff_but_mails_no_one(client, published):
    assert client.post(FORM, {**GOOD, "website": "http://spam.example"}).status_code == 302
    assert PlanCopyRequest.objects.get().suspected_spam is True
    assert not Email.objects.filter(template="plan_copy_request_received").exists()


def test_requests_are_rate_limited_per_client_as_the_registers_are(client, published, monkeypatch):
    from assessments.views.register import CopyRequestThrottle

    monkeypatch.setattr(CopyRequestThrottle, "THROTTLE_RATES", {"copy_requests": "1/hour"})
    assert client.post(FORM, GOOD).status_code == 302
    response = client.post(FORM, GOOD)
    assert response.status_code == 429 and "Too many requests" in response.text
    assert PlanCopyRequest.objects.count() == 1


@pytest.mark.parametrize("state", ["drafting", "given_to_minister"])
def test_s38_no_copy_of_a_plan_not_yet_published(client, make_plan, state):
    plan = make_plan(state)
    assert client.get(FORM).status_code == 404
    assert client.post(FORM, GOOD).status_code == 404
    assert client.get(FORM + "sent/").status_code == 404
    with pytest.raises(PlanError) as refused:
        copy_requests.request_plan_copy(
            plan=plan, name="Jo", email="jo@example.com", postal_address="", format="email"
        )
    assert refused.value.kind == Refusal.NOT_AVAILABLE and "s38" in str(refused.value)


def test_a_plan_under_review_is_still_available_on_request(client, make_plan):
    make_plan("under_review")
    assert client.post(FORM, GOOD).status_code == 302


def test_office_staff_answer_a_request_in_the_admin_and_the_requester_is_told(client, published, people):
    officer = people.officer
    client.post(FORM, GOOD)
    request = PlanCopyRequest.objects.get()
    client.force_login(officer)
    changelist = reverse("admin:taskforces_plancopyrequest_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200 and "1.A.3" in listing.text and "Jo Citizen" in listing.text
    response = client.post(
        changelist, {"action": "mark_answered", "_selected_action": [request.pk]}, follow=True
    )
    assert "1 request answered." in response.text
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_by == officer and request.answered_at
    email = Email.objects.get(template="plan_copy_request_answered")
    assert email.to == "jo@example.com" and "/plans/1.A.3/" in email.body
    # A second answer is refused with a message, and mails no one again.
    response = client.post(
        changelist, {"action": "mark_answered", "_selected_action": [request.pk]}, follow=True
    )
    assert "already been answered" in response.text
    assert Email.objects.filter(template="plan_copy_request_answered").count() == 1
    # Nothing the requester gave is editable, and nothing is added or deleted by hand.
    assert client.get(reverse("admin:taskforces_plancopyrequest_add")).status_code == 403
    change = client.get(reverse("admin:taskforces_plancopyrequest_change", args=[request.pk]))
    assert change.status_code == 200 and 'name="email"' not in change.text


def test_only_office_staff_answer(published):
    request = copy_requests.request_plan_copy(
        plan=published, name="Jo", email="", postal_address="1 Main St", format="post"
    )
    with pytest.raises(PlanError) as refused:
        copy_requests.answer_plan_copy_request(copy_request=request, actor=UserFactory(roles=[Role.MINISTER]))
    assert refused.value.kind == Refusal.FORBIDDEN
    request.refresh_from_db()
    assert request.status == "received"
