"""How every legal act runs, for any model with a django-fsm-2 state machine and an event chain.

In one transaction: lock the row (the one read), refuse in a fixed order -- the actor's role
(403), then the state (409), then the rules of the Act (400) -- run the transition, sign the event
and set the row's log head, save the row (the one write), insert the event, and queue emails
(sent after commit). Every surface (API, pages, admin, Celery jobs) reaches this through a service,
so each refusal is decided here once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django_fsm import ConcurrentTransition, FSMFieldMixin, TransitionNotAllowed

from greenhouse_office.access import primary_role

from .acts import fsm_meta
from .errors import ActRefused, Refusal
from .events import ChainedEvent, Kind
from .guards import judged_once

CONFLICT = "Someone else changed this record at the same moment; reload it and try again."


@dataclass
class Outcome:
    """What an act returns: the record as saved (the locked instance), its event, and any warnings."""

    record: object
    event: ChainedEvent
    warnings: list[str] = field(default_factory=list)

    @property
    def application(self):
        return self.record


def fsm_meta_field(model):
    """The model's state field (its one FSMField), or None for a record without a state machine."""
    return next((f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)), None)


def current_state(record) -> str:
    field_ = fsm_meta_field(type(record))
    return "" if field_ is None else getattr(record, field_.attname)


def state_label(model, state: str) -> str:
    return str(dict(fsm_meta_field(model).flatchoices).get(state, state)).lower()


def check_may(
    record,
    name: str,
    actor,
    *,
    on=None,
    refusals: Callable | None = None,
    error=ActRefused,
    rules: bool = True,
):
    """Refuse ``actor`` running ``name`` on ``record`` now: role, then state, then the rules.

    ``rules=False`` judges the role and the state only: for a caller whose act judges the rules
    itself, under its lock, so that their queries run once.
    """
    model = type(record)
    meta = fsm_meta(model, name)
    if meta is None:
        raise error(Refusal.NOT_AVAILABLE, f"There is no act called {name!r}.", code="unknown_act")
    steps = list(meta.transitions.values())
    custom = steps[0].custom
    if not any(step.has_perm(record, actor) for step in steps):
        raise error(Refusal.FORBIDDEN, f"Only {steps[0].permission.who} may {custom['label'].lower()}.")
    current = current_state(record)
    step = meta.get_transition(current)
    if step is None:
        raise error(
            Refusal.NOT_AVAILABLE,
            f"{custom['label']} is not possible while the {model._meta.verbose_name} is "
            f"{state_label(model, current)}.",
        )
    if not step.has_perm(record, actor):
        raise error(Refusal.FORBIDDEN, f"Only {step.permission.who} may {custom['label'].lower()} now.")
    if not rules:
        return step
    messages = [m for condition in step.conditions if (m := _refusal(condition, record, on))]
    messages += refusals(record) if refusals else []
    if messages:
        raise error(Refusal.RULE, *messages, code=f"{name}_refused")
    return step


def _refusal(condition, record, on) -> str | None:
    """A guard's own words (``Guard.refusal``), or a plain sentence for a bare predicate."""
    refusal = getattr(condition, "refusal", None)
    if refusal is not None:
        return refusal(record, on=on)
    return None if condition(record) else f"A condition of this act is not met ({condition.__name__})."


def run_act(
    record,
    name: str,
    *,
    actor,
    at: datetime,
    event_model: type[ChainedEvent],
    payload: dict | Callable[[object], dict],
    refusals: Callable[[object], list[str]] | None = None,
    logged: dict | Callable[[object], dict] | None = None,
    before_save: Callable[[object], None] | None = None,
    after_save: Callable[[object], None] | None = None,
    notify: Callable[[object, ChainedEvent], None] | None = None,
    error: type[ActRefused] = ActRefused,
) -> Outcome:
    """Run transition ``name`` for ``actor`` (None: the Office's scheduled job) at moment ``at``.

    ``payload`` (or ``payload(locked)``, built inside the lock) is passed to the transition;
    ``refusals(locked)`` judges the actor's input against the locked row; ``after_save`` writes
    related rows in the same transaction; ``logged`` is what the event records (default: payload).
    """
    model = type(record)
    day = at.date()
    try:
        with transaction.atomic():
            locked = model.objects.select_for_update().get(pk=record.pk)
            # django-fsm-2 judges the conditions again before the transition: the same verdicts.
            with judged_once(locked):
                step = check_may(locked, name, actor, on=day, refusals=refusals, error=error)
                from_state = current_state(locked)
                arguments = payload(locked) if callable(payload) else payload
                before = {f.attname: getattr(locked, f.attname) for f in model._meta.concrete_fields}
                getattr(locked, name)(**arguments)
            if before_save:
                before_save(locked)
            _validate_changed(locked, before)
            recorded = logged(locked) if callable(logged) else (arguments if logged is None else logged)
            event = new_event(
                locked,
                event_model,
                name,
                actor=actor,
                at=at,
                section=step.custom["section"],
                payload=recorded,
                from_state=from_state,
            )
            locked.save()
            if after_save:
                after_save(locked)
            event.save()
            if notify:
                notify(locked, event)
    except (ConcurrentTransition, TransitionNotAllowed) as failure:
        raise error(Refusal.CONFLICT, CONFLICT) from failure
    sync(record, locked)
    return Outcome(locked, event)


def sync(stale, fresh) -> None:
    """Bring the caller's instance up to date from the saved one, in memory (no query).

    Written to ``__dict__`` because the state field is protected from assignment.
    """
    if stale is fresh:
        return
    for field_ in type(fresh)._meta.concrete_fields:
        stale.__dict__[field_.attname] = fresh.__dict__[field_.attname]
    stale._state.fields_cache = dict(fresh._state.fields_cache)


def _validate_changed(record, before: dict) -> None:
    """Validate the fields the act changed (not the FSM field, which the transition set)."""
    state = fsm_meta_field(type(record)).name
    unchanged = [
        f.name for f in type(record)._meta.concrete_fields if getattr(record, f.attname) == before[f.attname]
    ]
    record.full_clean(exclude=[*unchanged, state], validate_unique=False, validate_constraints=False)


def new_event(
    record,
    event_model,
    name: str,
    *,
    actor,
    at,
    section: str,
    payload: dict,
    from_state=None,
    kind=Kind.TRANSITION,
) -> ChainedEvent:
    """The next event of ``record``'s chain, signed; sets the record's head (the caller saves both)."""
    state = current_state(record)
    event = event_model(
        **{event_model.chain_field: record},
        sequence=record.log_length + 1,
        kind=kind,
        transition=name,
        from_state=state if from_state is None else from_state,
        to_state=state,
        actor=actor,
        actor_name=actor.get_username() if actor else "system",
        role=primary_role(actor),
        section=section,
        payload=payload,
        at=at,
        previous_hash=record.log_head_hash,
    )
    event.sign()
    record.log_head_hash = event.hash
    record.log_length = event.sequence
    return event


def append_change(record, event_model, name: str, *, actor, at, section: str, payload: dict) -> ChainedEvent:
    """Log a change that is not a transition (an edit, an upload, a consideration) on a locked record.

    The record's head is written with one UPDATE of its two log columns; call inside the
    transaction that holds the row lock and makes the change.
    """
    event = new_event(
        record, event_model, name, actor=actor, at=at, section=section, payload=payload, kind=Kind.CHANGE
    )
    type(record).objects.filter(pk=record.pk).update(
        log_head_hash=record.log_head_hash, log_length=record.log_length
    )
    event.save()
    return event
