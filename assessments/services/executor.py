"""How every transition runs: lock, check state, role and guards, transition, log, notify after commit."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from assessments import guards
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, ApplicationEvent, State
from greenhouse_office.notices import queue_notice
from greenhouse_office.roles import Role, primary_role

WHO_MAY = {
    guards.is_the_proponent: "the proponent",
    guards.is_office_staff: "Office staff",
    guards.is_director: "the Director (s32(2))",
    guards.is_minister: "the Minister (s30)",
    guards.is_appointed_auditor_or_office_staff: "the appointed auditor or Office staff",
    guards.is_office_staff_or_system: "Office staff",
}


@dataclass
class Outcome:
    application: Application
    event: ApplicationEvent
    warnings: list[str] = field(default_factory=list)


def transition_meta(application: Application, name: str):
    method = getattr(application, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise AssessmentError(Refusal.NOT_AVAILABLE, f"There is no transition called {name!r}.")
    return meta


def available_transitions(application: Application, user) -> list[str]:
    """Transitions from the current state that this user's role may run.

    Guards are left out on purpose: an unmet guard is shown as a refusal that says what is missing,
    rather than hiding the step (e.g. "lodge" before the GIA is uploaded).
    """
    available = []
    for name in TRANSITION_NAMES:
        step = transition_meta(application, name).get_transition(application.state)
        if step is not None and step.has_perm(application, user):
            available.append(name)
    return available


def run_transition(
    application: Application,
    name: str,
    *,
    actor,
    payload: dict,
    refusals: Callable[[Application], list[str]] | None = None,
    logged: dict | None = None,
    before_save: Callable[[Application], None] | None = None,
    after_save: Callable[[Application], None] | None = None,
) -> Outcome:
    """Run transition ``name`` for ``actor`` (None: the Office's scheduled job).

    ``refusals`` checks the payload against the locked row; ``after_save`` writes related rows in
    the same transaction; ``logged`` is what the event records (default: the payload).
    """
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            meta = transition_meta(locked, name)
            current = locked.state
            if not meta.has_transition(current):
                raise AssessmentError(
                    Refusal.NOT_AVAILABLE,
                    f"'{name}' is not possible while the application is {State(current).label.lower()}.",
                )
            step = meta.get_transition(current)
            if not step.has_perm(locked, actor):
                raise AssessmentError(
                    Refusal.FORBIDDEN, f"Only {WHO_MAY[step.permission]} may {step.custom['label'].lower()}."
                )
            messages = [m for g in step.conditions if (m := g.refusal(locked))]
            messages += refusals(locked) if refusals else []
            if messages:
                raise AssessmentError(Refusal.RULE, *messages, code=f"{name}_refused")
            getattr(locked, name)(**payload)
            if before_save:
                before_save(locked)
            locked.full_clean(exclude=["state"])  # the FSM field is protected; the transition set it
            locked.save()
            if after_save:
                after_save(locked)
            event = _append_event(
                locked, name, current, actor, step.custom["section"], payload if logged is None else logged
            )
            _notify_proponent(locked, event)
    except ConcurrentTransition as error:
        raise AssessmentError(
            Refusal.CONFLICT,
            "Someone else changed this application at the same moment; reload it and try again.",
        ) from error
    application.refresh_from_db()
    return Outcome(application, event)


def _append_event(application: Application, name: str, from_state: str, actor, section: str, payload: dict):
    """Append to this application's hash chain; the row lock serialises writers."""
    last = application.events.order_by("-sequence").first()
    event = ApplicationEvent(
        application=application,
        sequence=(last.sequence + 1) if last else 1,
        transition=name,
        from_state=from_state,
        to_state=application.state,
        actor=actor,
        actor_name=actor.get_username() if actor else "system",
        role=primary_role(actor),
        section=section,
        payload=payload,
        at=timezone.now(),
        previous_hash=last.hash if last else "",
    )
    # Round-trip through JSON so the hash covers exactly what is stored (dates become strings).
    event.payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    event.hash = event.compute_hash()
    event.save()
    Application.objects.filter(pk=application.pk).update(log_head_hash=event.hash)
    return event


def _notify_proponent(application: Application, event: ApplicationEvent) -> None:
    """Email the proponent's people on every change of state."""
    people = application.organisation.members.filter(
        is_active=True, groups__name=Role.PROPONENT.value
    ).exclude(email="")
    for person in people:
        queue_notice(
            "application_state_changed",
            person.email,
            {
                "application": application,
                "event": event,
                "person": person,
                "state": State(event.to_state).label,
            },
        )


TRANSITION_NAMES = (
    "lodge",
    "return_for_amendment",
    "commission_evaluation",
    "record_evaluation",
    "publish_for_comment",
    "close_comments",
    "give_advice",
    "approve",
    "refuse",
    "withdraw",
)
