"""Conditions of legal acts that say why they refuse, for any record with a state machine.

django-fsm-2 calls a ``Guard`` as a boolean; the executor asks ``guard.refusal(record, on=day)`` for
the words it shows (citing the section), and the admin's "possible from" for ``first_day``.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from greenhouse_office import clock


@dataclass(frozen=True)
class Guard:
    """A condition of an act. ``satisfied_from(record)`` is the first day a condition that time alone
    meets is met (None if time alone never meets it); ``met_by_the_act`` marks one the act's own input
    can meet (the evaluation PDF given with the act that records it)."""

    code: str
    check: Callable[[object, date], str | None]  # None when satisfied
    satisfied_from: Callable[[object], date | None] | None = None
    met_by_the_act: bool = False

    def refusal(self, record, on: date | None = None) -> str | None:
        """Why the condition is not met on day ``on`` (default: today in Canberra), or None.

        Inside ``judged_once(record)`` each guard is judged once a day: the executor's check and
        django-fsm-2's own, on the same locked row before the transition changes it."""
        day = clock.legal_day() if on is None else on
        judged = record.__dict__.get(_JUDGED)
        if judged is None:
            return self.check(record, day)
        if (self, day) not in judged:
            judged[self, day] = self.check(record, day)
        return judged[self, day]

    def first_day(self, record) -> date | None:
        """The day this condition is met by the passing of time, or None if time does not meet it."""
        return self.satisfied_from(record) if self.satisfied_from else None

    def __call__(self, record) -> bool:
        return self.refusal(record) is None


_JUDGED = "_guards_judged"


@contextmanager
def judged_once(record):
    """Remember each guard's verdict on ``record`` while the block runs (the row must not change in it)."""
    record.__dict__[_JUDGED] = {}
    try:
        yield record
    finally:
        del record.__dict__[_JUDGED]


def guard(code: str, *, satisfied_from=None, met_by_the_act: bool = False):
    """Decorator: ``@guard("no_gia")`` over ``def has_gia(record, on) -> str | None``."""

    def decorate(function):
        return Guard(code, function, satisfied_from, met_by_the_act)

    return decorate
