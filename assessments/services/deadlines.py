"""s32(1): warn Office staff before the independent evaluation falls due, and flag it when overdue.

Each warning goes once per lodgement: it is claimed by stamping the application with a conditional
update (two workers cannot both claim it), and its emails are queued in the same transaction, so they
are sent after commit or not at all. Catching up after downtime sends only the most urgent warning
that applies now (a missed 7-day warning is not sent late alongside the 1-day one); the skipped stamp
stays empty, so the stamps record only what was sent.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from assessments.models import Application, ApplicationEvent, State
from greenhouse_office import access, clock, statute
from greenhouse_office.emails import queue_email
from greenhouse_office.roles import OFFICE_ROLES

# Before the evaluation is recorded the Office still has to obtain it (s32(1)): received, not yet
# commissioned, counts too, as the 30 days run from receipt.
AWAITING_EVALUATION = (State.LODGED, State.EVALUATION_COMMISSIONED)
FIRST_WARNING_DAYS = 7
LAST_WARNING_DAYS = 1

WARNED_7_DAYS = "evaluation_warned_7_days_at"
WARNED_1_DAY = "evaluation_warned_1_day_at"
OVERDUE = "evaluation_overdue_at"


def awaiting_evaluation(today: date):
    """Applications whose evaluation is due within the first warning's reach, or already overdue.

    ``lodged_at`` is when the current lodgement happened: stamps older than it belong to an earlier
    lodgement (before a return for amendment) and no longer count.
    """
    last_lodged = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), transition="lodge")
        .order_by("-sequence")
        .values("at")[:1]
    )
    return (
        Application.objects.filter(
            state__in=AWAITING_EVALUATION,
            evaluation_due_on__isnull=False,
            evaluation_due_on__lte=today + timedelta(days=FIRST_WARNING_DAYS),
        )
        .annotate(lodged_at=Subquery(last_lodged))
        .order_by("evaluation_due_on", "pk")
    )


def warning_due(application: Application, today: date) -> str | None:
    """Which stamp's warning is due now (the most urgent one that applies), or None."""
    days_left = (application.evaluation_due_on - today).days
    if days_left < 0:
        stamp = OVERDUE
    elif days_left <= LAST_WARNING_DAYS:
        stamp = WARNED_1_DAY
    elif days_left <= FIRST_WARNING_DAYS:
        stamp = WARNED_7_DAYS
    else:
        return None
    return None if _sent(application, stamp) else stamp


def _sent(application: Application, stamp: str) -> bool:
    at = getattr(application, stamp)
    lodged_at = getattr(application, "lodged_at", None)
    return at is not None and (lodged_at is None or at >= lodged_at)


def warn_evaluation_deadline(*, application: Application, at: datetime | None = None) -> str | None:
    """Send the warning due for this application (if any, and if no one else has); returns its stamp.

    Called by the scheduled job with ``application`` from ``awaiting_evaluation(today)``.
    """
    at = clock.moment(at)
    today = at.date()
    stamp = warning_due(application, today)
    if stamp is None:
        return None
    not_yet_sent = Q(**{f"{stamp}__isnull": True})
    if getattr(application, "lodged_at", None) is not None:
        not_yet_sent |= Q(**{f"{stamp}__lt": application.lodged_at})
    with transaction.atomic():
        claimed = (
            Application.objects.filter(
                not_yet_sent,
                pk=application.pk,
                state__in=AWAITING_EVALUATION,
                evaluation_due_on=application.evaluation_due_on,
            ).update(**{stamp: at})
            == 1
        )
        if not claimed:
            return None  # another worker sent it, or the application moved on
        template = "evaluation_overdue" if stamp == OVERDUE else "evaluation_deadline_approaching"
        context = {
            "application": application,
            "state": State(application.state).label,
            "due_on": application.evaluation_due_on,
            "days_left": (application.evaluation_due_on - today).days,
            "days_overdue": (today - application.evaluation_due_on).days,
            "evaluation_days": statute.evaluation_deadline(application.received_on or today).days,
        }
        for person in office_staff():
            queue_email(template, person.email, {**context, "person": person}, record=application)
    return stamp


def office_staff():
    """Active Office staff and the Director, who have an email address."""
    return access.people_in_role(*OFFICE_ROLES)
