"""Sections other apps add to the Office's "today" page (``assessments.admin.today``).

An app registers a section from its ``AppConfig.ready`` (``register("part7", template=..., context=...)``);
the page renders each after its own buckets. So the page needs no import of the app that adds it, and
dependencies keep pointing one way, to ``greenhouse_office``.

A section's ``context(today)`` must make a fixed number of queries whatever the data: the page's
query count is asserted at two sizes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TodaySection:
    key: str
    template: str  # rendered with the section's context, plus ``today``
    context: Callable[[date], dict]


_SECTIONS: dict[str, TodaySection] = {}


def register(key: str, *, template: str, context: Callable[[date], dict]) -> None:
    """Add (or replace: ``ready`` may run more than once) the section ``key``, shown in the order added."""
    _SECTIONS[key] = TodaySection(key, template, context)


def sections(today: date) -> list[dict]:
    """Each registered section as ``{"key", "template", **its context}`` for day ``today``."""
    return [
        {"key": section.key, "template": section.template, "today": today, **section.context(today)}
        for section in _SECTIONS.values()
    ]
