"""s35: the Minister may direct a person to prepare a Greenhouse Impact Assessment of an action."""

from datetime import date

from assessments.errors import AssessmentError, Refusal
from assessments.models import Direction
from greenhouse_office import statute
from greenhouse_office.models import Organisation
from greenhouse_office.notices import queue_notice
from greenhouse_office.roles import Role, has_role


def direct_assessment(*, actor, organisation: Organisation, action: str, due_on: date) -> Direction:
    """Record the direction and tell the person; it is fulfilled when they lodge for that action."""
    if not has_role(actor, Role.MINISTER):
        raise AssessmentError(Refusal.FORBIDDEN, "s35: only the Minister may direct that a GIA be prepared.")
    errors = {}
    if not (action or "").strip():
        errors["action"] = ["Describe the action to be assessed."]
    if due_on is None or due_on <= statute.legal_today():
        errors["due_on"] = ["The due date must be in the future."]
    if errors:
        raise AssessmentError(Refusal.INVALID, "The direction needs correcting.", field_errors=errors)
    direction = Direction.objects.create(
        organisation=organisation, action=action.strip(), due_on=due_on, directed_by=actor
    )
    for person in organisation.members.filter(is_active=True).exclude(email=""):
        queue_notice("direction_given", person.email, {"direction": direction, "person": person})
    return direction
