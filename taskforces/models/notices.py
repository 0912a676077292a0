"""The Part 7 duties the daily job has told people about: one row per duty and status, so a second run
(or a redelivered job) sends nothing again."""

from django.db import models


class DutyNotice(models.Model):
    key = models.CharField(max_length=80, help_text="The duty (taskforces.obligations.Obligation.key).")
    status = models.CharField(max_length=10, help_text="due or overdue: each is told once.")
    section = models.CharField(max_length=20)
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key", "status"], name="one_notice_per_duty_status")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status}) told {self.sent_at:%-d %B %Y}"
