"""Guards of the plans' workflow: who may run each act (``Permission``) and conditions that say why not."""

from datetime import date

from greenhouse_office import access
from greenhouse_office.workflow.acts import permission
from greenhouse_office.workflow.guards import guard


@permission("Office staff", office=True)
def is_office_staff(plan, user) -> bool:
    return access.is_office(user)


@guard("no_draft_text")
def has_draft_text(plan, on: date) -> str | None:
    draft = plan.draft
    if draft is None or not draft.text.strip() or not draft.summary.strip():
        return "s36(1)(a): write the plan (its summary and text) before it is given to the Minister."
    return None


# --- Payload checks -------------------------------------------------------------------------


def day_not_in_future(day: date, today: date, what: str) -> list[str]:
    """A day recorded as past cannot be after today (in Canberra)."""
    if day > today:
        return [f"The day {what} cannot be after today ({today:%-d %B %Y})."]
    return []


def not_before(day: date, earlier: date | None, what: str, than: str) -> list[str]:
    if earlier is not None and day < earlier:
        return [f"The day {what} cannot be before {than} ({earlier:%-d %B %Y})."]
    return []
