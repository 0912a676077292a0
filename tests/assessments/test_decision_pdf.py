"""s30: the Minister's decision as a real PDF, issued once after the decision commits
(assessments.services.decision), stored as the application's ``decision`` document with its sha256 in
the event log, and served to the proponent's organisation, the Office and the Minister only."""

import hashlib
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from assessments import services, tasks
from assessments.errors import AssessmentError
from assessments.models import Document, State
from assessments.services import decision as decision_service
from greenhouse_office import clock, statute
from greenhouse_office.statute import Key

from .conftest import pdf

pytestmark = pytest.mark.django_db

REASONS = "The kiln's waste-heat recovery leaves no prudent or feasible alternative to the action."


def _text(document: Document) -> str:
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _decide(application, people, *, approve=True, at=None, **findings):
    return services.decide(
        application=application,
        actor=people.minister,
        approve=approve,
        reasons=REASONS,
        at=at,
        **(
            findings
            or {
                "advice_considered": True,
                "no_prudent_or_feasible_alternative": True,
                "targets_not_prevented": True,
            }
        ),
    )


def _decision(application) -> Document | None:
    return application.documents.filter(kind=Document.Kind.DECISION).first()


def test_s30_the_decision_pdf_is_issued_only_after_the_decision_commits(
    make_application, people, django_capture_on_commit_callbacks
):
    application = make_application(State.ADVICE_GIVEN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _decide(application, people)
        assert _decision(application) is None  # nothing rendered inside the decision's transaction
    assert callbacks, "the decision queues its PDF on commit"
    for callback in callbacks:
        callback()
    document = _decision(application)
    assert document is not None
    with document.file.open("rb") as handle:
        content = handle.read()
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    assert document.uploaded_by == people.minister
    event = application.events.get(transition="issue_decision")
    assert event.section == "s30"
    assert event.payload["sha256"] == document.sha256
    assert event.payload["decision_event"] == application.events.get(transition="approve").hash
    assert event.hash == event.compute_hash()


def test_s30_an_approval_pdf_holds_the_decision_reasons_findings_reference_and_statutory_dates(
    make_application, people
):
    application = make_application(State.ADVICE_GIVEN)
    _decide(application, people)
    application.refresh_from_db()
    text = _text(services.issue_decision(application=application))
    assert "Greenhouse Office" in text and "australian government" in text.lower()  # the letterhead
    assert application.reference in text and application.title in text
    assert application.organisation.name in text
    assert "A third cement kiln." in text  # the action
    assert f"Approved on {statute.format_day(clock.legal_day(application.decided_at))}" in text
    assert REASONS in text
    assert "advice from the Greenhouse Office about the proposed action. Considered" in text
    assert "There is no prudent or feasible alternative to the action. Satisfied" in text
    for day in (
        application.received_on,
        application.evaluation_due_on,
        application.gazette_date,
        application.closing_day,
        clock.legal_day(application.advice_given_at),
    ):
        assert statute.format_day(day) in text, day
    # The Bill's numbers, as the statute module gives them (s30(a), s32(1), s33(3)).
    threshold = statute.value(Key.EMISSIONS_THRESHOLD_T_CO2E)
    assert f"in excess of {threshold:,.0f} t CO2-e in any period of" in text
    assert f"within {statute.value(Key.EVALUATION_DAYS)} days after receipt" in text
    assert "Conditions None." in text


def test_s30_a_refusal_pdf_says_refused_and_records_findings_not_made(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    _decide(application, people, approve=False, advice_considered=True)
    application.refresh_from_db()
    text = _text(services.issue_decision(application=application))
    assert "Refused on" in text and "refuses to approve" in text
    assert REASONS in text
    assert "There is no prudent or feasible alternative to the action. No finding made" in text
    assert "Approved on" not in text


def test_s30_the_decision_day_is_the_day_in_canberra_not_utc(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    # 14:30 UTC is 00:30 or 01:30 the next morning in Canberra.
    tomorrow = clock.legal_now().date() + timedelta(days=1)
    at = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 14, 30, tzinfo=UTC)
    _decide(application, people, at=at)
    application.refresh_from_db()
    text = _text(services.issue_decision(application=application))
    canberra_day = statute.format_day(tomorrow + timedelta(days=1))
    assert f"Approved on {canberra_day}" in text
    assert f"Approved on {statute.format_day(tomorrow)}" not in text


def test_s30_issuing_again_returns_the_stored_decision_and_renders_nothing(
    make_application, people, monkeypatch
):
    application = make_application(State.ADVICE_GIVEN)
    _decide(application, people)
    application.refresh_from_db()
    first = services.issue_decision(application=application)
    events = application.events.count()

    def no_second_render(*args, **kwargs):
        raise AssertionError("the stored decision must not be rendered again")

    monkeypatch.setattr(decision_service, "render_pdf", no_second_render)
    assert tasks.issue_decision(application.pk) == first.sha256  # the task, as a worker runs it
    assert services.issue_decision(application=application).pk == first.pk
    assert application.documents.filter(kind=Document.Kind.DECISION).count() == 1
    assert application.events.count() == events


def test_s30_no_decision_pdf_before_the_minister_decides(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    with pytest.raises(ValueError, match="no decision of the Minister"):
        services.issue_decision(application=application)
    withdrawn = make_application(State.WITHDRAWN)
    assert services.decision_document(withdrawn) is None


def test_s30_a_decision_cannot_be_uploaded(make_application, people, client):
    application = make_application(State.DRAFT)
    with pytest.raises(AssessmentError, match="never uploaded"):
        services.upload_document(
            application=application, actor=people.proponent, kind=Document.Kind.DECISION, upload=pdf()
        )
    client.force_login(people.proponent)
    response = client.post(
        reverse("api-application-documents", args=[application.pk]), {"kind": "decision", "file": pdf()}
    )
    assert response.status_code == 400
    assert not application.documents.filter(kind=Document.Kind.DECISION).exists()


def test_the_decision_template_types_none_of_the_bills_numbers():
    source = (Path(settings.BASE_DIR) / "templates" / "pdf" / "decision.html").read_text()
    for number in ("50,000", "50000", "30 days", "2 months", "12 months"):
        assert number not in source


# --- Who may download it --------------------------------------------------------------------------


@pytest.fixture
def decided(make_application, people):
    application = make_application(State.ADVICE_GIVEN)
    _decide(application, people)
    application.refresh_from_db()
    services.issue_decision(application=application)
    return application


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("proponent", 200),
        ("officer", 200),
        ("director", 200),
        ("minister", 200),
        ("proponent2", 404),  # another organisation
        ("auditor", 404),  # appointed to evaluate it, not a party to the decision
        ("auditor2", 404),
    ],
)
def test_s30_the_decision_is_served_to_the_proponent_the_office_and_the_minister_only(
    decided, people, client, username, status
):
    client.force_login(getattr(people, username))
    response = client.get(reverse("portal:decision", args=[decided.pk]))
    assert response.status_code == status
    if status == 200:
        content = b"".join(response.streaming_content)
        assert content == _decision(decided).file.open("rb").read()
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        assert f'filename="{decided.reference}-decision.pdf"' in response["Content-Disposition"]


def test_the_anonymous_are_sent_to_sign_in_for_the_decision(decided, client):
    response = client.get(reverse("portal:decision", args=[decided.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_s30_the_document_downloads_serve_the_decision_by_the_same_rule(decided, people, client):
    document = _decision(decided)
    portal_url = reverse("portal:document", args=[decided.pk, document.pk])
    api_url = reverse("api-application-document", args=[decided.pk, document.pk])
    for username, portal_status, api_status in (
        ("proponent", 200, 200),
        ("minister", 403, 200),  # the portal's document download is the proponent's and auditor's
        ("officer", 403, 200),
        ("auditor", 404, 404),
        ("proponent2", 404, 404),
    ):
        client.force_login(getattr(people, username))
        assert client.get(portal_url).status_code == portal_status, username
        assert client.get(api_url).status_code == api_status, username


def test_s30_the_api_lists_the_decision_for_those_who_may_see_it(decided, people, client):
    for username, listed in (("proponent", True), ("minister", True), ("officer", True), ("auditor", False)):
        client.force_login(getattr(people, username))
        body = client.get(reverse("api-application-documents", args=[decided.pk])).json()
        kinds = [d["kind"] for d in body["results"]]
        assert ("decision" in kinds) is listed, username
        detail = client.get(reverse("api-application", args=[decided.pk])).json()
        assert ("decision" in [d["kind"] for d in detail["documents"]]) is listed, username


def test_s30_a_decision_whose_task_never_ran_is_issued_once_on_the_first_download(
    make_application, people, client
):
    application = make_application(State.ADVICE_GIVEN)
    _decide(application, people)  # the on-commit task never runs inside a test's transaction
    assert _decision(application) is None
    client.force_login(people.proponent)
    first = b"".join(client.get(reverse("portal:decision", args=[application.pk])).streaming_content)
    assert first.startswith(b"%PDF-")
    stored = _decision(application)
    assert stored.sha256 == hashlib.sha256(first).hexdigest()
    second = b"".join(client.get(reverse("portal:decision", args=[application.pk])).streaming_content)
    assert second == first
    assert application.documents.filter(kind=Document.Kind.DECISION).count() == 1


def test_before_the_decision_the_decision_download_is_404(make_application, people, client):
    application = make_application(State.ADVICE_GIVEN)
    client.force_login(people.proponent)
    assert client.get(reverse("portal:decision", args=[application.pk])).status_code == 404


# --- The proponent's page -------------------------------------------------------------------------


def test_the_portal_page_offers_the_decision_only_once_decided(make_application, people, client):
    client.force_login(people.proponent)
    advised = make_application(State.ADVICE_GIVEN)
    page = client.get(reverse("portal:application", args=[advised.pk])).content.decode()
    assert "Download the decision (PDF)" not in page
    for state in (State.APPROVED, State.REFUSED):
        decided = make_application(state)
        page = client.get(reverse("portal:application", args=[decided.pk])).content.decode()
        link = reverse("portal:decision", args=[decided.pk])
        assert f'<a href="{link}" download>Download the decision (PDF)</a>' in page, state


def test_s30_with_the_broker_down_the_decision_stands_and_its_pdf_waits_for_the_first_download(
    make_application, people, client, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.issue_decision, "delay", broker_down)
    application = make_application(State.ADVICE_GIVEN)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(application, people)
    application.refresh_from_db()
    assert application.state == State.APPROVED and _decision(application) is None
    client.force_login(people.minister)
    response = client.get(reverse("portal:decision", args=[application.pk]))
    assert response.status_code == 200
    assert _decision(application) is not None
