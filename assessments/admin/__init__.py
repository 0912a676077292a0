"""The assessments admin for Office staff: one module per screen (STYLE: keep modules small)."""

from . import applications, auditors, comments, directions, events

__all__ = ["applications", "auditors", "comments", "directions", "events"]
