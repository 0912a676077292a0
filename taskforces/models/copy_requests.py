"""s38: an industry greenhouse plan made available to members of the public on request."""

from django.conf import settings
from django.db import models

from assessments.models import CopyRequest


class PlanCopyRequest(models.Model):
    """A person's request for a copy of a published industry greenhouse plan (its current version).

    Recorded by services.copy_requests.request_plan_copy; Office staff answer it in the admin
    (services.copy_requests.answer_plan_copy_request), which stamps who and when and tells the requester.
    """

    # The same formats and states as the register's requests for copies (s33(1)(a)).
    Format = CopyRequest.Format
    Status = CopyRequest.Status

    plan = models.ForeignKey(
        "taskforces.IndustryGreenhousePlan", on_delete=models.PROTECT, related_name="copy_requests"
    )
    version = models.ForeignKey(
        "taskforces.PlanVersion",
        on_delete=models.PROTECT,
        related_name="copy_requests",
        help_text="The version published when the copy was asked for.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Required for a PDF by email.")
    postal_address = models.TextField(blank=True, help_text="Required for a printed copy by post.")
    format = models.CharField(max_length=8, choices=Format, default=Format.EMAIL)
    requested_at = models.DateTimeField()
    due_on = models.DateField(
        help_text="The Office's service standard (settings.GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS)."
    )
    # The honeypot field was filled: kept for staff to see, but no email goes out to the address given.
    suspected_spam = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.RECEIVED)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="plan_copy_request_due_idx")]

    def __str__(self) -> str:
        return f"Copy request {self.pk} for {self.version}"
