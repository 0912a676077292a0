"""s32(2): the register of independent environmental auditors, kept by the Office.

Each edit (an auditor's declarations or an engagement) is logged in the auditor's chain with who,
when, and the values before and after, because an appointment is later judged against them.
"""

from datetime import datetime

from django.db import transaction

from assessments.models import AuditorEvent, IndependentAuditor
from greenhouse_office import clock
from greenhouse_office.workflow.executor import append_change


def record_register_change(
    *, auditor: IndependentAuditor, actor, change: str, before: dict, after: dict, at: datetime | None = None
) -> AuditorEvent | None:
    """Log ``change`` (e.g. "register_auditor", "change_engagement") unless nothing changed."""
    changed = sorted(name for name in {*before, *after} if before.get(name) != after.get(name))
    if not changed:
        return None
    with transaction.atomic():
        locked = IndependentAuditor.objects.select_for_update().get(pk=auditor.pk)
        event = append_change(
            locked,
            AuditorEvent,
            change,
            actor=actor,
            at=clock.moment(at),
            section="s32(2)",
            payload={
                "changed": changed,
                "before": {n: before.get(n) for n in changed},
                "after": {n: after.get(n) for n in changed},
            },
        )
    auditor.log_head_hash, auditor.log_length = locked.log_head_hash, locked.log_length
    return event
