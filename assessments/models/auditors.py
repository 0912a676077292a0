"""The register of independent environmental auditors (s32(2)) and their engagement history."""

from django.conf import settings
from django.db import models

from greenhouse_office.models import Organisation
from greenhouse_office.workflow.events import ChainedEvent, ChainedRecord


class IndependentAuditor(ChainedRecord):
    """A person the Director may appoint to evaluate a Greenhouse Impact Assessment (s32(2)).

    Holds the auditor's declarations: qualified to carry out environmental audits (s32(2)(a)) and
    a fit and proper person within s27 of the NEPM (Implementation) Act 1998 (s32(2)(b)). Their
    employment and contracts are in Engagement, so independence can be judged per proponent.
    Every edit of the register is logged in ``AuditorEvent`` (who, when, before and after).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auditor_registration"
    )
    qualifications = models.TextField(
        help_text="Qualifications to carry out environmental audits, e.g. certification and number."
    )
    qualified_declared_on = models.DateField(
        null=True, blank=True, help_text="s32(2)(a): date the auditor declared these qualifications."
    )
    fit_and_proper_declared_on = models.DateField(
        null=True,
        blank=True,
        help_text="s32(2)(b): date the auditor declared they are a fit and proper person "
        "(s27 NEPM (Implementation) Act 1998).",
    )
    registered_on = models.DateField()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        permissions = [
            (
                "appoint_independent_auditor",
                "Can appoint an independent environmental auditor (s32(2))",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Engagement(models.Model):
    """An auditor's employment by, or services under contract to, an organisation (s32(2))."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Employed by"
        CONTRACT = "contract", "Provided services under or in connection with a contract to"

    auditor = models.ForeignKey(IndependentAuditor, on_delete=models.CASCADE, related_name="engagements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="auditor_engagements"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while it continues.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="engagement_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.auditor}: {self.get_kind_display().lower()} {self.organisation}"


class AuditorEvent(ChainedEvent):
    """An edit of the auditor register (s32(2)): declarations, qualifications, engagements."""

    chain_field = "auditor"

    auditor = models.ForeignKey(IndependentAuditor, on_delete=models.PROTECT, related_name="events")

    class Meta:
        ordering = ["auditor", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["auditor", "sequence"], name="one_auditor_event_per_sequence")
        ]
