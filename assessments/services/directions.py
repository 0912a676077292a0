"""s35: the Minister may direct a person to prepare a Greenhouse Impact Assessment of an action.

The direction is an instrument, like the s30 decision: after it commits, ``issue_direction`` renders
templates/pdf/direction.html once and stores it on the Direction with its sha256 (docs/adr/0010).
"""

import hashlib
import logging
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from kombu.exceptions import OperationalError

from assessments.errors import AssessmentError, Refusal
from assessments.models import Direction
from greenhouse_office import clock
from greenhouse_office.access import is_minister
from greenhouse_office.emails import queue_email
from greenhouse_office.models import Organisation
from greenhouse_office.pdf import render_pdf
from greenhouse_office.statute.wording import S35

from .issue_failures import resolve_failures
from .issuing import day_in_words

logger = logging.getLogger(__name__)


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
    with transaction.atomic():
        direction = Direction.objects.create(
            organisation=organisation, action=action.strip(), due_on=due_on, directed_by=actor, directed_at=at
        )
        for person in organisation.members.filter(is_active=True).exclude(email=""):
            queue_email(
                "direction_given", person.email, {"direction": direction, "person": person}, record=direction
            )
        pk = direction.pk
        # robust: a failed enqueue must not undo the direction; its PDF then waits for a download.
        transaction.on_commit(lambda: enqueue_direction(pk), robust=True)
    return direction


def enqueue_direction(direction_id: int) -> bool:
    """Give the direction to its issuing task; False if the broker is unreachable."""
    from assessments import tasks

    try:
        tasks.issue_direction.delay(direction_id)
    except OperationalError as error:
        logger.warning(
            "The PDF of direction %s waits: the task broker is unreachable (%s).", direction_id, error
        )
        return False
    return True


def direction_context(direction: Direction) -> dict:
    """What templates/pdf/direction.html shows: to whom, the action, the due date and the section."""
    organisation = direction.organisation
    directed_by = direction.directed_by
    address = [line.strip() for line in (organisation.address_lines or "").splitlines() if line.strip()]
    locality = " ".join(p for p in (organisation.suburb, organisation.state, organisation.postcode) if p)
    return {
        "direction": direction,
        "organisation": organisation,
        "address": [*address, *([locality] if locality else [])],
        "action": direction.action,
        "due_on": day_in_words(direction.due_on),
        "directed_on": day_in_words(direction.directed_at),
        "minister": (directed_by.get_full_name() or directed_by.get_username()) if directed_by else "",
        "s35": S35,
        "footer": f"Direction {direction.pk} · Direction to prepare a Greenhouse Impact Assessment (s35)",
    }


def issue_direction(*, direction: Direction, at: datetime | None = None) -> Direction:
    """s35: store the direction as its PDF, once; returns the direction.

    Idempotent: the row lock serialises two tasks, and the second finds the first's instrument.
    Raises greenhouse_office.pdf.PdfRenderError if the render fails (the task retries).
    """
    at = clock.moment(at)
    if direction.issued_at is not None:
        return direction
    with transaction.atomic():
        locked = (
            Direction.objects.select_for_update()
            .select_related("organisation", "directed_by")
            .get(pk=direction.pk)
        )
        if locked.issued_at is not None:
            return locked
        content = render_pdf("pdf/direction.html", direction_context(locked))
        locked.file.save(f"direction-{locked.pk}.pdf", ContentFile(content), save=False)
        locked.sha256, locked.size, locked.issued_at = hashlib.sha256(content).hexdigest(), len(content), at
        locked.save(update_fields=["file", "sha256", "size", "issued_at"])
        resolve_failures(direction=locked, at=at)
    return locked


def direction_document(direction: Direction) -> Direction:
    """The direction with its PDF: issued now if its task never ran (the first download)."""
    return direction if direction.issued_at else issue_direction(direction=direction)
