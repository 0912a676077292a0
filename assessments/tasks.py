"""Scheduled jobs of the assessment workflow (Celery beat: settings.CELERY_BEAT_SCHEDULE).

Thin: each reads the database and calls the same service a person would, so a run missed while beat
was down catches up at the next one, and running twice changes nothing (the state machine refuses a
second close; each warning is stamped once).
"""

import logging
from contextlib import contextmanager

from celery import shared_task

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Application, Direction, Document, State
from assessments.services import deadlines, issue_failures
from assessments.services.advice import issue_advice as issue_advice_service
from assessments.services.directions import issue_direction as issue_direction_service
from greenhouse_office import clock, statute
from greenhouse_office.pdf import PDF_TASK

logger = logging.getLogger(__name__)


@shared_task(name="assessments.tasks.close_comment_periods")
def close_comment_periods() -> int:
    """s33(3), s34(a): close comments on every application whose closing day has passed in Canberra.

    The closing day counts as extended to the next business day under AIA s36(2). One application
    that cannot be closed is logged and does not stop the others. Returns how many were closed.
    """
    at = clock.legal_now()  # one moment for the whole run
    today = at.date()
    # closing_day < today is necessary (the extended day is never earlier); the guard decides.
    candidates = list(
        Application.objects.filter(state=State.OPEN_FOR_COMMENT, closing_day__lt=today).order_by(
            "closing_day", "pk"
        )
    )
    closed = 0
    for application in candidates:
        if statute.effective_closing_day(application.closing_day) >= today:
            continue  # extended past a weekend or public holiday: still open today
        try:
            services.close_comments(application=application, actor=None, at=at)
        except AssessmentError as error:
            logger.warning("Could not close comments on %s: %s", application.reference, error)
            continue
        except Exception:  # noqa: BLE001 - one broken application must not stop the rest
            logger.exception("Unexpected error closing comments on %s", application.reference)
            continue
        closed += 1
    if closed:
        logger.info("Closed comments on %d application(s)", closed)
    return closed


@shared_task(name="assessments.tasks.warn_evaluation_deadlines")
def warn_evaluation_deadlines() -> int:
    """s32(1): warn Office staff 7 days and 1 day before the evaluation is due, and when it is overdue.

    Each warning goes once per lodgement (see assessments.services.deadlines). Returns how many
    applications a warning was sent for.
    """
    at = clock.legal_now()
    today = at.date()
    sent = 0
    for application in deadlines.awaiting_evaluation(today):
        try:
            if deadlines.warn_evaluation_deadline(application=application, at=at):
                sent += 1
        except Exception:  # noqa: BLE001 - one broken application must not stop the rest
            logger.exception("Could not warn about the evaluation deadline of %s", application.reference)
    return sent


@contextmanager
def failures_recorded(task: str, arguments: list, kind: str, *, application_id=None, direction_id=None):
    """A failed render is recorded (admin's "Documents that failed to render") and raised again for
    Celery's retry; once issued, the document's open failure is resolved."""
    where = {"application_id": application_id, "direction_id": direction_id}
    try:
        yield
    except issue_failures.RENDER_FAILURES as error:
        logger.warning("Could not issue %s %s: %s", task, arguments, error)
        issue_failures.record_failure(task=task, arguments=arguments, kind=kind, error=error, **where)
        raise
    issue_failures.resolve_open(**where, kind=kind)


@shared_task(name="assessments.tasks.issue_decision", **PDF_TASK)
def issue_decision(application_id: int) -> str:
    """s30: store the Minister's decision as its PDF, once (queued by ``decide`` after commit).

    Running twice changes nothing: the stored instrument is returned and nothing is rendered.
    """
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "no such application"
    with failures_recorded(
        "issue_decision", [application_id], Document.Kind.DECISION, application_id=application_id
    ):
        document = services.issue_decision(application=application)
    return document.sha256


@shared_task(name="assessments.tasks.issue_office_document", **PDF_TASK)
def issue_office_document(application_id: int, kind: str) -> str:
    """s31, s33(2): store the receipt of lodgement or the notice as its PDF (queued after commit).

    Running twice changes nothing: while what it says is the same, the stored one is returned.
    """
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "no such application"
    with failures_recorded(
        "issue_office_document", [application_id, kind], kind, application_id=application_id
    ):
        document = services.issue_office_document(application=application, kind=kind)
    return document.sha256


@shared_task(name="assessments.tasks.issue_advice", **PDF_TASK)
def issue_advice(application_id: int) -> str:
    """s34: store the Office's advice, with its report on the comments, as its PDF, once (queued by
    ``give_advice`` after commit). Running twice renders nothing."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "no such application"
    with failures_recorded(
        "issue_advice", [application_id], Document.Kind.ADVICE, application_id=application_id
    ):
        document = issue_advice_service(application=application)
    return document.sha256


@shared_task(name="assessments.tasks.issue_direction", **PDF_TASK)
def issue_direction(direction_id: int) -> str:
    """s35: store the Minister's direction as its PDF, once (queued by ``direct_assessment`` after
    commit). Running twice renders nothing."""
    direction = Direction.objects.filter(pk=direction_id).first()
    if direction is None:
        return "no such direction"
    with failures_recorded("issue_direction", [direction_id], "direction", direction_id=direction_id):
        direction = issue_direction_service(direction=direction)
    return direction.sha256
