"""s26, s29(2): the Minister's opinion that an action has inhibited, inhibits, will inhibit or is likely
to inhibit the achievement of targets for reducing greenhouse gas emissions, with the Minister's reasons.

Written only by ``services.opinions.form_opinion`` (the Minister's dashboard calls it); if it concerns
an application, logged in that application's chain. Never edited after recording except for the
Office's acknowledgement (``acknowledge_opinion``: its note, who and when). A change of opinion is a
new record, never an edit of this one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from greenhouse_office import clock
from greenhouse_office.statute.opinions import (
    OPINION_LIMBS,
    S26,
    S29_2,
    SECTION_WORDS,
    all_limb_codes,
    opinion_limb,
    opinion_section,
)

LIMB_CHOICES = [(code, code.replace("_", " ")) for code in all_limb_codes()]
ACKNOWLEDGEMENT_FIELDS = frozenset({"office_note", "acknowledged_by", "acknowledged_at"})


def _limbs_of(section: str) -> list[str]:
    return [limb.code for limb in OPINION_LIMBS[section]]


class MinisterialOpinion(models.Model):
    action = models.TextField(help_text="The action the opinion is about, as the Minister describes it.")
    organisation = models.ForeignKey(
        "greenhouse_office.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ministerial_opinions",
        help_text="Who takes the action, if the Office knows them as an organisation.",
    )
    taker_name = models.CharField(
        "who takes the action", max_length=255, help_text="The person taking the action, in words."
    )
    application = models.ForeignKey(
        "assessments.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ministerial_opinions",
        help_text="The application for approval of the action (s30), if there is one.",
    )
    commonwealth = models.BooleanField(
        "taken by the Commonwealth or a Commonwealth agency",
        help_text="Then the opinion is under s29(2); otherwise under s26.",
    )
    limb = models.CharField(max_length=24, choices=LIMB_CHOICES)
    reasons = models.TextField(help_text="The Minister's reasons for the opinion.")
    formed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    formed_at = models.DateTimeField(help_text="The moment the opinion was recorded (the service sets it).")
    # What the Office has done about it (services.opinions.acknowledge_opinion).
    office_note = models.TextField("the Office's follow-up", blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ministerial opinion (s26, s29(2))"
        verbose_name_plural = "ministerial opinions (s26, s29(2))"
        ordering = ["-formed_at", "-pk"]
        indexes = [models.Index(fields=["-formed_at", "-id"], name="opinion_newest_first_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commonwealth=False, limb__in=_limbs_of(S26))
                | models.Q(commonwealth=True, limb__in=_limbs_of(S29_2)),
                name="opinion_limb_of_its_section",
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True, office_note="")
                | (
                    models.Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False)
                    & ~models.Q(office_note="")
                ),
                name="opinion_acknowledged_with_note_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Opinion under {self.section} about {self.taker_name}'s action"

    def save(self, *args, **kwargs):
        """Recorded once; afterwards only the Office's acknowledgement may be saved."""
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and not self._state.adding:
            if update_fields is None or not set(update_fields) <= ACKNOWLEDGEMENT_FIELDS:
                raise ValueError("A ministerial opinion is not edited: a change of opinion is a new record.")
        super().save(*args, **kwargs)

    def clean(self):
        try:
            opinion_limb(self.section, self.limb)
        except KeyError:
            raise ValidationError({"limb": f"{self.section} gives no such limb."}) from None

    @property
    def section(self) -> str:
        """s29(2) for the Commonwealth or a Commonwealth agency, else s26."""
        return opinion_section(commonwealth=self.commonwealth)

    @property
    def section_words(self) -> str:
        return SECTION_WORDS[self.section]

    @property
    def provision(self) -> str:
        """The limb's provision: s26(a), s26(b) or s29(2)."""
        return opinion_limb(self.section, self.limb).section

    @property
    def opinion(self) -> str:
        """The opinion in the Act's words."""
        return opinion_limb(self.section, self.limb).opinion

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def status(self) -> str:
        """What the Office has done about it, in words."""
        if self.acknowledged_at is None:
            return "Awaiting the Office's follow-up"
        return f"Acknowledged by the Office on {clock.legal_day(self.acknowledged_at):%-d %B %Y}"
