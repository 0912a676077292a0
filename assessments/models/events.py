"""The application's event log: every transition and every change that matters later.

Append-only and hash-chained per application with a keyed HMAC (greenhouse_office.workflow.events).
"""

from django.db import models

from greenhouse_office.workflow.events import ChainedEvent, ImmutableEvent, Kind


class ApplicationEvent(ChainedEvent):
    """Who did which act or change to an application, when, in what role, under which section."""

    chain_field = "application"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        ordering = ["application", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["application", "sequence"], name="one_event_per_sequence")
        ]


__all__ = ["ApplicationEvent", "ImmutableEvent", "Kind"]
