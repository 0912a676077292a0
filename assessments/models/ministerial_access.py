from django.conf import settings
from django.db import models

from greenhouse_office.workflow.events import AppendOnly


class MinisterialAccess(AppendOnly):
    """One page of the Minister's dashboard opened: who, when, which address, which application.

    Written by the dashboard's access check (assessments.views.minister) on every request that gets
    in, so the Office can show who read the advice and the comments before a decision. Never changed.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    application = models.ForeignKey(
        "assessments.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ministerial_accesses",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "Minister's dashboard access"
        verbose_name_plural = "Minister's dashboard accesses"
        indexes = [models.Index(fields=["-at"], name="ministerial_access_at")]

    def __str__(self) -> str:
        return f"{self.user} {self.method} {self.path} at {self.at:%Y-%m-%d %H:%M}"
