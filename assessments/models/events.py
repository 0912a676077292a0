"""The transition log: append-only and hash-chained per application (tamper-evident)."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ImmutableEvent(Exception):
    pass


class EventQuerySet(models.QuerySet):
    """Bulk changes are refused too: ``filter(...).update()``/``.delete()`` would skip save()/delete().

    Only raw SQL (or the plain ``_base_manager``) can change rows; ``verify_log`` detects that.
    """

    def update(self, **kwargs):
        raise ImmutableEvent("Events are never changed once written.")

    def delete(self):
        raise ImmutableEvent("Events are never deleted.")


class ApplicationEvent(models.Model):
    """Who did which transition, when, in what role, under which section, with what payload."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.PROTECT, related_name="events"
    )
    sequence = models.PositiveIntegerField()
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Username, or 'system' for scheduled jobs.")
    role = models.CharField(max_length=40)
    section = models.CharField(max_length=20)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["application", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["application", "sequence"], name="one_event_per_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} -> {self.to_state} by {self.actor_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableEvent("Events are never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEvent("Events are never deleted.")

    def compute_hash(self) -> str:
        content = {
            "application": self.application_id,
            "sequence": self.sequence,
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "role": self.role,
            "section": self.section,
            "payload": self.payload,
            "at": self.at.isoformat(),
            "previous_hash": self.previous_hash,
        }
        canonical = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()
