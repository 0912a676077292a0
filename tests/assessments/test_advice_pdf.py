"""s34: the Office's advice to the Minister as a PDF with its report on the comments (s34(b)): the
on-time comments by theme with the Office's responses, the late ones listed as not required to be
considered (s34(a)); issued once, after the advice commits (assessments.services.advice)."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services, tasks
from assessments.models import Application, Comment, Document, State
from assessments.services import advice, issuing
from assessments.services.workflow import comments_report

pytestmark = pytest.mark.django_db


def _text(document: Document) -> str:
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _advice(application) -> Document | None:
    return application.documents.filter(kind=Document.Kind.ADVICE).first()


def _comment(application, people, text, *, theme="", response="", **fields):
    """A comment recorded by Office staff as received by email now (late once the closing day passed)."""
    comment = services.record_comment(
        application=application,
        actor=people.officer,
        name=fields.pop("name", "Alex Citizen"),
        email="alex@example.com",
        text=text,
        channel="email",
        **fields,
    )
    if response:
        Comment.objects.filter(pk=comment.pk).update(theme=theme, considered=True, response=response)
    return comment


@pytest.fixture
def closed(make_application, people):
    """Comments closed, with comments on two themes, one without a theme, and one late."""
    application = make_application(State.OPEN_FOR_COMMENT)
    water = "Water use: the kiln draws on the Barwon."
    _comment(application, people, water, theme="Water use", response="The GIA's water budget was checked.")
    _comment(
        application,
        people,
        "The river is low in summer.",
        theme="water use ",  # the same theme, whatever its case or spacing
        response="The GIA's water budget was checked.",
        name="Sam Resident",
    )
    _comment(
        application, people, "Trucks at night.", theme="Traffic", response="Night deliveries are limited."
    )
    _comment(application, people, "General support.", response="Noted.", name="Kim Supporter")
    # The closing day passes (as time would), comments close, and one arrives after.
    Application.objects.filter(pk=application.pk).update(
        closing_day=timezone.localdate() - timedelta(days=10)
    )
    application.refresh_from_db()
    services.close_comments(application=application, actor=None)
    _comment(application, people, "Too late to count.", name="Lee Late")
    application.refresh_from_db()
    return application


def _give_advice(application, people, django_capture_on_commit_callbacks, *, execute=True):
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        services.give_advice(
            application=application,
            actor=people.officer,
            recommendation="approve",
            summary="Approve: the kiln's waste-heat recovery is the best available.",
        )
        assert _advice(application) is None  # nothing rendered inside the advice's transaction
    application.refresh_from_db()
    return callbacks


def test_s34_b_comments_by_theme_groups_on_time_comments_in_one_query(closed, django_assert_num_queries):
    with django_assert_num_queries(1):
        report = advice.comments_by_theme(closed)
    assert [group.theme for group in report.groups] == ["Traffic", "Water use", "Other matters"]
    water = report.groups[1]
    assert len(water.comments) == 2
    assert water.responses == [("The GIA's water budget was checked.", [c.reference for c in water.comments])]
    assert report.on_time_count == 4 and report.late_count == 1
    assert report.late[0].name == "Lee Late"


def test_s34_b_the_text_report_is_grouped_by_theme_and_lists_the_late_without_their_text(closed):
    report = comments_report(closed)
    assert "4 comment(s) made on time and considered; 1 made late" in report
    assert (
        report.index("Theme: Traffic")
        < report.index("Theme: Water use")
        < report.index("Theme: Other matters")
    )
    assert "Theme: Water use (2 comment(s))" in report
    assert "Consideration: Night deliveries are limited." in report
    assert "Lee Late" in report and "Too late to count." not in report
    assert report.count(" from ") == 4  # one per on-time comment


def test_s34_the_advice_pdf_is_issued_after_the_advice_commits_with_the_report_on_the_comments(
    closed, people, django_capture_on_commit_callbacks
):
    callbacks = _give_advice(closed, people, django_capture_on_commit_callbacks, execute=False)
    assert callbacks, "give_advice queues its PDF on commit"
    for callback in callbacks:
        callback()
    document = _advice(closed)
    assert document is not None and document.uploaded_by == people.officer
    text = _text(document)
    for required in (
        "Greenhouse Office",
        "ADVICE OF THE GREENHOUSE OFFICE TO THE MINISTER UNDER SECTION 34",  # the kind, in capitals
        closed.reference,
        closed.title,
        closed.organisation.name,
        "The Office recommends: Approve",
        "waste-heat recovery is the best available",
        "Report on the comments and their consideration (s34(b))",
        "include in the advice a report on the comments",  # s34 quoted
        "Theme: Traffic (1 comment)",
        "Theme: Water use (2 comments)",
        "Theme: Other matters (1 comment)",
        "Water use: the kiln draws on the Barwon.",
        "Sam Resident",
        "The GIA's water budget was checked.",
        "Night deliveries are limited.",
        "Email",
        "not required to be considered (s34(a))",
        "Lee Late",
        "made after the closing day",
    ):
        assert required in text, required
    assert "Too late to count." not in text
    assert text.count("The GIA's water budget was checked.") == 1  # one response for the theme's two
    event = closed.events.get(transition="issue_advice")
    assert event.section == "s34" and event.payload["sha256"] == document.sha256
    assert event.payload["advice_event"] == closed.events.get(transition="give_advice").hash


def test_s34_the_advice_is_issued_once_and_the_task_again_renders_nothing(
    closed, people, django_capture_on_commit_callbacks, monkeypatch
):
    _give_advice(closed, people, django_capture_on_commit_callbacks)
    first = _advice(closed)

    def no_render(*args, **kwargs):
        raise AssertionError("issued once: nothing is rendered again")

    monkeypatch.setattr(issuing, "render_pdf", no_render)
    assert tasks.issue_advice(closed.pk) == first.sha256
    assert advice.advice_document(closed).pk == first.pk
    assert closed.documents.filter(kind=Document.Kind.ADVICE).count() == 1
    assert closed.events.filter(transition="issue_advice").count() == 1


def test_s34_no_advice_pdf_before_the_advice(make_application):
    application = make_application(State.COMMENTS_CLOSED)
    assert advice.advice_document(application) is None
    with pytest.raises(ValueError, match="no advice"):
        advice.issue_advice(application=application)


def test_s34_the_advice_pdf_is_never_uploaded(make_application, people):
    from assessments.errors import AssessmentError

    from .conftest import pdf

    application = make_application(State.DRAFT)
    with pytest.raises(AssessmentError, match="never uploaded"):
        services.upload_document(application=application, actor=people.proponent, kind="advice", upload=pdf())


def test_s34_a_twenty_page_advice_with_hundreds_of_comments_renders(
    make_application, people, django_capture_on_commit_callbacks
):
    application = make_application(State.COMMENTS_CLOSED)
    received = timezone.now() - timedelta(days=30)
    themes = ["Water use", "Traffic", "Noise", "Air quality", ""]
    Comment.objects.bulk_create(
        Comment(
            application=application,
            name=f"Resident {n}",
            text=f"Comment {n}: " + "the kiln and its effects on the town. " * 4,
            received_at=received,
            channel="web",
            on_time=True,
            considered=True,
            theme=themes[n % len(themes)],
            response=f"Considered with the other comments on {themes[n % len(themes)] or 'other matters'}.",
        )
        for n in range(300)
    )
    _give_advice(application, people, django_capture_on_commit_callbacks)
    document = _advice(application)
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) >= 15
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Resident 299" in text and "Theme: Noise (60 comments)" in text


def test_s34_the_advice_pdf_is_downloadable_in_admin_by_office_staff(
    closed, people, client, django_capture_on_commit_callbacks
):
    _give_advice(closed, people, django_capture_on_commit_callbacks)
    document = _advice(closed)
    client.force_login(people.officer)
    response = client.get(reverse("admin:assessments_application_document", args=[closed.pk, document.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_s34_the_advice_pdf_is_hidden_from_the_proponent_and_the_auditor(
    closed, people, client, django_capture_on_commit_callbacks
):
    _give_advice(closed, people, django_capture_on_commit_callbacks)
    document = _advice(closed)
    url = reverse("portal:document", args=[closed.pk, document.pk])
    for username in ("proponent", "auditor"):
        client.force_login(getattr(people, username))
        assert client.get(url).status_code == 404, username
        page = client.get(reverse("portal:application", args=[closed.pk])).content.decode()
        assert url not in page, username
