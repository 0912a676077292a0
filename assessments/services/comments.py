"""s33(2)(c), s34: written comments to the Director, and their consideration."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from assessments import guards
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, Comment, State
from greenhouse_office import clock, statute
from greenhouse_office.emails import queue_email

from .executor import lock, record_change

STAFF_MAY_RECORD = (State.OPEN_FOR_COMMENT, State.COMMENTS_CLOSED)


def is_on_time(application: Application, received_at: datetime, at_notice_address: bool) -> bool:
    """s34(a): made on or before the closing day (AIA s36(2)-extended), at the notice's address."""
    last_day = statute.effective_closing_day(application.closing_day)
    return at_notice_address and clock.legal_day(received_at) <= last_day


def record_comment(
    *,
    application: Application,
    actor,
    name: str,
    email: str,
    text: str,
    channel: str,
    received_at: datetime | None = None,
    at_notice_address: bool = True,
    at: datetime | None = None,
) -> Comment:
    """Record a written comment: from the public web form (actor None) or by Office staff.

    A web comment is received at the moment of the act (``at``); staff give the time an emailed
    or posted comment was received (``received_at``, default the moment of the act), which may not be
    before the notice invited comments nor after the act (guards.comment_received_refusals).
    """
    at = clock.moment(at)
    public = actor is None
    errors = _comment_errors(name=name, email=email, text=text, channel=channel, public=public)
    if errors:
        raise AssessmentError(Refusal.INVALID, "The comment needs correcting.", field_errors=errors)
    received_at = at if public or received_at is None else received_at
    with transaction.atomic():
        locked = lock(application)
        if public:
            _check_open_to_the_public(locked, at)
        elif not guards.is_office_staff(locked, actor):
            raise AssessmentError(
                Refusal.FORBIDDEN, "Only Office staff may record comments received by email or post."
            )
        elif locked.state not in STAFF_MAY_RECORD:
            raise AssessmentError(
                Refusal.NOT_AVAILABLE,
                "Comments are recorded while the application is open for comment or until advice is given.",
            )
        if not public and (problems := guards.comment_received_refusals(locked, received_at, at)):
            raise AssessmentError(Refusal.INVALID, *problems, field_errors={"received_at": problems})
        comment = Comment.objects.create(
            application=locked,
            name=name.strip(),
            email=(email or "").strip(),
            text=text.strip(),
            received_at=received_at,
            channel=channel,
            at_notice_address=at_notice_address,
            on_time=is_on_time(locked, received_at, at_notice_address),
            recorded_by=actor,
        )
        if not public:
            record_change(
                locked,
                "record_comment",
                actor=actor,
                at=at,
                section="s33(2)(c)",
                payload={
                    "comment": comment.reference,
                    "received_at": received_at,
                    "on_time": comment.on_time,
                },
            )
        if comment.email:
            queue_email(
                "comment_received", comment.email, {"comment": comment, "application": locked}, record=locked
            )
    return comment


def _check_open_to_the_public(application: Application, at: datetime) -> None:
    if application.state != State.OPEN_FOR_COMMENT:
        raise AssessmentError(Refusal.NOT_AVAILABLE, "This assessment is not open for comment.")
    last_day = statute.effective_closing_day(application.closing_day)
    if at.date() > last_day:
        raise AssessmentError(
            Refusal.NOT_AVAILABLE,
            f"s33(2)(d)(ii): comments on this assessment had to be made by {statute.format_day(last_day)}; "
            "the period has closed.",
        )


def _comment_errors(*, name, email, text, channel, public: bool) -> dict:
    errors = {}
    if not (name or "").strip():
        errors["name"] = ["Give your name."]
    if not (text or "").strip():
        errors["text"] = ["Write your comment."]
    if channel not in Comment.Channel.values:
        errors["channel"] = [f"Use one of {', '.join(Comment.Channel.values)}."]
    if public and not (email or "").strip():
        errors["email"] = ["Give an email address for your receipt."]
    if (email or "").strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = ["Enter a valid email address, like name@example.com."]
    return errors


def consider_comment(
    *, comment: Comment, actor, considered: bool, response: str, at: datetime | None = None
) -> Comment:
    """s34(a): the Office marks a comment considered, with its response (included in the s34(b) report).

    Takes the application's row lock and re-checks its state, so advice (which holds the same
    lock while it checks every on-time comment is considered) can never be given in between.
    """
    at = clock.moment(at)
    if not guards.is_office_staff(comment.application, actor):
        raise AssessmentError(Refusal.FORBIDDEN, "Only Office staff may consider comments.")
    if considered and not (response or "").strip():
        raise AssessmentError(
            Refusal.INVALID,
            "s34: say how the comment was considered.",
            field_errors={"response": ["Say how the comment was considered."]},
        )
    with transaction.atomic():
        application = lock(comment.application)
        if application.state not in STAFF_MAY_RECORD:
            raise AssessmentError(
                Refusal.NOT_AVAILABLE, "Comments can be considered only until advice is given."
            )
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        before = {"considered": comment.considered, "response": comment.response}
        comment.considered = bool(considered)
        comment.response = (response or "").strip()
        comment.considered_by = actor if considered else None
        comment.considered_at = at if considered else None
        comment.save(update_fields=["considered", "response", "considered_by", "considered_at"])
        record_change(
            application,
            "consider_comment",
            actor=actor,
            at=at,
            section="s34(a)",
            payload={
                "comment": comment.reference,
                "before": before,
                "after": {"considered": comment.considered, "response": comment.response},
            },
        )
    comment.application = application
    return comment
