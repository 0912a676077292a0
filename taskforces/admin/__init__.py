"""Part 7's admin for Office staff: one module per screen (STYLE: keep modules small)."""

from . import categories, events, plans, taskforces

__all__ = ["categories", "events", "plans", "taskforces"]
