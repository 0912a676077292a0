import secrets

from django.conf import settings
from django.db import models


def _reference() -> str:
    return "C-" + secrets.token_hex(5).upper()


class Comment(models.Model):
    """A written comment to the Director about the assessment or evaluation (s33(2)(c), s34)."""

    class Channel(models.TextChoices):
        WEB = "web", "Web form"
        EMAIL = "email", "Email"
        POST = "post", "Post"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="comments"
    )
    reference = models.CharField(max_length=16, unique=True, default=_reference, editable=False)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    text = models.TextField()
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
    considered = models.BooleanField(default=False)
    response = models.TextField(blank=True, help_text="How the Office considered the comment (s34(b)).")
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    considered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["application", "on_time", "considered"])]

    def __str__(self) -> str:
        return f"{self.reference} from {self.name}"
