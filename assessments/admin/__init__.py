"""The assessments admin for Office staff: one module per screen (STYLE: keep modules small)."""

from . import (
    applications,
    auditors,
    comments,
    copy_requests,
    directions,
    events,
    issue_failures,
    ministerial_access,
    opinions,
    withheld,
)

__all__ = [
    "applications",
    "auditors",
    "comments",
    "copy_requests",
    "directions",
    "events",
    "issue_failures",
    "ministerial_access",
    "opinions",
    "withheld",
]
