"""The statute package's only contact with Django, and the legal clock.

Everything here works without Django settings: outside a configured Django process the defaults
apply (commencement computed from s2; public holidays of the ACT, where the Office sits).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import holidays

from .errors import InvalidSetting, UnknownSubdivision

T = TypeVar("T")

# AIA s36(2) counts holidays "in the place": the Office sits in Canberra, so its clock and
# holidays are those of the Australian Capital Territory (STYLE.md rule 7).
LEGAL_TIME_ZONE = ZoneInfo("Australia/Sydney")
DEFAULT_SUBDIVISION = "ACT"


def django_setting(name: str, default: T) -> T:
    """A Django setting if Django is configured, else ``default``.

    The one place the package reads Django, so it imports and runs as pure Python.
    """
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a project dependency
        return default
    if not settings.configured:
        return default
    return getattr(settings, name, default)


def commencement_override() -> date | None:
    """``settings.GREENHOUSE_COMMENCEMENT`` (a ``date``), for demos and tests, or None."""
    value = django_setting("GREENHOUSE_COMMENCEMENT", None)
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidSetting(
            f"GREENHOUSE_COMMENCEMENT must be a datetime.date, not {type(value).__name__}.",
            section="s2",
        )
    return value


def office_subdivision() -> str:
    """The State or Territory whose public holidays apply (``settings.GREENHOUSE_OFFICE_SUBDIVISION``)."""
    return check_subdivision(django_setting("GREENHOUSE_OFFICE_SUBDIVISION", DEFAULT_SUBDIVISION))


def check_subdivision(subdiv: object) -> str:
    """The subdivision code, if ``holidays`` knows it as an Australian State or Territory."""
    if not isinstance(subdiv, str) or subdiv not in holidays.Australia.subdivisions:
        known = ", ".join(holidays.Australia.subdivisions)
        raise UnknownSubdivision(
            f"AIA s36(2): unknown place {subdiv!r} for public holidays; use one of {known}.",
            section="AIA s36(2)",
        )
    return subdiv


def legal_today() -> date:
    """Today in Canberra (Australia/Sydney), never the server's local date."""
    return datetime.now(LEGAL_TIME_ZONE).date()
