from django.db import models

from greenhouse_office.jurisdictions import StateOrTerritory


class NewspaperNotice(models.Model):
    """s33(1)(b)(ii): the notice in a daily newspaper circulating in an affected State or Territory."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="newspaper_notices"
    )
    state_or_territory = models.CharField(max_length=3, choices=StateOrTerritory)
    newspaper = models.CharField(max_length=200)
    published_on = models.DateField()

    class Meta:
        ordering = ["state_or_territory"]
        constraints = [
            models.UniqueConstraint(fields=["application", "state_or_territory"], name="one_notice_per_state")
        ]

    def __str__(self) -> str:
        return f"{self.newspaper} ({self.state_or_territory}), {self.published_on:%d %B %Y}"
