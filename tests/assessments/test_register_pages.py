"""The public register of assessments (s33): /assessments/, an assessment's page, its documents and
"Request a copy" (s33(1)(a)), for anyone without signing in."""

import copy
import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from assessments.errors import AssessmentError
from assessments.models import Application, CopyRequest, Document, NewspaperNotice, State
from assessments.services import copy_requests
from greenhouse_office import clock, statute
from greenhouse_office.models import Email, Organisation
from greenhouse_office.statute.config import LEGAL_TIME_ZONE

pytestmark = pytest.mark.django_db

REGISTER = "/assessments/"
PAGE_SIZE = (
    20  # views.register.PAGE_SIZE (imported lazily: the views import DRF, which needs the URLconf first)
)


def page_of(application) -> str:
    return f"/assessments/{application.reference}/"


def clones(application, titles, **fields) -> list[Application]:
    """Copies of a published application (its documents and notices too): cheap rows for big registers."""
    rows = Application.objects.bulk_create([_copy_of(application, title=title, **fields) for title in titles])
    documents = list(Document.objects.filter(application=application))
    notices = list(NewspaperNotice.objects.filter(application=application))
    Document.objects.bulk_create([_copy_of(d, application=row) for row in rows for d in documents])
    NewspaperNotice.objects.bulk_create([_copy_of(n, application=row) for row in rows for n in notices])
    return rows


def _copy_of(instance, **fields):
    row = copy.copy(instance)
    row.pk = None
    row._state = copy.copy(instance._state)
    row._state.adding = True
    for name, value in fields.items():
        setattr(row, name, value)
    return row


@pytest.fixture
def published(make_application):
    return make_application(State.OPEN_FOR_COMMENT)


def references(response) -> list[str]:
    return [ref for _, ref in sorted((response.text.index(r), r) for r in _refs(response.text))]


def _refs(text) -> set[str]:
    return set(re.findall(r"GHO-\d{5}", text))


# --- The register: search, filters, sorting, pages ------------------------------------------------


def test_the_register_lists_published_assessments_only(client, make_application, published):
    evaluated = make_application(State.EVALUATED)
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert published.reference in response.text
    assert evaluated.reference not in response.text
    assert "Open for public comment" in response.text  # the stage in plain words


@pytest.mark.parametrize(
    "query, found",
    [
        ("kiln", True),  # the title
        ("Acme", True),  # the proponent's name
        ("victoria", True),  # the place: the State's name
        ("Portland", True),  # the place: the described location
        ("nowhere", False),
    ],
)
def test_search_by_title_proponent_or_place(client, make_application, query, found):
    application = make_application(State.OPEN_FOR_COMMENT, location_description="Near Portland")
    Organisation.objects.filter(pk=application.organisation_id).update(name="Acme Cement Pty Ltd")
    other = clones(application, ["Hydrogen plant"], location_state="WA", location_description="")[0]
    response = client.get(REGISTER, {"q": query})
    assert (application.reference in response.text) is found
    if query not in ("Acme",):
        assert other.reference not in response.text


def test_filter_by_state_or_territory_where_it_is_or_is_likely_to_affect(client, published):
    (in_wa,) = clones(
        published, ["WA plant"], location_state="WA", notice_states=["WA"], affected_states=["WA"]
    )
    (affects_qld,) = clones(published, ["Border plant"], location_state="NSW", notice_states=["NSW", "QLD"])
    response = client.get(REGISTER, {"state": "QLD"})
    assert _refs(response.text) == {affects_qld.reference}
    response = client.get(REGISTER, {"state": "WA"})
    assert _refs(response.text) == {in_wa.reference}


def test_filter_by_stage(client, make_application, published):
    closed = make_application(State.COMMENTS_CLOSED)
    response = client.get(REGISTER, {"stage": State.COMMENTS_CLOSED})
    assert _refs(response.text) == {closed.reference}
    assert "Comments closed: the Office is preparing its advice" in response.text


def test_filter_open_for_comment_now_leaves_out_those_whose_closing_day_passed(client, published):
    today = clock.legal_day()
    # Still "open" in its state (the close job has not run) but its closing day passed long ago.
    (stale,) = clones(published, ["Stale"], closing_day=today - timedelta(days=20))
    response = client.get(REGISTER, {"open": "on"})
    assert _refs(response.text) == {published.reference}
    assert stale.reference in client.get(REGISTER).text


def test_an_unknown_filter_value_is_reported_and_ignored(client, published):
    response = client.get(REGISTER, {"stage": "draft", "q": "kiln"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert published.reference in response.text


def test_sorting_newest_closing_day_and_title(client, published):
    today = clock.legal_day()
    a, b = clones(published, ["Zinc smelter", "Alumina refinery"])
    Application.objects.filter(pk=a.pk).update(
        gazette_date=today - timedelta(days=3), closing_day=today + timedelta(days=1)
    )
    Application.objects.filter(pk=b.pk).update(
        gazette_date=today - timedelta(days=5), closing_day=today + timedelta(days=90)
    )
    assert references(client.get(REGISTER, {"sort": "newest"})) == [
        published.reference,
        a.reference,
        b.reference,
    ]
    assert references(client.get(REGISTER, {"sort": "closing"})) == [
        a.reference,
        published.reference,
        b.reference,
    ]
    assert references(client.get(REGISTER, {"sort": "title"})) == [
        b.reference,
        published.reference,
        a.reference,
    ]


def test_pages_keep_the_search_and_filters(client, published):
    clones(published, [f"Kiln {n}" for n in range(PAGE_SIZE + 5)])
    response = client.get(REGISTER, {"q": "kiln", "state": "VIC", "sort": "title"})
    assert "Page 1 of 2" in response.text
    assert 'href="?q=kiln&amp;state=VIC&amp;sort=title&amp;page=2"' in response.text
    second = client.get(REGISTER, {"q": "kiln", "state": "VIC", "sort": "title", "page": 2})
    assert len(_refs(second.text)) == 6
    assert 'href="?q=kiln&amp;state=VIC&amp;sort=title&amp;page=1"' in second.text


def test_s33_2_d_ii_each_open_row_shows_the_closing_day_and_days_left(client, published):
    today = clock.legal_day()
    days = (published.closing_day - today).days
    response = client.get(REGISTER)
    assert f"Comments close on {statute.format_day(published.closing_day)}: {days} days left" in response.text


def test_days_left_are_counted_in_canberra_on_the_closing_day_and_after_it(client, published):
    closing_day = published.closing_day
    at = datetime.combine(closing_day, time(23, 30), LEGAL_TIME_ZONE)
    with time_machine.travel(at, tick=False):
        text = client.get(REGISTER).text
    assert "today is the closing day" in text
    last_day = statute.effective_closing_day(closing_day)
    with time_machine.travel(
        datetime.combine(last_day + timedelta(days=1), time(0, 30), LEGAL_TIME_ZONE), tick=False
    ):
        text = client.get(REGISTER).text
    assert "days left" not in text and "today is the closing day" not in text


def test_a_saturday_closing_day_shows_the_next_business_day_as_on_time(client, published):
    Application.objects.filter(pk=published.pk).update(closing_day=date(2027, 5, 8))  # a Saturday
    with time_machine.travel(datetime(2027, 5, 1, 9, tzinfo=LEGAL_TIME_ZONE), tick=False):
        text = client.get(REGISTER).text
    assert "Comments close on 8 May 2027: 7 days left" in text
    assert "comments made on 10 May 2027 are also on time" in text


# --- The assessment's page -----------------------------------------------------------------------


def test_the_assessment_page_shows_summary_notice_documents_and_public_timeline(client, people, published):
    response = client.get(page_of(published))
    assert response.status_code == 200
    text = response.text
    assert published.title in text and published.organisation.name in text
    assert "Victoria" in text and "New South Wales" in text  # where, and likely to be affected
    assert "The Age (Victoria)" in text and "GPO Box 787, Canberra ACT 2601" in text
    assert statute.format_day(published.gazette_date) in text
    assert "tonnes CO<sub>2</sub>-e" in text  # the screening figures
    for document in published.documents.filter(kind__in=["gia", "evaluation"]):
        assert reverse("register:document", args=[published.reference, document.pk]) in text
    assert "Published for public comment" in text and "(s33)" in text
    assert people.officer.username not in text and people.auditor.username not in text  # no actors
    assert "{# comments: register/_comments.html #}" not in text  # a template comment, never shown


@pytest.mark.parametrize("state", [State.DRAFT, State.LODGED, State.EVALUATED, State.WITHDRAWN])
def test_an_assessment_not_published_is_404(client, make_application, state):
    application = make_application(state)
    assert client.get(page_of(application)).status_code == 404
    assert client.get(reverse("register:copy-request", args=[application.reference])).status_code == 404


@pytest.mark.parametrize("reference", ["GHO-99999", "gho-1", "12", "GHO-0001x"])
def test_a_reference_that_is_not_published_is_404(client, reference):
    assert client.get(f"/assessments/{reference}/").status_code == 404


def test_documents_download_as_pdf_only_while_published(client, people, make_application, published):
    gia = published.documents.get(kind="gia")
    response = client.get(reverse("register:document", args=[published.reference, gia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    evaluated = make_application(State.EVALUATED)
    hidden = evaluated.documents.get(kind="gia")
    assert client.get(reverse("register:document", args=[evaluated.reference, hidden.pk])).status_code == 404
    # Another application's document under this reference: 404.
    assert client.get(reverse("register:document", args=[published.reference, hidden.pk])).status_code == 404


def test_a_superseded_or_withheld_document_is_not_offered(client, published):
    gia = published.documents.get(kind="gia")
    Document.objects.filter(pk=gia.pk).update(withheld_under_s42=True)
    text = client.get(page_of(published)).text
    assert reverse("register:document", args=[published.reference, gia.pk]) not in text
    assert "Greenhouse Impact Assessment: not published" in text
    assert client.get(reverse("register:document", args=[published.reference, gia.pk])).status_code == 404


# --- Constant queries -----------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm anything cached per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_both_pages_make_the_same_number_of_queries_with_5_and_500_assessments(client, published):
    clones(published, [f"Kiln {n}" for n in range(4)])
    small = (
        _count(client, REGISTER),
        _count(client, REGISTER + "?q=kiln&page=1"),
        _count(client, page_of(published)),
    )
    clones(published, [f"Kiln {n}" for n in range(495)])
    assert Application.objects.filter(state=State.OPEN_FOR_COMMENT).count() == 500
    large = (
        _count(client, REGISTER),
        _count(client, REGISTER + "?q=kiln&page=1"),
        _count(client, page_of(published)),
    )
    assert small == large
    assert large[0] <= 3  # the page count and the page of rows


# --- Request a copy (s33(1)(a)) -------------------------------------------------------------------


def copy_url(application):
    return reverse("register:copy-request", args=[application.reference])


GOOD = {"name": "Jo Citizen", "documents": "both", "format": "email", "email": "jo@example.com"}


def test_a_copy_request_is_recorded_with_its_due_day_and_acknowledged(client, published):
    response = client.post(copy_url(published), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("register:copy-request-sent", args=[published.reference])
    request = CopyRequest.objects.get()
    assert (request.application, request.email, request.status) == (published, "jo@example.com", "received")
    assert request.due_on == copy_requests.due_on(clock.legal_day())
    assert statute.is_business_day(request.due_on)
    email = Email.objects.get(template="copy_request_received")
    assert email.to == "jo@example.com"
    assert f"/assessments/{published.reference}/" in email.body and "/api/" not in email.body
    assert "Jo Citizen" not in email.body  # nothing submitted is echoed back
    assert statute.format_day(request.due_on) in client.get(response["Location"]).text


def test_the_service_standard_is_ten_business_days_by_default(settings):
    assert settings.GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS == 10
    # Friday 24 December 2027: Christmas, Boxing Day and their substitutes are not business days.
    assert copy_requests.due_on(date(2027, 12, 24)) == date(2028, 1, 12)


@pytest.mark.parametrize(
    "data, field",
    [
        ({**GOOD, "email": ""}, "Enter the email address to send the PDF to."),
        ({**GOOD, "format": "post"}, "Enter the postal address to send the printed copy to."),
        ({**GOOD, "name": ""}, "This field is required."),
    ],
)
def test_a_copy_request_with_errors_shows_them(client, published, data, field):
    response = client.post(copy_url(published), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and field in response.text
    assert not CopyRequest.objects.exists()


def test_a_filled_honeypot_is_kept_for_staff_but_mails_no_one(client, published):
    response = client.post(copy_url(published), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert CopyRequest.objects.get().suspected_spam is True
    assert not Email.objects.filter(template="copy_request_received").exists()


def test_copy_requests_are_rate_limited_per_client(client, published, monkeypatch):
    from assessments.views.register import CopyRequestThrottle

    monkeypatch.setattr(CopyRequestThrottle, "THROTTLE_RATES", {"copy_requests": "2/hour"})
    assert client.post(copy_url(published), GOOD).status_code == 302
    assert client.post(copy_url(published), GOOD).status_code == 302
    response = client.post(copy_url(published), GOOD)
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert CopyRequest.objects.count() == 2
    assert client.post(copy_url(published), GOOD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_office_staff_answer_a_request_in_the_admin_and_the_requester_is_told(client, people, published):
    client.post(copy_url(published), GOOD)
    request = CopyRequest.objects.get()
    client.force_login(people.officer)
    changelist = reverse("admin:assessments_copyrequest_changelist")
    assert published.reference in client.get(changelist).text
    response = client.post(
        changelist, {"action": "mark_answered", "_selected_action": [request.pk]}, follow=True
    )
    assert "1 request answered." in response.text
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_by == people.officer
    assert request.answered_at is not None
    email = Email.objects.get(template="copy_request_answered")
    assert email.to == "jo@example.com" and f"/assessments/{published.reference}/" in email.body
    # A second answer is refused with a message, and mails no one again.
    response = client.post(
        changelist, {"action": "mark_answered", "_selected_action": [request.pk]}, follow=True
    )
    assert "already been answered" in response.text
    assert Email.objects.filter(template="copy_request_answered").count() == 1


def test_only_office_staff_may_answer(people, published):
    request = copy_requests.request_copy(
        application=published, name="Jo", email="", postal_address="1 Main St", documents="gia", format="post"
    )
    with pytest.raises(AssessmentError):
        copy_requests.answer_copy_request(copy_request=request, actor=people.proponent)


# --- The notice and the home page point at the register -------------------------------------------


def test_s33_notice_text_points_at_the_assessment_page(settings, published):
    from assessments.services.notice import notice_text

    text = notice_text(published)
    assert f"{settings.GREENHOUSE_SITE_URL}/assessments/{published.reference}/" in text
    assert "/api/" not in text


def test_the_home_page_links_to_the_registers_that_exist(client):
    text = client.get("/").text
    assert f'href="{REGISTER}"' in text
    try:
        decisions = reverse("register:decisions")
    except NoReverseMatch:
        assert "register of decisions" not in text  # promised only once it exists
    else:
        assert f'href="{decisions}"' in text


def test_sorting_by_closing_day_puts_those_still_open_first(client, make_application, published):
    closed = make_application(State.COMMENTS_CLOSED)  # its closing day is in the past
    assert references(client.get(REGISTER, {"sort": "closing"})) == [published.reference, closed.reference]


def test_the_register_pages_may_be_cached_for_the_anonymous_only(client, demo_data, make_application):
    published = make_application(State.OPEN_FOR_COMMENT)
    for path in ("/assessments/", f"/assessments/{published.reference}/"):
        assert client.get(path)["Cache-Control"] == "public, max-age=300", path
    client.force_login(Organisation.objects.get(name="Southern Cross Cement Pty Ltd").members.first())
    for path in ("/assessments/", f"/assessments/{published.reference}/"):
        assert client.get(path)["Cache-Control"] == "private", path
