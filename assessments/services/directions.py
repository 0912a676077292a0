"""s35: the Minister may direct a person to prepare a Greenhouse Impact Assessment of an action."""

from datetime import date, datetime

from assessments.errors import AssessmentError, Refusal
from assessments.models import Direction
from greenhouse_office import clock
from greenhouse_office.access import is_minister
from greenhouse_office.emails import queue_email
from greenhouse_office.models import Organisation


def may_direct(actor) -> None:
    """s35: only the Minister directs (surfaces ask before judging the input)."""
    if not is_minister(actor):
        raise AssessmentError(Refusal.FORBIDDEN, "s35: only the Minister may direct that a GIA be prepared.")


def direct_assessment(
    *, actor, organisation: Organisation, action: str, due_on: date, at: datetime | None = None
) -> Direction:
    """Record the direction and tell the person; it is fulfilled when they lodge for that action."""
    at = clock.moment(at)
    may_direct(actor)
    errors = {}
    if not (action or "").strip():
        errors["action"] = ["Describe the action to be assessed."]
    if due_on is None or due_on <= at.date():
        errors["due_on"] = ["The due date must be in the future."]
    if errors:
        raise AssessmentError(Refusal.INVALID, "The direction needs correcting.", field_errors=errors)
    direction = Direction.objects.create(
        organisation=organisation, action=action.strip(), due_on=due_on, directed_by=actor, directed_at=at
    )
    for person in organisation.members.filter(is_active=True).exclude(email=""):
        queue_email(
            "direction_given", person.email, {"direction": direction, "person": person}, record=direction
        )
    return direction
