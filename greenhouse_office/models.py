"""Office-wide records: the people who use the system, their organisations, background-job runs, emails."""

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Organisation(models.Model):
    """A proponent's organisation, an auditor's firm, or the Commonwealth and its authorities.

    s32(2) asks whether an auditor is employed by, or has contracted with, "the proponent, the
    Commonwealth or a Commonwealth authority"; s4(2) keeps the Crown, not every Commonwealth agency,
    from prosecution; s29 binds "the Commonwealth or a Commonwealth agency". The kind records which
    of these an organisation is (docs/INTERPRETATION.md, "Who can be penalised").
    """

    class Kind(models.TextChoices):
        PRIVATE = "private", "Business, individual or other non-government body"
        # The Crown in right of the Commonwealth: a Department of State or another part of the
        # Commonwealth with no legal personality of its own (s4).
        THE_COMMONWEALTH = "the_commonwealth", "The Commonwealth (a Department or other part of the Crown)"
        # A Commonwealth authority with a legal personality of its own: a body corporate (or an
        # office-holder) established for a Commonwealth purpose (s29, s32(2)).
        COMMONWEALTH_AGENCY = (
            "commonwealth_agency",
            "A Commonwealth authority or agency (a body corporate or office-holder of its own)",
        )
        STATE_OR_TERRITORY = "state_or_territory", "A State or Territory government body"

    name = models.CharField(max_length=200, unique=True)
    abn = models.CharField(
        "ABN", max_length=11, blank=True, help_text="Australian Business Number, 11 digits, no spaces."
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.PRIVATE)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commonwealth(self) -> bool:
        """s32(2): "the Commonwealth or a Commonwealth authority" (both kinds)."""
        return self.kind in COMMONWEALTH_KINDS


COMMONWEALTH_KINDS = (Organisation.Kind.THE_COMMONWEALTH, Organisation.Kind.COMMONWEALTH_AGENCY)


class User(AbstractUser):
    """A person who signs in. The public reads and comments without an account.

    What a person may do comes from their groups (greenhouse_office.roles); which applications a
    proponent sees comes from their organisation.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organisation this person acts for (proponents and auditors).",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class JobRun(models.Model):
    """One run of a background job, so staff can see that scheduled jobs are really running."""

    name = models.CharField(max_length=100, db_index=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    succeeded = models.BooleanField(default=True)
    detail = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="Host that ran the job.")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["name", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.name} at {self.started_at:%Y-%m-%d %H:%M}"


class Email(models.Model):
    """An email in the outbox: written in the same transaction as the act it reports, sent after commit.

    It names the record it concerns (an application, a direction...) and the event that caused it by
    a generic link and the event's hash, so this app never imports the apps that send emails
    (docs/adr/0007-email-outbox.md).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    template = models.CharField(
        max_length=60, help_text="Which template, e.g. application_state_changed (templates/emails/)."
    )
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=6, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    record_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    event_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Hash of the logged event that caused this email (events are hash-chained).",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="email_record_idx")]

    def __str__(self) -> str:
        return f"{self.template} to {self.to} ({self.status})"
