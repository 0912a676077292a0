"""The public comment form (s33(2)(c)): open until midnight at the end of the (AIA s36(2)-extended)
closing day in Canberra, then a notice of when comments closed; spam control that drops nothing (held,
duplicate, a rate shared with the API); receipts that echo nothing typed; publication by consent after
moderation, and redaction that never removes a comment from what s34 requires the Office to consider."""

import io
import json
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Application, ApplicationEvent, Comment, CommentRedaction, State
from assessments.services.workflow import comments_report
from assessments.views.register_context import COMMENTS_PER_PAGE
from greenhouse_office import statute
from greenhouse_office.bounds import MAX_COMMENT_CHARS
from greenhouse_office.models import Email
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from tests.factories import published_comments

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db

API = "/api/v1/public/assessments"
UTC = ZoneInfo("UTC")
# ACT Labour Day 2027 is Monday 4 October: a closing day then runs to Tuesday 5 October (AIA s36(2)).
LABOUR_DAY = date(2027, 10, 4)
TUESDAY = date(2027, 8, 10)  # an ordinary business day


def at(day: date, hour: int, minute: int = 0, second: int = 0):
    """Travel to a moment in Canberra (the one clock moves), standing still."""
    return time_machine.travel(datetime.combine(day, time(hour, minute, second), LEGAL_TIME_ZONE), tick=False)


def s34_refusal(application, people) -> str:
    """Close comments (as time would) and ask for advice: s34(a)'s refusal while comments are unconsidered."""
    Application.objects.filter(pk=application.pk).update(
        closing_day=statute.legal_today() - timedelta(days=10)
    )
    application.refresh_from_db()
    services.close_comments(application=application, actor=None)
    with pytest.raises(AssessmentError) as refused:
        services.give_advice(
            application=application, actor=people.officer, recommendation="approve", summary="s"
        )
    return str(refused.value)


def comment_url(application) -> str:
    return reverse("register:comment", args=[application.reference])


def page_url(application) -> str:
    return reverse("register:assessment", args=[application.reference])


def closing_on(application: Application, day: date) -> Application:
    Application.objects.filter(pk=application.pk).update(closing_day=day)
    application.refresh_from_db()
    return application


def form_data(**overrides) -> dict:
    return {
        "name": "A. Resident",
        "email": "resident@example.com",
        "organisation": "",
        "text": "The kiln's emissions are understated in chapter 4.",
        **overrides,
    }


def post(client, application, **overrides):
    return client.post(comment_url(application), form_data(**overrides))


def made(response) -> Comment:
    """The comment a successful POST recorded (its reference is in the confirmation's address)."""
    assert response.status_code == 302, response.content[:500]
    reference = re.search(r"/comment/(C-[0-9A-F]+)/received/", response["Location"]).group(1)
    return Comment.objects.get(reference=reference)


@pytest.fixture
def open_application(make_application):
    return make_application(State.OPEN_FOR_COMMENT)


@pytest.fixture
def officer_client(people):
    client = Client()
    client.force_login(people.officer)
    return client


# --- Open until the end of the closing day, in Canberra ------------------------------------------


def test_s33_2_d_ii_the_form_is_open_until_midnight_at_the_end_of_the_closing_day_in_canberra(
    client, open_application
):
    application = closing_on(open_application, TUESDAY)
    with at(TUESDAY, 23, 59, 59):
        assert "<form" in client.get(comment_url(application)).text
        comment = made(post(client, application))
        assert comment.on_time and comment.status == Comment.Status.RECEIVED
    # 00:00 on Wednesday in Canberra is still Tuesday in UTC: Canberra's day decides.
    moment = datetime.combine(TUESDAY + timedelta(days=1), time(0, 0, 1), LEGAL_TIME_ZONE)
    assert moment.astimezone(UTC).date() == TUESDAY
    with time_machine.travel(moment, tick=False):
        response = client.get(comment_url(application))
        assert response.status_code == 200
        assert "<form" not in response.text
        assert "Comments have closed" in response.text
        assert "midnight at the end of Tuesday 10 August 2027, Canberra time" in response.text
        refused = post(client, application, text="Too late?")
        assert refused.status_code == 409 and "Comments have closed" in refused.text
        assert "Your comment was not recorded" in refused.text and "Too late?" in refused.text
    assert application.comments.count() == 1


def test_aia_s36_2_a_closing_day_on_a_public_holiday_keeps_the_form_open_the_next_business_day(
    client, open_application
):
    application = closing_on(open_application, LABOUR_DAY)
    with at(LABOUR_DAY + timedelta(days=1), 23, 30):
        page = client.get(comment_url(application)).text
        assert "<form" in page
        assert "Tuesday 5 October 2027" in page and "s36(2)" in page
        assert made(post(client, application)).on_time
    with at(LABOUR_DAY + timedelta(days=2), 0, 30):
        closed = client.get(comment_url(application)).text
        assert "<form" not in closed
        assert "midnight at the end of Tuesday 5 October 2027, Canberra time" in closed
        assert "was not a business day" in closed
        # The API refuses by the same rule (services.comments_open).
        response = client.post(
            f"{API}/{application.pk}/comments",
            json.dumps({"name": "B", "email": "b@example.com", "text": "Late."}),
            content_type="application/json",
        )
        assert response.status_code == 409


def test_the_closed_notice_replaces_the_form_once_comments_are_closed(client, make_application):
    closed = make_application(State.COMMENTS_CLOSED)
    response = client.get(comment_url(closed))
    assert response.status_code == 200
    assert "<form" not in response.text and "Comments have closed" in response.text
    assert "Comment on this assessment" not in client.get(page_url(closed)).text


def test_the_assessment_page_links_to_the_form_while_open(client, open_application):
    page = client.get(page_url(open_application)).text
    assert f'href="{comment_url(open_application)}"' in page


# --- What a person gives --------------------------------------------------------------------------


def test_the_comment_is_recorded_with_its_organisation_consent_and_pdf_and_confirmed_by_reference(
    client, open_application
):
    response = client.post(
        comment_url(open_application),
        {
            **form_data(organisation="Geelong Residents", consent_to_publish="on"),
            "attachment": pdf("mine.pdf"),
        },
    )
    comment = made(response)
    assert (comment.organisation, comment.consent_to_publish, comment.channel) == (
        "Geelong Residents",
        True,
        Comment.Channel.WEB,
    )
    assert (comment.attachment_name, comment.attachment_size) == ("mine.pdf", len(PDF))
    assert comment.attachment.read() == PDF
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert comment.reference in confirmation.text
    assert "resident@example.com" not in confirmation.text  # nothing typed is shown back


def test_office_staff_download_the_attachment_in_admin_and_the_public_never_see_it(
    client, open_application, officer_client, people
):
    comment = made(
        client.post(
            comment_url(open_application),
            {**form_data(consent_to_publish="on"), "attachment": pdf("mine.pdf")},
        )
    )
    services.moderate_comment(comment=comment, actor=people.officer)
    url = reverse("admin:assessments_comment_attachment", args=[comment.pk])
    response = officer_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert client.get(url).status_code == 302  # to the admin's sign-in
    page = client.get(page_url(open_application)).text
    assert comment.reference in page and "mine.pdf" not in page and url not in page


def test_an_attachment_that_is_not_a_pdf_is_refused_on_its_field(client, open_application):
    response = client.post(
        comment_url(open_application), {**form_data(), "attachment": pdf("x.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 400
    assert "is not a PDF document" in response.text
    assert 'href="#id_attachment"' in response.text  # the error summary links to the field
    assert not open_application.comments.exists()


def test_the_stated_length_limit_is_enforced_and_named(client, open_application):
    response = post(client, open_application, text="x" * (MAX_COMMENT_CHARS + 1))
    assert response.status_code == 400
    assert (
        f"Your comment is {MAX_COMMENT_CHARS + 1:,} characters long; the limit is {MAX_COMMENT_CHARS:,}"
        in response.text
    )
    assert made(post(client, open_application, text="x" * MAX_COMMENT_CHARS)).text == "x" * MAX_COMMENT_CHARS
    assert open_application.comments.count() == 1


def test_the_api_takes_organisation_and_consent_and_the_same_limit(client, open_application):
    url = f"{API}/{open_application.pk}/comments"
    body = {"name": "A", "email": "a@example.com", "organisation": "Residents", "consent_to_publish": True}
    too_long = client.post(
        url, json.dumps({**body, "text": "x" * (MAX_COMMENT_CHARS + 1)}), content_type="application/json"
    )
    assert too_long.status_code == 400 and "text" in too_long.json()
    response = client.post(url, json.dumps({**body, "text": "Fine."}), content_type="application/json")
    assert response.status_code == 201
    comment = Comment.objects.get(reference=response.json()["reference"])
    assert (comment.organisation, comment.consent_to_publish) == ("Residents", True)


# --- Spam control that drops nothing -------------------------------------------------------------


def test_a_filled_honeypot_is_held_recorded_counted_for_s34_and_shown_to_staff(
    client, open_application, officer_client, people
):
    comment = made(post(client, open_application, homepage="http://spam.example"))
    assert comment.status == Comment.Status.HELD and "hidden field" in comment.held_because
    assert comment.on_time  # s34(a): still a comment the Office must consider
    listing = officer_client.get(reverse("admin:assessments_comment_changelist") + "?status__exact=held")
    assert comment.reference in listing.text
    change = officer_client.get(reverse("admin:assessments_comment_change", args=[comment.pk]))
    assert "Held as suspected spam" in change.text
    assert "held as suspected spam" in comments_report(open_application)
    assert "1 has not been marked considered" in s34_refusal(open_application, people)


def test_many_links_hold_a_comment_and_staff_can_release_it(client, open_application, officer_client):
    links = " ".join(f"https://example.com/{n}" for n in range(services.comments.MAX_LINKS_BEFORE_HELD + 1))
    comment = made(post(client, open_application, text=links, consent_to_publish="on"))
    assert comment.status == Comment.Status.HELD
    officer_client.post(reverse("admin:assessments_comment_moderate", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.RECEIVED and comment.moderated_at is not None
    assert comment.reference in client.get(page_url(open_application)).text


def test_the_same_email_and_text_again_is_recorded_as_a_duplicate_not_lost(client, open_application):
    first = made(post(client, open_application))
    second = made(post(client, open_application, email="RESIDENT@example.com"))
    assert (second.status, second.duplicate_of) == (Comment.Status.DUPLICATE, first)
    other_text = made(post(client, open_application, text="Another point."))
    assert other_text.status == Comment.Status.RECEIVED
    assert open_application.comments.count() == 3  # all recorded, all for s34 consideration
    with at(statute.legal_today() + timedelta(days=2), 12):
        assert made(post(client, open_application)).status == Comment.Status.RECEIVED  # outside the window


def test_the_form_and_the_api_share_one_per_client_rate(client, open_application):
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_comments"]
    allowed = int(rate.split("/")[0])
    for n in range(allowed - 1):
        response = client.post(
            f"{API}/{open_application.pk}/comments",
            json.dumps({"name": "A", "email": "a@example.com", "text": f"Point {n}."}),
            content_type="application/json",
        )
        assert response.status_code == 201
    made(post(client, open_application, text="The last one allowed."))
    refused = post(client, open_application, text="One too many.")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Too many comments" in refused.text
    assert "One too many." in refused.text  # what was typed is kept to send again
    api = client.post(
        f"{API}/{open_application.pk}/comments",
        json.dumps({"name": "A", "email": "a@example.com", "text": "And by API."}),
        content_type="application/json",
    )
    assert api.status_code == 429
    assert open_application.comments.count() == allowed


def test_the_receipt_echoes_no_name_text_or_typed_url(client, open_application):
    comment = made(
        post(
            client,
            open_application,
            name="Visit http://spam.example",
            organisation="www.spam.example",
            text="Buy now at http://spam.example/pills",
        )
    )
    receipt = Email.objects.get(template="comment_received", to="resident@example.com")
    sent = receipt.subject + "\n" + receipt.body
    assert comment.reference in receipt.subject and comment.reference in receipt.body
    assert "spam.example" not in sent and "Visit" not in sent and "Buy now" not in sent
    assert receipt.body.startswith("Thank you for your comment.")
    # The only address in it is the Office's own page of the assessment.
    assert re.findall(r"https?://\S+", sent) == [settings.GREENHOUSE_SITE_URL + page_url(open_application)]


# --- Publication: consent, moderation, redaction --------------------------------------------------


def _comment(application, *, consent=True, **fields):
    return services.record_comment(
        application=application,
        actor=None,
        channel=Comment.Channel.WEB,
        name=fields.pop("name", "A. Resident"),
        email=fields.pop("email", "resident@example.com"),
        text=fields.pop("text", "Please consider the wind."),
        consent_to_publish=consent,
        **fields,
    )


def test_consent_and_moderation_govern_publication_on_the_page_and_in_the_api(
    client, open_application, people
):
    published = _comment(open_application, text="Published words.")
    unconsented = _comment(open_application, consent=False, text="Private words.", email="p@example.com")
    unreviewed = _comment(open_application, text="Unreviewed words.", email="u@example.com")
    duplicate = _comment(open_application, text="Published words.")
    for comment in (published, unconsented, duplicate):
        services.moderate_comment(comment=comment, actor=people.officer)
    page = client.get(page_url(open_application)).text
    assert "Published words." in page
    assert "Private words." not in page and "Unreviewed words." not in page
    assert page.count("Published words.") == 1  # the duplicate is not shown twice
    assert "resident@example.com" not in page
    listing = client.get(f"{API}/{open_application.pk}/comments").json()
    assert [row["reference"] for row in listing["results"]] == [published.reference]
    assert set(listing["results"][0]) == {
        "reference",
        "name",
        "organisation",
        "received_at",
        "text",
        "redacted",
    }
    assert unreviewed.reference not in page


def test_redaction_keeps_the_original_logs_a_change_and_s34_still_counts_it(
    client, open_application, people, officer_client
):
    comment = _comment(open_application, text="Call me on 0400 000 000 about the kiln.")
    services.moderate_comment(comment=comment, actor=people.officer)
    response = officer_client.post(
        reverse("admin:assessments_comment_redact", args=[comment.pk]),
        {"public_text": "[removed: personal information] about the kiln.", "reason": "A phone number."},
    )
    assert response.status_code == 302
    redaction = CommentRedaction.objects.get(comment=comment)
    assert (redaction.redacted_by, redaction.reason) == (people.officer, "A phone number.")
    comment.refresh_from_db()
    assert comment.text == "Call me on 0400 000 000 about the kiln."  # the original is kept
    event = ApplicationEvent.objects.get(application=open_application, transition="redact_comment")
    assert event.kind == "change" and event.actor == people.officer
    assert event.payload["comment"] == comment.reference
    call_command("verify_log", stdout=io.StringIO())  # the chain is intact with the change in it
    page = client.get(page_url(open_application)).text
    assert "0400 000 000" not in page and "[removed: personal information] about the kiln." in page
    api = client.get(f"{API}/{open_application.pk}/comments").json()["results"]
    assert (api[0]["text"], api[0]["redacted"]) == ("[removed: personal information] about the kiln.", True)
    # s34: still to be considered, and reported as made.
    assert "1 has not been marked considered" in s34_refusal(open_application, people)
    assert "0400 000 000" in comments_report(open_application)


def test_a_redaction_without_a_reason_is_refused_on_the_form(open_application, people, officer_client):
    comment = _comment(open_application)
    response = officer_client.post(
        reverse("admin:assessments_comment_redact", args=[comment.pk]),
        {"public_text": "[removed]", "reason": ""},
    )
    assert response.status_code == 400
    assert not CommentRedaction.objects.exists()


def test_only_office_staff_moderate(open_application, people):
    comment = _comment(open_application)
    with pytest.raises(AssessmentError):
        services.redact_comment(comment=comment, actor=people.proponent, public_text="[x]", reason="Why")
    with pytest.raises(AssessmentError):
        services.moderate_comment(comment=comment, actor=people.minister)


# --- A constant number of queries ----------------------------------------------------------------


def _published(application, count: int, officer) -> None:
    published_comments(
        application, count, reference=lambda n: f"C-T{application.pk:03d}{n:05d}", moderated_by=officer
    )
    services.redact_comment(
        comment=application.comments.first(), actor=officer, public_text="[removed]", reason="Personal."
    )


def test_the_comments_section_makes_the_same_queries_with_3_and_60_comments_a_page_at_a_time(
    client, make_application, people, django_assert_num_queries
):
    few, many = make_application(State.OPEN_FOR_COMMENT), make_application(State.OPEN_FOR_COMMENT)
    _published(few, 3, people.officer)
    _published(many, 60, people.officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(few))
    assert response.text.count('<li id="comment-') == 3
    assert 'rel="next"' not in response.text  # one page: no pages to link
    for number in (1, 2, 3):
        with django_assert_num_queries(len(queries)):
            response = client.get(f"{page_url(many)}?page={number}")
        assert response.text.count('<li id="comment-') == COMMENTS_PER_PAGE
        assert f"Page {number} of 3" in response.text
        assert "Published comments (60)" in response.text
    # In the order received, the pages end to end, the next one a link at the list.
    first = client.get(page_url(many)).text
    assert 'href="?page=2#published-comments" rel="next"' in first
    assert f"C-T{many.pk:03d}00000" in first and f"C-T{many.pk:03d}00020" not in first
    second = client.get(f"{page_url(many)}?page=2").text
    assert f"C-T{many.pk:03d}00020" in second and 'start="21"' in second
    assert 'href="?page=1#published-comments" rel="prev"' in second
    # A page past the last is the last, not an error.
    assert "Page 3 of 3" in client.get(f"{page_url(many)}?page=99").text
    with CaptureQueriesContext(connection) as api_few:
        client.get(f"{API}/{few.pk}/comments")
    with django_assert_num_queries(len(api_few)):
        assert client.get(f"{API}/{many.pk}/comments").json()["count"] == 60
