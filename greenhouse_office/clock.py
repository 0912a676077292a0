"""The one legal clock: the moment of an act, in Canberra time (Australia/Sydney).

Services take the moment of their act as an ``at`` argument that defaults to ``legal_now()``;
nothing else reads the time for a legal date. Tests and ``seed_demo`` move time by passing ``at``
(or with time-machine, which moves this clock too).
"""

from datetime import date, datetime, time

from django.utils import timezone

from .statute.config import LEGAL_TIME_ZONE


def legal_now() -> datetime:
    """Now, as an aware datetime in Canberra time."""
    return timezone.now().astimezone(LEGAL_TIME_ZONE)


def moment(at: datetime | None) -> datetime:
    """The moment of an act: ``at`` (aware) or now, in Canberra time."""
    if at is None:
        return legal_now()
    if timezone.is_naive(at):
        raise ValueError("The moment of an act must be an aware datetime.")
    return at.astimezone(LEGAL_TIME_ZONE)


def legal_day(at: datetime | None = None) -> date:
    """The day in Canberra of the moment ``at`` (default: today)."""
    return moment(at).date()


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in Canberra: moments of that legal day are from it, before the next's."""
    return datetime.combine(day, time.min, tzinfo=LEGAL_TIME_ZONE)
