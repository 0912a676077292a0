"""Office-wide records: the people who use the system, their organisations, background-job runs."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Organisation(models.Model):
    """A proponent's organisation, an auditor's firm, or the Commonwealth and its authorities.

    s32(2) asks whether an auditor is employed by, or has contracted with, "the proponent, the
    Commonwealth or a Commonwealth authority": the kind records which of these an organisation is.
    """

    class Kind(models.TextChoices):
        PRIVATE = "private", "Business, individual or other non-government body"
        COMMONWEALTH = "commonwealth", "The Commonwealth or a Commonwealth authority"
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
        return self.kind == self.Kind.COMMONWEALTH


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


class Notice(models.Model):
    """An email in the outbox: written in the same transaction as the act it reports, sent after commit."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    event = models.CharField(max_length=60, help_text="Which template, e.g. application_state_changed.")
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=6, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} to {self.to} ({self.status})"
