import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper


def _reference() -> str:
    return "C-" + secrets.token_hex(5).upper()


def _attachment_path(comment, filename: str) -> str:
    # Never the uploaded name: it is untrusted. Served to Office staff only (admin).
    return f"comments/{comment.application_id}/{uuid.uuid4().hex}.pdf"


class Comment(models.Model):
    """A written comment to the Director about the assessment or evaluation (s33(2)(c), s34).

    Every comment made is kept, whatever its status: a comment held as suspected spam or recorded
    as a duplicate is still one the Office must consider if made on time (s34(a)). Only a comment
    whose maker consented, that is neither held nor a duplicate and that Office staff have moderated
    appears on the register (selectors.published_comments), with any redaction's text instead of its own.
    """

    class Channel(models.TextChoices):
        WEB = "web", "Web form"
        EMAIL = "email", "Email"
        POST = "post", "Post"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        HELD = "held", "Held as suspected spam"
        DUPLICATE = "duplicate", "Duplicate of an earlier comment"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="comments"
    )
    reference = models.CharField(max_length=16, unique=True, default=_reference, editable=False)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="On whose behalf, if anyone's.")
    text = models.TextField()
    attachment = models.FileField(upload_to=_attachment_path, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)
    consent_to_publish = models.BooleanField(
        default=False, help_text="The maker agreed to the comment being published on the register."
    )
    status = models.CharField(max_length=9, choices=Status, default=Status.RECEIVED)
    held_because = models.CharField(max_length=200, blank=True, help_text="The spam signals seen.")
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=5, choices=Channel)
    at_notice_address = models.BooleanField(
        default=True, help_text="s34(a): made at the address for lodgment specified in the notice."
    )
    # s34(a): made on or before the (AIA s36(2)-extended) closing day at the notice's address.
    on_time = models.BooleanField(editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Moderation: Office staff reviewed the comment for the register (clear or redact).
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    considered = models.BooleanField(default=False)
    # s34(b): the report groups the comments by what they raise; staff give a theme when considering.
    theme = models.CharField(
        max_length=100,
        blank=True,
        help_text="What the comment is about, e.g. 'Water use' (groups the s34(b) report).",
    )
    response = models.TextField(blank=True, help_text="How the Office considered the comment (s34(b)).")
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    considered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(fields=["application", "on_time", "considered"]),
            # The duplicate check (services.comments._earlier_same) compares emails case-insensitively.
            models.Index("application", Upper("email"), "received_at", name="comment_same_email_idx"),
            # An application's latest comments first (the admin's change page).
            models.Index(fields=["application", "-received_at", "-id"], name="comment_latest_idx"),
            # The public assessment page's version (assessments.public_versions): an application's
            # latest moderation and consideration. Partial, so recording a comment writes neither.
            models.Index(
                fields=["application", "moderated_at"],
                condition=models.Q(moderated_at__isnull=False),
                name="comment_moderated_idx",
            ),
            models.Index(
                fields=["application", "considered_at"],
                condition=models.Q(considered_at__isnull=False),
                name="comment_considered_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} from {self.name}"


class CommentRedaction(models.Model):
    """Office staff hid part or all of a comment's text from the register, saying why.

    The comment's own text is never changed (s34: the Office considers what was made); the latest
    redaction's ``public_text`` is what the register shows instead.
    """

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="redactions")
    public_text = models.TextField(help_text="Shown on the register instead of the comment's text.")
    reason = models.TextField()
    redacted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    redacted_at = models.DateTimeField()

    class Meta:
        ordering = ["redacted_at", "pk"]

    def __str__(self) -> str:
        return f"Redaction of {self.comment.reference}"
