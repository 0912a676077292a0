"""Office-wide records: the people who use the system, their organisations, background-job runs, emails."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from .abn import formatted as format_abn
from .abn import normalise as normalise_abn
from .abn import validate_abn
from .jurisdictions import StateOrTerritory
from .workflow.events import ChangeEvent

# Australia Post's States and Territories (the Jervis Bay Territory and the external Territories
# have postcodes in one of them).
POSTAL_STATES = [
    (code, label)
    for code, label in StateOrTerritory.choices
    if code in {"ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA"}
]


class Organisation(models.Model):
    """Who a proponent, an auditor's firm or a Commonwealth body is: the Bill's persons.

    s27 and s28 distinguish an individual from a body corporate; s32(2) asks whether an auditor is
    employed by, or has contracted with, "the proponent, the Commonwealth or a Commonwealth
    authority"; s4(2) keeps the Crown, not every Commonwealth agency, from prosecution; s29 binds
    "the Commonwealth or a Commonwealth agency". The kind records which of these an organisation is
    (docs/INTERPRETATION.md, "Who can be penalised"). A body corporate must give its ABN.
    """

    class Kind(models.TextChoices):
        # A natural person (a sole trader, say): the penalties for an individual (s25, s26, s27(3)).
        INDIVIDUAL = "individual", "An individual (a natural person, such as a sole trader)"
        # A company or other incorporated body (s25, s26, s27(3) Note 1, s28).
        BODY_CORPORATE = "body_corporate", "A body corporate (a company or other incorporated body)"
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

    name = models.CharField(
        "legal name",
        max_length=200,
        unique=True,
        help_text="The name on the Australian Business Register (or the person's full name).",
    )
    trading_name = models.CharField(
        max_length=200, blank=True, help_text="The name it trades under, if different from its legal name."
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.BODY_CORPORATE)
    abn = models.CharField(
        "ABN",
        max_length=11,
        blank=True,
        validators=[validate_abn],
        help_text="Australian Business Number, 11 digits. A body corporate must give its ABN.",
    )
    address_lines = models.TextField(
        "postal address", blank=True, help_text="Street or PO Box, one line each; the suburb goes below."
    )
    suburb = models.CharField("suburb or town", max_length=100, blank=True)
    state = models.CharField("State or Territory", max_length=3, choices=POSTAL_STATES, blank=True)
    postcode = models.CharField(
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}\Z", "A postcode is 4 digits, such as 2600.")],
    )
    contact_name = models.CharField("contact person", max_length=200, blank=True)
    contact_email = models.EmailField("contact email", blank=True)
    contact_phone = models.CharField(
        "contact phone", max_length=30, blank=True, help_text="Include the area code, e.g. 02 6274 1111."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commonwealth(self) -> bool:
        """s32(2): "the Commonwealth or a Commonwealth authority" (both kinds)."""
        return self.kind in COMMONWEALTH_KINDS

    @property
    def abn_formatted(self) -> str:
        return format_abn(self.abn) if self.abn else ""

    def clean_fields(self, exclude=None):
        # People write an ABN in groups ("53 004 085 616"); it is stored as the 11 digits.
        if self.abn:
            self.abn = normalise_abn(self.abn)
        super().clean_fields(exclude=exclude)

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # A form that has already refused the ABN it was given (so left it out) has said why:
        # "needs its ABN" would contradict it.
        self._abn_refused_by_form = exclude is not None and "abn" in exclude
        super().full_clean(exclude, validate_unique, validate_constraints)

    def clean(self):
        errors = {}
        abn_refused = getattr(self, "_abn_refused_by_form", False)
        if self.kind == self.Kind.BODY_CORPORATE and not self.abn and not abn_refused:
            errors["abn"] = (
                "A body corporate needs its ABN. If it has none, it may be another kind of "
                "organisation: choose the kind that it is."
            )
        address = {
            "address_lines": self.address_lines.strip(),
            "suburb": self.suburb,
            "state": self.state,
            "postcode": self.postcode,
        }
        if any(address.values()):  # an address is whole or not given
            for field in (field for field, value in address.items() if not value):
                label = self._meta.get_field(field).verbose_name
                errors[field] = f"Give the {label} too, or leave the whole postal address empty."
        if errors:
            raise ValidationError(errors)


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
    administers_organisation = models.BooleanField(
        "administers the organisation",
        default=False,
        help_text="Invites people into the organisation and keeps its details (whoever created it).",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class OrganisationInvitation(models.Model):
    """An administrator's invitation for a person, by email address, to act for the organisation.

    Only a hash of the token is kept: the raw token is in the emailed link and nowhere else, so
    whoever reads this table cannot accept an invitation. Pending until accepted, revoked or expired.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be accepted"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64, unique=True, editable=False, help_text="SHA-256 of the token.")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "email"], name="invitation_org_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def status_at(self, moment) -> "OrganisationInvitation.Status":
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if moment >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING


class OrganisationEvent(ChangeEvent):
    """A change to an organisation, its details or its people: who, when, what, before and after.

    Written by greenhouse_office.organisations (and the Office's admin) in the act's transaction.
    Append-only: never changed or deleted (on PostgreSQL the database refuses too, migration 0009).
    """

    class Change(models.TextChoices):
        CREATED = "created", "Organisation created"
        DETAILS_CHANGED = "details_changed", "Details changed"
        INVITED = "invited", "Person invited"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted: person joined"
        INVITATION_REVOKED = "invitation_revoked", "Invitation revoked"
        MEMBER_REMOVED = "member_removed", "Person removed"
        MEMBERSHIP_CHANGED = "membership_changed", "Membership changed by the Office"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="events")
    change = models.CharField(max_length=30, choices=Change.choices)

    class Meta(ChangeEvent.Meta):
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="organisation_event_idx")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_change_display().lower()} by {self.actor_name}"


class ApiToken(models.Model):
    """A key for the JSON API, issued to one person: it expires, its owner may revoke it, and it
    stops working when their password changes (greenhouse_office/accounts/tokens.py).

    Only a hash of the key is stored, so neither a database copy nor the admin can reveal it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        max_length=100, help_text="What the token is for, e.g. 'Emissions reporting script'."
    )
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    # The user's session hash when the token was issued: it changes with the password.
    password_fingerprint = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_because = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"


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
        SENDING = "sending", "Sending"  # claimed by a send task (claimed_at) and not yet marked sent
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    template = models.CharField(
        max_length=60, help_text="Which template, e.g. application_state_changed (templates/emails/)."
    )
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=7, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a send task claimed it; a claim older than the lease is a dead worker's.",
    )
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


# The s8 targets live in their own module; imported here so Django finds the models.
from .emission_targets import EmissionTarget, EmissionTargetEvent  # noqa: E402, F401
