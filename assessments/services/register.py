"""s32(2): the register of independent environmental auditors, kept for the Director.

The Director appoints auditors (s32(2)), so the Director alone adds to and changes the register;
Office staff read it. An auditor keeps their own entry's declarations and engagements (the portal).
Each edit is logged in the auditor's chain with who, when, and the values before and after,
because an appointment is later judged against them.
"""

from datetime import datetime

from django.db import transaction

from assessments.errors import AssessmentError, Refusal
from assessments.models import AuditorEvent, Engagement, IndependentAuditor
from greenhouse_office import access, clock
from greenhouse_office.roles import Role
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


def register_refusal(actor, auditor: IndependentAuditor | None = None) -> AssessmentError | None:
    """Why ``actor`` may not edit ``auditor``'s entry (a new one if None or unsaved), or None.

    s32(2): the Director, who appoints, keeps the register; a registered auditor only their own entry.
    """
    if access.is_director(actor):
        return None
    own = (
        auditor is not None
        and auditor.pk is not None
        and auditor.user_id == getattr(actor, "pk", None)
        and access.has_role(actor, Role.INDEPENDENT_AUDITOR)
    )
    if own:
        return None
    return AssessmentError(
        Refusal.FORBIDDEN,
        "s32(2): independent environmental auditors are appointed by the Director, so only the Director "
        "may add to or change the register of auditors and their engagements. Office staff may read it.",
        code="register_is_the_directors",
    )


def check_may_keep_register(actor, auditor: IndependentAuditor | None = None) -> None:
    """Raise the ``register_refusal``, if any."""
    refusal = register_refusal(actor, auditor)
    if refusal is not None:
        raise refusal


def save_register_entry(*, auditor: IndependentAuditor, actor) -> AuditorEvent | None:
    """The Director registers an auditor or changes their entry (as a form left ``auditor``); logged."""
    check_may_keep_register(actor, auditor)
    adding = auditor.pk is None
    with transaction.atomic():
        before = (
            {}
            if adding
            else register_values(
                IndependentAuditor.objects.select_for_update().get(pk=auditor.pk), AUDITOR_FIELDS
            )
        )
        auditor.save()
        return record_register_change(
            auditor=auditor,
            actor=actor,
            change="register_auditor" if adding else "change_auditor",
            before=before,
            after=register_values(auditor, AUDITOR_FIELDS),
        )


def save_engagements(formset, *, auditor: IndependentAuditor, actor) -> None:
    """Save an engagement formset (admin inline or portal) and log each added, changed or removed one.

    Refused (before anything is saved) to anyone but the Director and the auditor themselves.
    """
    check_may_keep_register(actor, auditor)
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
    """Log ``change`` (e.g. "register_auditor", "change_engagement") unless nothing changed.

    Refused to anyone but the Director and the auditor themselves (``register_refusal``).
    """
    check_may_keep_register(actor, auditor)
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
