"""The public register: published assessments only, their documents, and comments until the closing day."""

from datetime import timedelta

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from assessments.models import Application, Comment, State
from greenhouse_office import statute
from greenhouse_office.models import Email

from .api_support import API
from .conftest import PDF

pytestmark = pytest.mark.django_db

COMMENT = {"name": "Sam Citizen", "email": "sam@example.com", "text": "Consider carbon capture."}


@pytest.fixture
def public():
    return APIClient(enforce_csrf_checks=True)  # no session, so CSRF never applies


def test_s33_1_the_public_list_shows_published_assessments_only(public, make_application):
    hidden = [
        make_application(state).pk for state in (State.DRAFT, State.LODGED, State.EVALUATED, State.WITHDRAWN)
    ]
    shown = [
        make_application(state).pk
        for state in (State.OPEN_FOR_COMMENT, State.COMMENTS_CLOSED, State.APPROVED)
    ]
    response = public.get(f"{API}/public/assessments")
    assert response.status_code == 200
    assert sorted(a["id"] for a in response.json()["results"]) == sorted(shown)
    for pk in hidden:
        assert public.get(f"{API}/public/assessments/{pk}").status_code == 404
        assert (
            public.post(f"{API}/public/assessments/{pk}/comments", COMMENT, format="json").status_code == 404
        )


def test_s33_1_a_published_assessment_with_its_notices_and_documents(people, public, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    # Neither "other" documents nor those withheld under s42(2) are public.
    application.documents.create(
        kind="other",
        file="x.pdf",
        original_name="x.pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=people.proponent,
    )
    body = public.get(f"{API}/public/assessments/{application.pk}").json()
    assert body["reference"] == application.reference
    assert body["state"] == "open_for_comment"
    assert body["gazette_date"] == application.gazette_date.isoformat()
    assert body["closing_day"] == application.closing_day.isoformat()
    assert body["effective_closing_day"] == statute.effective_closing_day(application.closing_day).isoformat()
    assert body["comment_address"].startswith("The Director")
    assert {n["newspaper"] for n in body["newspaper_notices"]} == {"The Age", "The Sydney Morning Herald"}
    assert sorted(d["kind"] for d in body["documents"]) == ["evaluation", "gia"]
    assert body["screening"]["exceeds_threshold"] is True
    download = public.get(body["documents"][0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"

    evaluation = application.documents.get(kind="evaluation")
    evaluation.withheld_under_s42 = True
    evaluation.save()
    body = public.get(f"{API}/public/assessments/{application.pk}").json()
    assert [d["kind"] for d in body["documents"]] == ["gia"]
    path = f"{API}/public/assessments/{application.pk}/documents/{evaluation.pk}/download"
    assert public.get(path).status_code == 404


def test_aia_s36_2_a_closing_day_on_a_weekend_is_extended_to_the_next_business_day(public, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    saturday = application.closing_day + timedelta(days=(5 - application.closing_day.weekday()) % 7)
    Application.objects.filter(pk=application.pk).update(closing_day=saturday)
    body = public.get(f"{API}/public/assessments/{application.pk}").json()
    assert body["closing_day"] == saturday.isoformat()
    assert body["effective_closing_day"] > saturday.isoformat()


def test_s33_2_c_a_public_comment_gets_a_receipt(public, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = public.post(f"{API}/public/assessments/{application.pk}/comments", COMMENT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"reference", "received_at", "on_time"}
    assert body["on_time"] is True
    comment = Comment.objects.get(reference=body["reference"])
    assert (comment.channel, comment.recorded_by) == ("web", None)


def test_400_a_public_comment_without_name_email_or_text(public, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    response = public.post(
        f"{API}/public/assessments/{application.pk}/comments",
        {"name": "", "email": "not-an-address", "text": ""},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"name", "email", "text", "messages"}
    assert not Comment.objects.exists()


def test_404_a_comment_on_an_assessment_not_published_whatever_was_sent(make_application):
    """The view no longer reads the row before the comment's share lock: a refusal (or a body that
    needs correcting) still answers 404 for an assessment the public cannot see, in the one shape."""
    draft, withdrawn = make_application(State.DRAFT), make_application(State.WITHDRAWN)
    missing = max(draft.pk, withdrawn.pk) + 1000
    bad = {"name": "", "email": "not-an-address", "text": "", "colour": "red"}
    for n, pk in enumerate((draft.pk, withdrawn.pk, missing, 2**70)):  # 2**70: past any id column
        caller = APIClient(REMOTE_ADDR=f"192.0.2.{n + 10}")  # a client each: under the rate limit
        for body in (COMMENT, bad, {}):
            response = caller.post(f"{API}/public/assessments/{pk}/comments", body, format="json")
            assert response.status_code == 404, (pk, body, response.content)
            assert response.json() == {
                "detail": "Not found, or not visible to you.",
                "code": "not_found",
                "messages": ["Not found, or not visible to you."],
            }
        # A body that is not JSON, or not a type the API reads: still not found.
        path = f"{API}/public/assessments/{pk}/comments"
        assert caller.post(path, "{not json", content_type="application/json").status_code == 404
        assert caller.post(path, "name=Ann", content_type="text/csv").status_code == 404
    # A published one answers the body's faults (400) and its state (409) as before.
    caller = APIClient(REMOTE_ADDR="192.0.2.20")
    closed = make_application(State.COMMENTS_CLOSED)
    response = caller.post(f"{API}/public/assessments/{closed.pk}/comments", bad, format="json")
    assert response.status_code == 400 and set(response.json()) >= {"name", "email", "text", "colour"}
    path = f"{API}/public/assessments/{closed.pk}/comments"
    assert caller.post(path, "{not json", content_type="application/json").status_code == 400
    assert caller.post(path, "name=Ann", content_type="text/csv").status_code == 415
    response = caller.post(f"{API}/public/assessments/{closed.pk}/comments", COMMENT, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "This assessment is not open for comment."
    assert not Comment.objects.exists()


def test_a_receipt_names_the_assessment_read_under_the_share_lock(public, make_application):
    """The view passes only the pk: the title in the receipt is the one the comment's lock read."""
    application = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=application.pk).update(title="Kiln No. 2 & its dust")
    response = public.post(f"{API}/public/assessments/{application.pk}/comments", COMMENT, format="json")
    assert response.status_code == 201, response.content
    comment = Comment.objects.get(reference=response.json()["reference"])
    assert comment.application_id == application.pk and comment.on_time
    email = Email.objects.get(to=COMMENT["email"])
    assert f'{application.reference}, "Kiln No. 2 & its dust"' in email.body
    assert email.record_id == application.pk


def test_409_s33_2_d_ii_no_public_comment_after_the_closing_day(public, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    response = public.post(f"{API}/public/assessments/{application.pk}/comments", COMMENT, format="json")
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]
    closed = make_application(State.COMMENTS_CLOSED)
    response = public.post(f"{API}/public/assessments/{closed.pk}/comments", COMMENT, format="json")
    assert response.status_code == 409
    assert not Comment.objects.exists()


def test_429_public_comments_are_rate_limited_per_client(public, make_application):
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_comments"]
    allowed, period = rate.split("/")
    assert period.startswith("min") and int(allowed) >= 10  # a person never meets the limit
    application = make_application(State.OPEN_FOR_COMMENT)
    path = f"{API}/public/assessments/{application.pk}/comments"
    for _ in range(int(allowed)):
        assert public.post(path, COMMENT, format="json").status_code == 201
    response = public.post(path, COMMENT, format="json")
    assert response.status_code == 429
    assert "Too many comments" in response.json()["detail"]
    assert Comment.objects.count() == int(allowed)
    # Another client is not affected.
    other = APIClient(REMOTE_ADDR="192.0.2.7")
    assert other.post(path, COMMENT, format="json").status_code == 201


def test_the_public_cannot_download_unpublished_documents(public, make_application):
    application = make_application(State.EVALUATED)
    for document in application.documents.all():
        path = f"{API}/public/assessments/{application.pk}/documents/{document.pk}/download"
        assert public.get(path).status_code == 404
        private = f"{API}/applications/{application.pk}/documents/{document.pk}/download"
        assert public.get(private).status_code == 401
    # A published application's id does not unlock another application's document.
    published = make_application(State.OPEN_FOR_COMMENT)
    unpublished = application.documents.first()
    wrong_pair = f"{API}/public/assessments/{published.pk}/documents/{unpublished.pk}/download"
    assert public.get(wrong_pair).status_code == 404
