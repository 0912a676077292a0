"""s33(2)(c), s34: written comments to the Director, their consideration and their moderation.

Spam control keeps the form open to every person and drops nothing (docs/adr/0012): a comment with a
spam signal (``spam_signals``: the form's hidden honeypot field filled in, or more links than a
person writes) is recorded *held*; the same email and text on the same assessment within
``DUPLICATE_WINDOW`` is recorded as a *duplicate* of the first. Held and duplicate comments are
kept, counted and must be considered like any other made on time (s34(a)); they are only kept off
the register. Public comments on one assessment are recorded side by side: each share-locks the
application's row (a transition, which locks it for update, waits for them and they for it), and only
comments with the same email and text wait for one another (``_one_at_a_time``), so the second is
marked the first's duplicate. Moderation (``moderate_comment``, ``redact_comment``) decides what the
register shows, never what the Office considers.
"""

import hashlib
import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction

from assessments import guards
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, Comment, CommentRedaction, State
from greenhouse_office import bounds, clock, statute
from greenhouse_office.emails import queue_email

from .applications import pdf_content
from .executor import lock, record_change

STAFF_MAY_RECORD = (State.OPEN_FOR_COMMENT, State.COMMENTS_CLOSED)
# The same person sending the same words again within a day is a double submission, not a second comment.
DUPLICATE_WINDOW = timedelta(hours=24)
# More links than a person writing about an assessment needs: the mark of link spam.
MAX_LINKS_BEFORE_HELD = 5
_LINK = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
MAX_NAME_CHARS = 200


def last_day_for_comments(application: Application) -> date:
    """s33(2)(d)(ii), s34(a): the closing day, extended under AIA s36(2) past a weekend or holiday."""
    return statute.effective_closing_day(application.closing_day)


def comments_open(application: Application, at: datetime | None = None) -> bool:
    """Whether the public may comment at ``at``: open for comment and not past the extended closing day
    in Canberra (the day close_comment_periods closes it after, so the form closes with the job's rule)."""
    return application.state == State.OPEN_FOR_COMMENT and clock.legal_day(at) <= last_day_for_comments(
        application
    )


def is_on_time(application: Application, received_at: datetime, at_notice_address: bool) -> bool:
    """s34(a): made on or before the closing day (AIA s36(2)-extended), at the notice's address."""
    return at_notice_address and clock.legal_day(received_at) <= last_day_for_comments(application)


def spam_signals(*, text: str, honeypot: str = "") -> list[str]:
    """Why a public comment looks like spam (empty: it does not). Signals hold, never refuse."""
    signals = []
    if (honeypot or "").strip():
        signals.append("the hidden field people never see was filled in")
    if len(_LINK.findall(text or "")) > MAX_LINKS_BEFORE_HELD:
        signals.append(f"more than {MAX_LINKS_BEFORE_HELD} links")
    return signals


def record_comment(
    *,
    application: Application,
    actor,
    name: str,
    email: str,
    text: str,
    channel: str,
    organisation: str = "",
    consent_to_publish: bool = False,
    attachment=None,
    honeypot: str = "",
    received_at: datetime | None = None,
    at_notice_address: bool = True,
    at: datetime | None = None,
) -> Comment:
    """Record a written comment: from the public (web form or API; actor None) or by Office staff.

    A public comment is received at the moment of the act (``at``; by default the moment its turn
    comes, after any identical comment being recorded, so the first received is the first recorded)
    and only while comments are open (``comments_open``); staff give the time an emailed or posted
    comment was received (``received_at``, default the moment of the act), which may not be before
    the notice invited comments nor after the act (guards.comment_received_refusals). A public
    comment with a spam signal is recorded held; a repeat is recorded as a duplicate. After commit:
    the receipt email, which echoes nothing the person typed.
    """
    now = at is None
    at = clock.moment(at)
    public = actor is None
    errors = _comment_errors(
        name=name, email=email, text=text, organisation=organisation, channel=channel, public=public
    )
    content = _attachment_content(attachment, errors)
    if errors:
        raise AssessmentError(Refusal.INVALID, "The comment needs correcting.", field_errors=errors)
    received_at = at if public or received_at is None else received_at
    signals = spam_signals(text=text, honeypot=honeypot) if public else []
    email = (email or "").strip()
    text = text.strip()
    with transaction.atomic():
        if public:
            locked = _share_lock(application)
            _one_at_a_time(locked, email=email, text=text)
            if now:
                at = received_at = clock.moment(None)
            _check_open_to_the_public(locked, at)
        else:
            locked = lock(application)  # its event extends the chain: the row's head is written
            _one_at_a_time(locked, email=email, text=text)
            _check_staff_may_record(locked, actor, received_at, at)
        earlier = _earlier_same(locked, email=email, text=text, received_at=received_at)
        status = (
            Comment.Status.HELD
            if signals
            else Comment.Status.DUPLICATE
            if earlier
            else Comment.Status.RECEIVED
        )
        comment = Comment(
            application=locked,
            name=name.strip(),
            email=email,
            organisation=(organisation or "").strip(),
            text=text,
            consent_to_publish=bool(consent_to_publish),
            status=status,
            held_because="; ".join(signals)[:200],
            duplicate_of_id=earlier,
            received_at=received_at,
            channel=channel,
            at_notice_address=at_notice_address,
            on_time=is_on_time(locked, received_at, at_notice_address),
            recorded_by=actor,
        )
        if content is not None:
            comment.attachment_name = (attachment.name or "attachment.pdf")[-255:]
            comment.attachment_size = len(content)
            comment.attachment_sha256 = _sha256(content)
            attachment.seek(0)
            comment.attachment.save("attachment.pdf", attachment, save=False)
        comment.save()
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


def _share_lock(application: Application) -> Application:
    """``application`` with its state, closing day and title (the receipt's) read afresh, the row
    share-locked until the transaction ends (refused if it is gone): no transition (each locks the
    row for update) can run while the comment is recorded, so none is recorded in a state a
    transition has left, yet comments do not wait for each other. SQLite has no row locks: there
    ``lock`` stands (it serialises every writer anyway)."""
    if connection.vendor != "postgresql":
        try:
            return lock(application)
        except Application.DoesNotExist:
            raise AssessmentError(Refusal.NOT_FOUND, _GONE) from None
    with connection.cursor() as cursor:
        cursor.execute(_SHARE_LOCK, [application.pk])
        row = cursor.fetchone()
    if row is None:
        raise AssessmentError(Refusal.NOT_FOUND, _GONE)
    # Through __dict__: the state field is protected from assignment (as executor.sync does).
    state, closing_day, title = row
    application.__dict__.update(state=state, closing_day=closing_day, title=title)
    return application


_GONE = "This assessment no longer exists."
# The ORM has no FOR SHARE; the only text put in is our own table's name. The title is the receipt's:
# so the public API passes only the pk, and the row is read once.
_SHARE_LOCK = f"SELECT state, closing_day, title FROM {Application._meta.db_table} WHERE id = %s FOR SHARE"  # noqa: S608  # nosec B608


def _one_at_a_time(application: Application, *, email: str, text: str) -> None:
    """Comments with this email and text on this assessment are recorded one after another, so the
    duplicate check of the second sees the first (a PostgreSQL advisory lock on the assessment and a
    hash of the email and text, released when the transaction ends; SQLite serialises every writer)."""
    if not email or connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"{email.lower()}\n{text}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [application.pk, int.from_bytes(digest[:4], "big", signed=True)],
        )


def _attachment_content(attachment, errors: dict) -> bytes | None:
    """The attached PDF's content, checked as every upload is (applications.pdf_content); a problem
    joins ``errors``."""
    if attachment is None:
        return None
    try:
        return pdf_content(attachment)
    except AssessmentError as error:
        errors["attachment"] = error.field_errors.get("file", error.messages)
        return None


def _check_staff_may_record(application: Application, actor, received_at: datetime, at: datetime) -> None:
    if not guards.is_office_staff(application, actor):
        raise AssessmentError(
            Refusal.FORBIDDEN, "Only Office staff may record comments received by email or post."
        )
    if application.state not in STAFF_MAY_RECORD:
        raise AssessmentError(
            Refusal.NOT_AVAILABLE,
            "Comments are recorded while the application is open for comment or until advice is given.",
        )
    if problems := guards.comment_received_refusals(application, received_at, at):
        raise AssessmentError(Refusal.INVALID, *problems, field_errors={"received_at": problems})


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _earlier_same(application: Application, *, email: str, text: str, received_at: datetime) -> int | None:
    """The id of the first comment with this email and text on this assessment within DUPLICATE_WINDOW
    (found through comment_same_email_idx)."""
    if not email:
        return None
    since = received_at - DUPLICATE_WINDOW
    if connection.vendor == "postgresql":
        # The SQL is written once: building the ORM's query was a sixth of a public comment's CPU.
        with connection.cursor() as cursor:
            cursor.execute(_EARLIER_SAME, [application.pk, email, since, received_at, text])
            row = cursor.fetchone()
        return row[0] if row else None
    return (
        Comment.objects.filter(
            application_id=application.pk,
            email__iexact=email,
            text=text,
            received_at__gte=since,
            received_at__lte=received_at,
        )
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )


# The ORM's own SQL for the query above on PostgreSQL (iexact is UPPER(...::text) = UPPER(...)), which
# comment_same_email_idx answers; the only text put in is our own table's name.
_EARLIER_SAME = (
    f"SELECT id FROM {Comment._meta.db_table} WHERE application_id = %s"  # noqa: S608  # nosec B608
    " AND UPPER(email::text) = UPPER(%s) AND received_at >= %s AND received_at <= %s AND text = %s"
    " ORDER BY received_at, id LIMIT 1"
)


def _check_open_to_the_public(application: Application, at: datetime) -> None:
    if application.state != State.OPEN_FOR_COMMENT:
        raise AssessmentError(Refusal.NOT_AVAILABLE, "This assessment is not open for comment.")
    if not comments_open(application, at):
        raise AssessmentError(
            Refusal.NOT_AVAILABLE,
            "s33(2)(d)(ii): comments on this assessment had to be made by "
            f"{statute.format_day(last_day_for_comments(application))}; the period has closed.",
        )


def _comment_errors(*, name, email, text, organisation, channel, public: bool) -> dict:
    errors = {}
    if not (name or "").strip():
        errors["name"] = ["Give your name."]
    elif len(name.strip()) > MAX_NAME_CHARS:
        errors["name"] = [f"Give your name in at most {MAX_NAME_CHARS} characters."]
    if len((organisation or "").strip()) > MAX_NAME_CHARS:
        errors["organisation"] = [f"Give the organisation's name in at most {MAX_NAME_CHARS} characters."]
    if not (text or "").strip():
        errors["text"] = ["Write your comment."]
    elif len(text.strip()) > bounds.MAX_COMMENT_CHARS:
        errors["text"] = [
            f"Your comment is {len(text.strip()):,} characters long; the limit is "
            f"{bounds.MAX_COMMENT_CHARS:,}. Shorten it, or attach the rest as a PDF."
        ]
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


THEME_MAX_CHARS = Comment._meta.get_field("theme").max_length


def consider_comment(
    *,
    comment: Comment,
    actor,
    considered: bool,
    response: str,
    theme: str | None = None,
    at: datetime | None = None,
) -> Comment:
    """s34(a): the Office marks a comment considered, with its response (included in the s34(b) report)
    and the theme it is reported under (``theme``; None keeps the comment's own).

    Takes the application's row lock and re-checks its state, so advice (which holds the same
    lock while it checks every on-time comment is considered) can never be given in between.
    """
    at = clock.moment(at)
    _check_consideration(comment.application, actor, considered=considered, response=response, theme=theme)
    with transaction.atomic():
        application = lock(comment.application)
        _check_may_still_consider(application)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        _mark_considered(
            application, comment, actor=actor, considered=considered, response=response, theme=theme, at=at
        )
    comment.application = application
    return comment


def consider_comments(
    *, comments, actor, theme: str, response: str, at: datetime | None = None
) -> list[Comment]:
    """s34(a): the Office considers several comments together under one theme, with one response.

    The rules are consider_comment's, for every comment; one refusal refuses them all, and either
    every comment is marked considered (each logged in its application's chain as consider_comment
    logs it) or none is.
    """
    at = clock.moment(at)
    pks = sorted({comment.pk for comment in comments})
    if not pks:
        raise AssessmentError(Refusal.INVALID, "Select the comments to consider.")
    if not (theme or "").strip():
        raise AssessmentError(
            Refusal.INVALID,
            "s34(b): give the theme the comments are reported under.",
            field_errors={"theme": ["Give the theme the comments are reported under."]},
        )
    with transaction.atomic():
        # Applications first, then comments, each in pk order: the order consider_comment locks in.
        application_ids = sorted(
            set(Comment.objects.filter(pk__in=pks).values_list("application_id", flat=True))
        )
        applications = {
            application.pk: application
            for application in Application.objects.select_for_update()
            .filter(pk__in=application_ids)
            .order_by("pk")
        }
        locked = list(Comment.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
        if len(locked) != len(pks):
            raise AssessmentError(Refusal.NOT_FOUND, "A selected comment no longer exists.")
        for application in applications.values():
            _check_consideration(application, actor, considered=True, response=response, theme=theme)
        refused = [
            f"{comment.reference} ({application.reference}, {_in_lower_case(State(application.state).label)})"
            for comment in locked
            if (application := applications[comment.application_id]).state not in STAFF_MAY_RECORD
        ]
        if refused:
            raise AssessmentError(
                Refusal.NOT_AVAILABLE,
                f"{_MAY_CONSIDER_UNTIL} Not open to consideration: {'; '.join(refused)}. "
                "None of the selected comments was marked considered.",
            )
        for comment in locked:
            application = applications[comment.application_id]
            _mark_considered(
                application, comment, actor=actor, considered=True, response=response, theme=theme, at=at
            )
            comment.application = application
    return locked


_MAY_CONSIDER_UNTIL = "Comments can be considered only until advice is given."


def _in_lower_case(label: str) -> str:
    return label[:1].lower() + label[1:]  # "Advice given to the Minister" -> "advice given to the Minister"


def _check_consideration(application, actor, *, considered: bool, response: str, theme: str | None) -> None:
    """consider_comment's rules on who and what: Office staff, a response, a theme that fits."""
    if not guards.is_office_staff(application, actor):
        raise AssessmentError(Refusal.FORBIDDEN, "Only Office staff may consider comments.")
    if considered and not (response or "").strip():
        raise AssessmentError(
            Refusal.INVALID,
            "s34: say how the comment was considered.",
            field_errors={"response": ["Say how the comment was considered."]},
        )
    if theme is not None and len(theme.strip()) > THEME_MAX_CHARS:
        raise AssessmentError(
            Refusal.INVALID,
            f"Give the theme in at most {THEME_MAX_CHARS} characters.",
            field_errors={"theme": [f"Give the theme in at most {THEME_MAX_CHARS} characters."]},
        )


def _check_may_still_consider(application: Application) -> None:
    """On the locked application: consideration ends when advice is given (s34)."""
    if application.state not in STAFF_MAY_RECORD:
        raise AssessmentError(Refusal.NOT_AVAILABLE, _MAY_CONSIDER_UNTIL)


def _mark_considered(
    application: Application,
    comment: Comment,
    *,
    actor,
    considered: bool,
    response: str,
    theme: str | None,
    at: datetime,
) -> None:
    """Mark the locked comment and log it in the locked application's chain."""
    before = {"considered": comment.considered, "response": comment.response}
    before_theme = comment.theme
    comment.considered = bool(considered)
    comment.response = (response or "").strip()
    if theme is not None:
        comment.theme = theme.strip()
    comment.considered_by = actor if considered else None
    comment.considered_at = at if considered else None
    comment.save(update_fields=["considered", "response", "theme", "considered_by", "considered_at"])
    after = {"considered": comment.considered, "response": comment.response}
    if comment.theme != before_theme:  # logged when it changes (the s34(b) report's grouping)
        before["theme"], after["theme"] = before_theme, comment.theme
    record_change(
        application,
        "consider_comment",
        actor=actor,
        at=at,
        section="s34(a)",
        payload={"comment": comment.reference, "before": before, "after": after},
    )


# --- Moderation: what the register shows (never what the Office considers) ----------------------


def moderate_comment(*, comment: Comment, actor, at: datetime | None = None) -> Comment:
    """Office staff review a comment for the register: it is published if its maker consented.

    A held comment found to be a person's is released (status received); a duplicate stays a
    duplicate (its first copy is the one published). Logged in the application's chain.
    """
    at = clock.moment(at)
    _may_moderate(comment, actor)
    with transaction.atomic():
        application = lock(comment.application)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        before = comment.status
        if comment.status == Comment.Status.HELD:
            comment.status = Comment.Status.RECEIVED
        comment.moderated_by, comment.moderated_at = actor, at
        comment.save(update_fields=["status", "moderated_by", "moderated_at"])
        record_change(
            application,
            "moderate_comment",
            actor=actor,
            at=at,
            section="s33(2)(c)",
            payload={"comment": comment.reference, "before": before, "after": comment.status},
        )
    comment.application = application
    return comment


def redact_comment(
    *, comment: Comment, actor, public_text: str, reason: str, at: datetime | None = None
) -> CommentRedaction:
    """Office staff hide a comment's text (or part of it) from the register, saying why.

    The comment itself is untouched: its text stays in what the Office considers and reports (s34).
    The redaction (who, when, why, the text shown instead) is kept, and logged in the chain.
    """
    at = clock.moment(at)
    _may_moderate(comment, actor)
    errors = {}
    if not (public_text or "").strip():
        errors["public_text"] = ['Give the text to show instead, e.g. "[removed: personal information]".']
    elif len(public_text.strip()) > bounds.MAX_COMMENT_CHARS:
        errors["public_text"] = [f"At most {bounds.MAX_COMMENT_CHARS:,} characters."]
    if not (reason or "").strip():
        errors["reason"] = ["Say why the text is hidden from the register."]
    if errors:
        raise AssessmentError(Refusal.INVALID, "The redaction needs correcting.", field_errors=errors)
    with transaction.atomic():
        application = lock(comment.application)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        redaction = CommentRedaction.objects.create(
            comment=comment,
            public_text=public_text.strip(),
            reason=reason.strip(),
            redacted_by=actor,
            redacted_at=at,
        )
        comment.moderated_by, comment.moderated_at = actor, at
        comment.save(update_fields=["moderated_by", "moderated_at"])
        record_change(
            application,
            "redact_comment",
            actor=actor,
            at=at,
            section="s33(2)(c)",
            payload={
                "comment": comment.reference,
                "redaction": redaction.pk,
                "public_text": redaction.public_text,
                "reason": redaction.reason,
            },
        )
    return redaction


def _may_moderate(comment: Comment, actor) -> None:
    if not guards.is_office_staff(comment.application, actor):
        raise AssessmentError(Refusal.FORBIDDEN, "Only Office staff may moderate comments.")
