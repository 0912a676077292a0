"""The targets for reducing Australia's greenhouse gas emissions (s8): data the Office keeps.

s8(1) has the regulations set the targets, and s8(2) separately for each source category (Kyoto
Protocol Annex A) and for the total level of emissions. Each target records the instrument that set
it and the period it applies to; for one category (or the total) no two periods overlap, so on any
day at most one target is in force. Office staff read them; the Director adds and changes them in the
admin, and each change is logged (``EmissionTargetEvent``) in the same transaction.

s8(3)'s cap (initial targets at most 108% of the 1990 levels) is not checked: the 1990 levels are
not recorded here.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from .clock import moment
from .statute.source_categories import SOURCE_CATEGORIES, SOURCE_CATEGORY_CHOICES
from .workflow.events import ChangeEvent

SECTION_SOURCE_CATEGORY = "s8(2)(a)"  # a target for each source category
SECTION_TOTAL = "s8(2)(b)"  # a target for the total level of greenhouse gas emissions
NATIONAL_TOTAL = "The total level of greenhouse gas emissions"

# What the log records of a target: every field the Director keeps.
TRACKED_FIELDS = (
    "source_category",
    "starts_on",
    "ends_on",
    "target_t_co2e",
    "instrument",
    "instrument_made_on",
    "section",
    "notes",
)


def validate_source_category(code: str) -> None:
    if code and code not in SOURCE_CATEGORIES:
        raise ValidationError(f"{code} is not a Kyoto Protocol Annex A source category code (s8(2)(a)).")


class EmissionTarget(models.Model):
    """A target set by the regulations (s8(1)) for one source category or for the national total."""

    source_category = models.CharField(
        max_length=8,
        blank=True,
        choices=SOURCE_CATEGORY_CHOICES,
        validators=[validate_source_category],
        help_text="The Kyoto Protocol Annex A source category (s8(2)(a)); leave blank for the total "
        "level of greenhouse gas emissions (s8(2)(b)).",
    )
    starts_on = models.DateField("period starts on", help_text="First day the target applies to.")
    ends_on = models.DateField("period ends on", help_text="Last day the target applies to.")
    target_t_co2e = models.DecimalField(
        "target (t CO2-e a year)",
        max_digits=18,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Tonnes of CO2 equivalent a year (s6).",
    )
    instrument = models.CharField(
        max_length=300,
        help_text="The instrument that set it, e.g. 'Convention on Climate Change (Implementation) "
        "Targets Determination 2026 (No. 1)'.",
    )
    instrument_made_on = models.DateField("instrument made on")
    section = models.CharField(
        max_length=12,
        editable=False,
        help_text="s8(2)(a) for a source category, s8(2)(b) for the total (set from the category).",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["source_category", "starts_on"]
        indexes = [models.Index(fields=["source_category", "starts_on"], name="emission_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="emission_target_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category_label}: {self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        self.section = SECTION_SOURCE_CATEGORY if self.source_category else SECTION_TOTAL
        super().save(*args, **kwargs)

    @property
    def category_label(self) -> str:
        if not self.source_category:
            return NATIONAL_TOTAL
        category = SOURCE_CATEGORIES.get(self.source_category)
        return f"{self.source_category} {category.label}" if category else self.source_category

    @property
    def period_in_words(self) -> str:
        return f"{self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"

    def applies_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self):
        self.section = SECTION_SOURCE_CATEGORY if self.source_category else SECTION_TOTAL
        if self.starts_on is None or self.ends_on is None:
            return  # the fields' own errors say so
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The period must end on or after the day it starts."})
        overlapping = (
            EmissionTarget.objects.filter(
                source_category=self.source_category, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
            )
            .exclude(pk=self.pk)
            .order_by("starts_on")
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                f"{self.section}: one target applies to {self.category_label.lower()} on any day, and "
                f"the target set by {overlapping.instrument} already applies from "
                f"{overlapping.period_in_words}. End that period first, or choose days outside it."
            )


class EmissionTargetEvent(ChangeEvent):
    """A change to a target: who, when, and the fields before and after. Append-only (migration 0010)."""

    class Change(models.TextChoices):
        CREATED = "created", "Target added"
        CHANGED = "changed", "Target changed"

    target = models.ForeignKey(EmissionTarget, on_delete=models.PROTECT, related_name="events")
    change = models.CharField(max_length=10, choices=Change.choices)

    class Meta(ChangeEvent.Meta):
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target", "-at"], name="emission_target_event_idx")]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_change_display().lower()} by {self.actor_name}"


def fields_of(target: EmissionTarget) -> dict:
    """The target's kept fields as the log stores them (JSON: dates and decimals as text)."""
    values = {name: getattr(target, name) for name in TRACKED_FIELDS}
    # A form gives Decimal("1000"), the database Decimal("1000.000"): the same target.
    values["target_t_co2e"] = Decimal(values["target_t_co2e"]).quantize(Decimal("0.001"))
    return {name: value if isinstance(value, str) else str(value) for name, value in values.items()}


def record_target_change(
    *, target: EmissionTarget, by, before: dict | None, at=None
) -> EmissionTargetEvent | None:
    """Log that ``target`` was added (``before`` None) or changed (the fields that differ only).

    Call in the transaction that saved it (the admin's); nothing is logged when nothing changed.
    """
    after = fields_of(target)
    if before is None:
        change, before, logged_after = EmissionTargetEvent.Change.CREATED, {}, after
    else:
        changed = [name for name in TRACKED_FIELDS if before.get(name) != after[name]]
        if not changed:
            return None
        change = EmissionTargetEvent.Change.CHANGED
        before, logged_after = {n: before.get(n) for n in changed}, {n: after[n] for n in changed}
    return EmissionTargetEvent.log(
        target=target, change=change, by=by, at=moment(at), before=before, after=logged_after
    )
