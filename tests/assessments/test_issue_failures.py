"""A PDF that fails to render is recorded by its task on each attempt, shown to Office staff (the
failures list, the today page, the application's partial), retried by "Retry now" and resolved once
issued (assessments.services.issue_failures, assessments.admin.issue_failures)."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.template.loader import render_to_string
from django.urls import reverse

from assessments import services, tasks
from assessments.admin.issue_failures import failures_for
from assessments.models import Document, IssueFailure, State
from assessments.services import directions, issuing
from greenhouse_office import statute
from greenhouse_office.pdf import PdfRenderError

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(monkeypatch):
    """Every render of an application's document fails, until ``fixed()``."""

    def fail(*args, **kwargs):
        raise PdfRenderError("Could not render the PDF pdf/advice.html: the font is missing")

    real = issuing.render_pdf
    monkeypatch.setattr(issuing, "render_pdf", fail)
    return lambda: monkeypatch.setattr(issuing, "render_pdf", real)


def _advised(make_application):
    return make_application(State.ADVICE_GIVEN)  # its on-commit task never ran in this test


def test_a_failed_render_is_recorded_on_each_attempt_and_raised_for_the_retry(make_application, broken):
    application = _advised(make_application)
    for attempt in (1, 2):
        with pytest.raises(PdfRenderError):
            tasks.issue_advice(application.pk)
        failure = IssueFailure.objects.get()
        assert failure.attempts == attempt and failure.resolved_at is None
    assert failure.application == application and failure.kind == Document.Kind.ADVICE
    assert failure.task == "issue_advice" and failure.arguments == [application.pk]
    assert "the font is missing" in failure.error and failure.last_failed_at >= failure.first_failed_at
    assert not application.documents.filter(kind=Document.Kind.ADVICE).exists()


def test_a_task_over_its_soft_time_limit_is_recorded(make_application, monkeypatch):
    application = make_application(State.LODGED)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(issuing, "render_pdf", too_slow)
    application.documents.filter(kind=Document.Kind.RECEIPT).delete()
    with pytest.raises(SoftTimeLimitExceeded):
        tasks.issue_office_document(application.pk, Document.Kind.RECEIPT)
    failure = IssueFailure.objects.get(kind=Document.Kind.RECEIPT)
    assert failure.arguments == [application.pk, "receipt"] and "SoftTimeLimitExceeded" in failure.error


def test_the_failure_is_shown_in_admin_on_the_today_page_and_for_its_application(
    make_application, broken, people, client, django_assert_num_queries
):
    application = _advised(make_application)
    with pytest.raises(PdfRenderError):
        tasks.issue_advice(application.pk)
    client.force_login(people.officer)
    listing = client.get(reverse("admin:assessments_issuefailure_changelist") + "?status=open")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert (
        "advice to the Minister (s34)" in html and application.reference in html and "Not yet issued" in html
    )
    assert "Retry now" in html
    today = client.get(reverse("admin:assessments_application_today")).content.decode()
    assert "Documents that failed to render" in today and f"of {application.reference}" in today
    with django_assert_num_queries(1):
        context = failures_for(application)
    partial = render_to_string("assessments/admin/_issue_failures.html", context)
    assert "Documents that failed to render: 1" in partial and 'value="retry_now"' in partial
    assert (
        render_to_string("assessments/admin/_issue_failures.html", failures_for(make_application())).strip()
        == ""
    )


def test_retry_now_renders_it_again_issues_it_and_resolves_the_failure(
    make_application, broken, people, client
):
    application = _advised(make_application)
    with pytest.raises(PdfRenderError):
        tasks.issue_advice(application.pk)
    failure = IssueFailure.objects.get()
    broken()  # the font is installed again
    client.force_login(people.officer)
    response = client.post(
        reverse("admin:assessments_issuefailure_changelist"),
        {"action": "retry_now", "_selected_action": [failure.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Issued: 1." in response.content.decode()
    failure.refresh_from_db()
    assert failure.resolved_at is not None
    document = application.documents.get(kind=Document.Kind.ADVICE)
    assert document.size > 0 and application.events.filter(transition="issue_advice").count() == 1
    today = client.get(reverse("admin:assessments_application_today")).content.decode()
    assert f"of {application.reference}" not in today


def test_retry_now_that_fails_again_says_so_and_counts_the_attempt(make_application, broken, people, client):
    application = _advised(make_application)
    with pytest.raises(PdfRenderError):
        tasks.issue_advice(application.pk)
    failure = IssueFailure.objects.get()
    client.force_login(people.officer)
    response = client.post(
        reverse("admin:assessments_issuefailure_changelist"),
        {"action": "retry_now", "_selected_action": [failure.pk]},
        follow=True,
    )
    assert "Failed again: 1" in response.content.decode()
    failure.refresh_from_db()
    assert failure.resolved_at is None and failure.attempts > 1


def test_the_failures_list_is_never_edited_and_not_for_the_public(make_application, broken, people, client):
    application = _advised(make_application)
    with pytest.raises(PdfRenderError):
        tasks.issue_advice(application.pk)
    failure = IssueFailure.objects.get()
    client.force_login(people.officer)
    change = client.get(reverse("admin:assessments_issuefailure_change", args=[failure.pk]))
    assert change.status_code == 200 and b'name="error"' not in change.content  # read-only
    assert client.get(reverse("admin:assessments_issuefailure_add")).status_code == 403
    client.force_login(people.proponent)
    response = client.get(reverse("admin:assessments_issuefailure_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_document_issued_on_its_first_download_resolves_its_failure(
    make_application, broken, people, client
):
    application = make_application(State.OPEN_FOR_COMMENT)
    application.documents.filter(kind=Document.Kind.NOTICE).delete()
    with pytest.raises(PdfRenderError):
        tasks.issue_office_document(application.pk, Document.Kind.NOTICE)
    broken()
    response = client.get(reverse("register:notice", args=[application.reference]))
    assert response.status_code == 200
    assert IssueFailure.objects.get().resolved_at is not None


def test_a_direction_that_fails_to_render_is_recorded_and_resolved_by_the_retry(people, monkeypatch):
    direction = services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="A fourth kiln.",
        due_on=statute.legal_today() + timedelta(days=60),
    )  # its on-commit task never ran in this test
    real = directions.render_pdf

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(directions, "render_pdf", fail)
    with pytest.raises(OSError):
        tasks.issue_direction(direction.pk)
    failure = IssueFailure.objects.get()
    assert failure.direction == direction and failure.kind == "direction" and "disk full" in failure.error
    monkeypatch.setattr(directions, "render_pdf", real)
    from assessments.services.issue_failures import retry

    assert retry(IssueFailure.objects.all()) == {"issued": 1, "failed": 0, "queued": 0}
    failure.refresh_from_db()
    direction.refresh_from_db()
    assert failure.resolved_at is not None and direction.issued_at is not None
