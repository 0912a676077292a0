"""No response above 1 MB but downloads (issue 14): an application with thousands of comments (and the
events their consideration writes) is listed a page at a time, or capped, on every page that lists
them; the PDFs and the open data are downloads, and exempt."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from assessments.api.base import COMMENTS_PER_PAGE as API_COMMENTS_PER_PAGE
from assessments.models import Comment
from assessments.views.register_context import COMMENTS_PER_PAGE
from greenhouse_office import clock
from greenhouse_office.bounds import MAX_COMMENT_CHARS
from tests.factories import more_consideration_events, published_comments

from .decision_support import decided_with_comments

pytestmark = pytest.mark.django_db

ONE_MB = 1024 * 1024
COMMENTS = 3000
PROSE = "The kiln's dust settles on the school's oval and on the tank water of every house nearby. "


def prose(length: int) -> str:
    return (PROSE * (length // len(PROSE) + 1))[:length]


def bulk_comments(application, count: int, length: int, tag: str) -> None:
    """``count`` comments made, considered and published (test data: in life each is made by a person),
    each with its own theme and response (the worst case for the report on the comments), every tenth
    late, and the event each consideration writes."""
    now = clock.legal_now()
    published_comments(
        application,
        count,
        reference=lambda n: f"C-{tag}{n:06d}",
        organisation=lambda n: f"Residents' group {n}",
        text=prose(length),
        received_at=lambda n: now + timedelta(seconds=n),
        on_time=lambda n: n % 10 != 0,
        at_notice_address=True,
        considered=True,
        considered_at=now,
        theme=lambda n: f"Theme {n}",
        response=lambda n: f"The Office considered comment {n}: " + prose(300),
        at=now,
    )
    more_consideration_events(application, count, tag)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages_listing_comments(application, people) -> list[tuple[Client, str]]:
    """Every page and API list that lists the application's comments or its events (downloads aside)."""
    public, pk, reference = Client(), application.pk, application.reference
    assessment = reverse("register:assessment", kwargs={"reference": reference})
    return [
        (public, assessment),
        (public, f"{assessment}?page=2&report_page=2"),
        (public, f"{assessment}?page=99999&report_page=99999"),  # the last pages
        (public, f"/api/v1/public/assessments/{pk}/comments?page_size=5000"),
        (signed_in(people.officer), f"/api/v1/applications/{pk}/comments?page_size=5000"),
        (signed_in(people.minister), reverse("minister:application", args=[pk])),
        (signed_in(people.proponent), reverse("portal:application", args=[pk])),
        (signed_in(people.officer), reverse("admin:assessments_application_change", args=[pk])),
        (
            signed_in(people.officer),
            f"{reverse('admin:assessments_comment_changelist')}?application__id__exact={pk}",
        ),
    ]


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def big(make_application, people):
    application, _ = decided_with_comments(make_application, people)
    bulk_comments(application, COMMENTS, 600, "B")
    return application


def test_every_page_listing_a_big_applications_comments_is_under_1_mb(big, people):
    for client, url in pages_listing_comments(big, people):
        response = client.get(url)
        assert response.status_code == 200, url
        size = len(body_of(response))
        assert size < ONE_MB, (url, size)


def test_a_page_of_comments_at_the_length_limit_is_under_1_mb(make_application, people):
    """The worst case the Bill allows a person: every comment as long as it may be (bounds)."""
    application, _ = decided_with_comments(make_application, people)
    bulk_comments(application, max(COMMENTS_PER_PAGE, API_COMMENTS_PER_PAGE) + 1, MAX_COMMENT_CHARS, "L")
    for client, url in pages_listing_comments(application, people):
        response = client.get(url)
        assert response.status_code == 200, url
        size = len(body_of(response))
        assert size < ONE_MB, (url, size)


def test_the_public_api_pages_comments_at_most_40_at_a_time_whatever_is_asked(big):
    body = Client().get(f"/api/v1/public/assessments/{big.pk}/comments?page_size=5000").json()
    assert len(body["results"]) == API_COMMENTS_PER_PAGE == 40
    private = 1  # decided_with_comments' comment made without consent
    assert body["next"] and body["count"] == Comment.objects.filter(application=big).count() - private
