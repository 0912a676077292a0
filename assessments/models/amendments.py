from django.conf import settings
from django.db import models
from django.utils import timezone


class AmendmentRequest(models.Model):
    """One thing the Office asks the proponent to fix before lodging again."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        EMISSION_PROFILE = "emission_profile", "Emission profile"
        DESCRIPTION = "description", "Description"
        OTHER = "other", "Other"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="amendment_requests"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    detail = models.TextField(help_text="What is missing or wrong.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="The moment of the act (the service sets it)."
    )
    response = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail[:60]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
