"""s32(2): the register of independent environmental auditors, kept by the Office.

Each edit (an auditor's declarations or an engagement) is logged in the auditor's chain with who,
when, and the values before and after, because an appointment is later judged against them.
"""

from datetime import datetime

from django.db import transaction

from assessments.models import AuditorEvent, Engagement, IndependentAuditor
from greenhouse_office import clock
from greenhouse_office.workflow.executor import append_change

# What a register edit records, before and after (foreign keys by id).
AUDITOR_FIELDS = (
    "user",
    "qualifications",
    "qualified_declared_on",
    "fit_and_proper_declared_on",
    "registered_on",
)
ENGAGEMENT_FIELDS = ("organisation", "kind", "started_on", "ended_on", "description")


def register_values(instance, fields) -> dict:
    """``{field: value}`` of an auditor or engagement as a register edit logs it."""
    return {
        name: getattr(instance, f"{name}_id" if name in ("user", "organisation") else name) for name in fields
    }


def save_engagements(formset, *, auditor: IndependentAuditor, actor) -> None:
    """Save an engagement formset (admin inline or portal) and log each added, changed or removed one."""
    before = {
        f.instance.pk: {
            "engagement": f.instance.pk,
            **register_values(Engagement.objects.get(pk=f.instance.pk), ENGAGEMENT_FIELDS),
        }
        for f in formset.initial_forms
        if f.instance.pk and (f.has_changed() or f in getattr(formset, "deleted_forms", []))
    }
    deleted = {f.instance.pk for f in getattr(formset, "deleted_forms", []) if f.instance.pk}
    for engagement in formset.save():
        record_register_change(
            auditor=auditor,
            actor=actor,
            change="change_engagement" if engagement.pk in before else "add_engagement",
            before=before.get(engagement.pk, {}),
            after={"engagement": engagement.pk, **register_values(engagement, ENGAGEMENT_FIELDS)},
        )
    for pk in deleted:
        record_register_change(
            auditor=auditor,
            actor=actor,
            change="remove_engagement",
            before=before.get(pk, {"engagement": pk}),
            after={},
        )


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
