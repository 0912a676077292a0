import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def _instrument_path(direction, filename: str) -> str:
    # Served only through views (admin, portal): never a public URL.
    return f"directions/{uuid.uuid4().hex}.pdf"


class Direction(models.Model):
    """s35: the Minister directs a person to prepare a Greenhouse Impact Assessment of an action.

    Fulfilled when that person lodges an application for the action (Application.direction). Its
    instrument (a PDF) is issued once, after the direction commits (services.directions.issue_direction).
    """

    organisation = models.ForeignKey(
        "greenhouse_office.Organisation",
        on_delete=models.PROTECT,
        related_name="directions",
        help_text="The person directed.",
    )
    action = models.TextField(help_text="The action to be assessed.")
    due_on = models.DateField()
    directed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    directed_at = models.DateTimeField(
        default=timezone.now, help_text="The moment of the direction (the service sets it)."
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    # The instrument as issued: fixed once stored, like the s30 decision (docs/adr/0010).
    file = models.FileField(upload_to=_instrument_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True, help_text="When its PDF was issued.")

    class Meta:
        ordering = ["-directed_at"]

    def __str__(self) -> str:
        return f"Direction to {self.organisation} (due {self.due_on:%d %B %Y})"
