"""The assessments' use of the workflow core: the application's chain, errors and emails.

Every transition of an application runs through ``run_transition`` (the core's executor with
``ApplicationEvent`` and ``AssessmentError``); changes that are not transitions but matter later
(profile edits, uploads, comment consideration) are logged with ``record_change``.
"""

from datetime import datetime

from assessments.errors import AssessmentError
from assessments.models import Application, ApplicationEvent, State
from greenhouse_office import access, clock
from greenhouse_office.emails import queue_email
from greenhouse_office.roles import Role
from greenhouse_office.workflow import executor
from greenhouse_office.workflow.executor import Outcome


def run_transition(application: Application, name: str, *, actor, at: datetime, **options) -> Outcome:
    """Run act ``name`` on ``application`` (see greenhouse_office.workflow.executor.run_act)."""
    return executor.run_act(
        application,
        name,
        actor=actor,
        at=clock.moment(at),
        event_model=ApplicationEvent,
        error=AssessmentError,
        notify=_notify_proponent,
        **options,
    )


def check_may(
    application: Application, name: str, actor, *, at: datetime | None = None, rules: bool = True
) -> None:
    """Refuse now, without running, if ``actor`` may not run ``name`` (role, state, then the rules
    unless ``rules=False``: the act judges them again under its lock)."""
    executor.check_may(application, name, actor, on=clock.legal_day(at), error=AssessmentError, rules=rules)


def record_change(
    application: Application, name: str, *, actor, at: datetime, section: str = "", payload: dict
) -> ApplicationEvent:
    """Log a change to a locked application in its chain (call inside the change's transaction)."""
    return executor.append_change(
        application,
        ApplicationEvent,
        name,
        actor=actor,
        at=clock.moment(at),
        section=section,
        payload=payload,
    )


def lock(application: Application) -> Application:
    """The application's row, locked until the surrounding transaction ends."""
    return Application.objects.select_for_update().get(pk=application.pk)


NOTIFIED = ("pk", "email", "username", "first_name", "last_name")


def _notify_proponent(application: Application, event: ApplicationEvent) -> None:
    """Email the proponent's people on every change of state."""
    people = access.people_in_role(Role.PROPONENT, organisation=application.organisation_id)
    # What the email shows of each person (its name and address), not the rest of their row.
    for person in people.only(*NOTIFIED):
        queue_email(
            "application_state_changed",
            person.email,
            {
                "application": application,
                "event": event,
                "person": person,
                "state": State(event.to_state).label,
            },
            record=application,
            event=event,
        )


__all__ = ["Outcome", "check_may", "lock", "record_change", "run_transition"]
