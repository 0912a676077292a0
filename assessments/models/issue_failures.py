from django.db import models

from .documents import Document

DIRECTION = "direction"


class IssueFailure(models.Model):
    """A PDF the Office issues that failed to render (the template, WeasyPrint, a file error, a time limit).

    Written by the issuing task on each failed attempt (assessments.services.issue_failures) and
    resolved when the document is later issued, by the task's retry, staff's "Retry now" or the first
    download. One open failure per document: later attempts count on it.
    """

    KIND_CHOICES = [*Document.Kind.choices, (DIRECTION, "Direction to prepare a GIA (s35)")]

    application = models.ForeignKey(
        "assessments.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="issue_failures",
    )
    direction = models.ForeignKey(
        "assessments.Direction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="issue_failures",
    )
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    task = models.CharField(max_length=100, help_text="The task that issues it (retried by the same).")
    arguments = models.JSONField(default=list, help_text="The task's arguments.")
    error = models.TextField(help_text="The last failure's error.")
    attempts = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When the document was issued after all."
    )

    class Meta:
        ordering = ["-last_failed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, direction__isnull=True)
                | models.Q(application__isnull=True, direction__isnull=False),
                name="issue_failure_of_an_application_or_a_direction",
            ),
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=models.Q(resolved_at__isnull=True, application__isnull=False),
                name="one_open_issue_failure_per_application_document",
            ),
            models.UniqueConstraint(
                fields=["direction"],
                condition=models.Q(resolved_at__isnull=True, direction__isnull=False),
                name="one_open_issue_failure_per_direction",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "last_failed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.subject}: failed {self.attempts} time(s)"

    @property
    def subject(self) -> str:
        if self.application_id:
            return self.application.reference
        return f"the direction to {self.direction.organisation}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
