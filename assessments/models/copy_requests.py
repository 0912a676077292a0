"""s33(1)(a): copies of the assessment and the evaluation made available to the public on request."""

from django.conf import settings
from django.db import models


class CopyRequest(models.Model):
    """A person's request for a copy of a published assessment and/or its evaluation.

    Recorded by services.copy_requests.request_copy; Office staff answer it in the admin
    (services.copy_requests.answer_copy_request), which stamps who and when and tells the requester.
    """

    class Documents(models.TextChoices):
        BOTH = "both", "The Greenhouse Impact Assessment and the independent evaluation"
        GIA = "gia", "The Greenhouse Impact Assessment only"
        EVALUATION = "evaluation", "The independent evaluation only"

    class Format(models.TextChoices):
        EMAIL = "email", "PDF by email"
        POST = "post", "Printed, by post"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received: to be answered"
        ANSWERED = "answered", "Answered: the copy was sent"

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.PROTECT, related_name="copy_requests"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Required for a PDF by email.")
    postal_address = models.TextField(blank=True, help_text="Required for a printed copy by post.")
    documents = models.CharField(max_length=12, choices=Documents, default=Documents.BOTH)
    format = models.CharField(max_length=8, choices=Format, default=Format.EMAIL)
    requested_at = models.DateTimeField()
    due_on = models.DateField(
        help_text="The Office's service standard (settings.COPY_REQUEST_BUSINESS_DAYS)."
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
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Copy request {self.pk} for {self.application.reference}"
