"""The event log base: append-only, hash-chained per record, keyed with a secret outside the database.

Each event's ``hash`` is an HMAC-SHA256 of its canonical content (which includes the previous
event's hash) under a key named by ``key_id``. The keys come from the environment
(``GREENHOUSE_EVENT_LOG_KEYS``, see ``log_keys``), never from the database, so whoever can write
the tables but not read the key can neither rewrite the chain nor insert an event that verifies.
Rotation: put the new key first; old keys stay listed to verify the events they signed.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ImmutableEvent(Exception):
    pass


def log_keys() -> dict[str, bytes]:
    """``{key_id: key}`` in order, the first being the one new events are signed with.

    ``settings.GREENHOUSE_EVENT_LOG_KEYS`` is a list of ``"key_id:secret"`` strings.
    """
    keys = {}
    for entry in settings.GREENHOUSE_EVENT_LOG_KEYS:
        key_id, _, secret = entry.partition(":")
        if not key_id or not secret:
            raise ImproperlyConfigured("GREENHOUSE_EVENT_LOG_KEYS entries are 'key_id:secret'.")
        keys[key_id] = secret.encode()
    if not keys:
        raise ImproperlyConfigured("GREENHOUSE_EVENT_LOG_KEYS is empty: the event log cannot be signed.")
    return keys


def current_key() -> tuple[str, bytes]:
    return next(iter(log_keys().items()))


class Kind(models.TextChoices):
    TRANSITION = "transition", "Transition"  # a legal act that moved the state
    CHANGE = "change", "Change"  # an edit that matters later (profile, upload, consideration...)


class EventQuerySet(models.QuerySet):
    """Bulk changes are refused too: ``filter(...).update()``/``.delete()`` would skip save()/delete().

    The database refuses UPDATE and DELETE as well (a trigger; see the migrations), and on
    PostgreSQL the application's role should hold only SELECT and INSERT (README, Deploying).
    """

    def transitions(self):
        """Only the acts that moved the state (not the edits logged between them)."""
        return self.filter(kind=Kind.TRANSITION)

    def update(self, **kwargs):
        raise ImmutableEvent("Events are never changed once written.")

    def delete(self):
        raise ImmutableEvent("Events are never deleted.")


class AppendOnly(models.Model):
    """A row written once and never changed or deleted, one by one or in bulk (an event of a log)."""

    objects = EventQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableEvent("Events are never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEvent("Events are never deleted.")


class ChangeEvent(AppendOnly):
    """A change to a record that is not a workflow act: who, when, and the fields before and after.

    Concrete subclasses add the foreign key to their record and their ``change`` choices.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Username, or 'system' for a job.")
    at = models.DateTimeField()
    before = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    @classmethod
    def log(cls, *, by, at, before=None, after=None, **record):
        """Append one event: ``by`` the person (None: the system), ``at`` the moment."""
        return cls.objects.create(
            actor=by,
            actor_name=by.get_username() if by is not None else "system",
            at=at,
            before=before or {},
            after=after or {},
            **record,
        )


class ChainedEvent(AppendOnly):
    """Who did what, when, in what role, under which section, with what payload.

    Concrete subclasses add the foreign key to their record and set ``chain_field`` to its name.
    """

    chain_field = ""  # e.g. "application": the record whose chain this event extends

    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.TRANSITION)
    transition = models.CharField(max_length=40, help_text="The act (a transition) or the change's name.")
    from_state = models.CharField(max_length=30)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Username, or 'system' for scheduled jobs.")
    role = models.CharField(max_length=40)
    section = models.CharField(max_length=20, blank=True)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(max_length=40, help_text="Which log key signed this event.")
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} -> {self.to_state} by {self.actor_name}"

    @property
    def chain_id(self):
        return getattr(self, f"{self.chain_field}_id")

    def canonical(self) -> bytes:
        content = {
            self.chain_field: self.chain_id,
            "sequence": self.sequence,
            "kind": self.kind,
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "role": self.role,
            "section": self.section,
            "payload": self.payload,
            "at": self.at.astimezone(UTC).isoformat(),  # as read back from any database
            "previous_hash": self.previous_hash,
            "key_id": self.key_id,
        }
        return json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        """The HMAC of this event's content under its key ("" if the key is unknown here)."""
        key = log_keys().get(self.key_id)
        if key is None:
            return ""
        return hmac.new(key, self.canonical(), hashlib.sha256).hexdigest()

    def hash_matches(self) -> bool:
        return hmac.compare_digest(self.hash, self.compute_hash())

    def sign(self) -> None:
        """Sign with the current key (payload first round-tripped through JSON, as it is stored)."""
        self.payload = json.loads(json.dumps(self.payload, cls=DjangoJSONEncoder))
        self.key_id, _ = current_key()
        self.hash = self.compute_hash()


class ChainedRecord(models.Model):
    """A record with an event chain: the head hash and length, written in the act's single save."""

    log_head_hash = models.CharField(max_length=64, blank=True, editable=False)
    log_length = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
