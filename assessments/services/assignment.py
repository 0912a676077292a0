"""Which officer looks after an application: Office staff assign themselves or a colleague.

Not an act of the Bill and not a state: the assignment is one column, logged in the application's
event chain like any other change, and the FSM state is never written.
"""

from datetime import datetime

from django.db import transaction

from assessments.errors import AssessmentError, Refusal
from assessments.models import Application
from greenhouse_office import access, clock

from .executor import lock, record_change


def assign_officer(*, application: Application, officer, actor, at: datetime | None = None) -> Application:
    """Assign ``officer`` (Office staff or the Director; None to unassign) to ``application``."""
    at = clock.moment(at)
    if not access.is_office(actor):
        raise AssessmentError(
            Refusal.FORBIDDEN, "Only Office staff or the Director may assign an officer.", code="not_office"
        )
    if officer is not None and not (officer.is_active and access.is_office(officer)):
        raise AssessmentError(
            Refusal.INVALID,
            f"{officer.get_username()} is not Office staff or the Director: only they may be assigned.",
            code="not_an_officer",
            field_errors={"officer": ["Choose a member of the Office's staff or the Director."]},
        )
    with transaction.atomic():
        locked = lock(application)
        before = locked.assigned_officer_id
        new = officer.pk if officer is not None else None
        if before != new:
            # update(), not save(): only this column (and the log head, below) changes.
            Application.objects.filter(pk=locked.pk).update(assigned_officer=new, updated_at=at)
            locked.assigned_officer_id = new
            record_change(
                locked,
                "assign_officer",
                actor=actor,
                at=at,
                payload={
                    "changed": ["assigned_officer"],
                    "before": {"assigned_officer": before},
                    "after": {"assigned_officer": new},
                    "officer_name": officer.get_username() if officer is not None else "",
                },
            )
    application.refresh_from_db(fields=["assigned_officer", "log_head_hash", "log_length", "updated_at"])
    return application
