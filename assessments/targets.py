"""An action's position against the targets (s8) in force on the day of decision (s30(d), s26, s29(2)).

For each of the application's source categories, and for the national total, the position gives the
target in force on the day, the emissions of the actions already approved in that target's period, this
action's emissions, and what is left (the headroom): target - approved - this action.

Emissions are each action's largest 12-month total in t CO2-e from its stored screening (s25, s31(1)(a)),
read as its annual emissions. The Bill's targets are national and by source category (s8(2)), but a
Greenhouse Impact Assessment does not split an action's emissions by category: an action in two
categories is counted, whole, against each of them (and once against the total). The position says so;
it overstates a category's share rather than guess a split.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from greenhouse_office import clock
from greenhouse_office.emission_targets import (
    NATIONAL_TOTAL,
    SECTION_SOURCE_CATEGORY,
    SECTION_TOTAL,
    EmissionTarget,
)
from greenhouse_office.statute.source_categories import SOURCE_CATEGORIES

from .models import Application, State

WHOLE_ACTION_NOTE = (
    "The assessment does not split the action's emissions by source category, so the whole action is "
    "counted against each of its categories, and once against the total."
)

# The chart's geometry, in SVG user units.
CHART_WIDTH = 720
LABEL_WIDTH = 200
VALUE_WIDTH = 170
BAR_AREA = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
BAR_HEIGHT = 24
BAR_GAP = 12
# Each bar's fill (non-text contrast with white at least 3:1); the labels are #0b0c0c (19:1).
FILLS = {"target": "#505a5f", "approved": "#1d70b8", "action": "#003078", "together": "#4c2c92"}


def tonnes_text(value: Decimal) -> str:
    """Grouped thousands, exact, no trailing zeros: 1,234,567.5."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def tonnes_in_words(value: Decimal) -> str:
    """The tonnes with their unit: 1,234,567.5 t CO2-e."""
    return f"{tonnes_text(value)} t CO2-e"


def annual_emissions(screening) -> Decimal | None:
    """The largest 12-month total of a stored screening (assessments.services.applications.screening_of)."""
    if not screening or screening.get("max_12_month_t_co2e") in (None, ""):
        return None
    return Decimal(screening["max_12_month_t_co2e"])


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    value_text: str
    width: float
    y: int
    css_class: str
    fill: str
    value_x: float  # where the value's words start: just after the bar


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]
    title: str
    description: str


def bar_chart(*, title: str, values: list[tuple[str, Decimal, str]]) -> Chart:
    """Horizontal bars, each as wide as its value in proportion to the largest (which fills the area).

    ``values``: (label, value, css class). Negative values draw no bar (the table says what they are).
    """
    largest = max((value for _, value, _ in values), default=Decimal(0))
    bars = []
    for index, (label, value, css_class) in enumerate(values):
        share = (max(value, Decimal(0)) / largest) if largest > 0 else Decimal(0)
        width = round(float(share) * BAR_AREA, 2)
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=tonnes_in_words(value),
                width=width,
                y=index * (BAR_HEIGHT + BAR_GAP),
                css_class=css_class,
                fill=FILLS.get(css_class, FILLS["approved"]),
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    description = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    return Chart(
        width=CHART_WIDTH,
        height=len(bars) * (BAR_HEIGHT + BAR_GAP),
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
        title=title,
        description=description,
    )


@dataclass(frozen=True)
class TargetLine:
    """One target (or its absence) against the action: a source category's or the national total's."""

    source_category: str  # "" for the national total
    label: str
    section: str
    target: EmissionTarget | None
    approved_t_co2e: Decimal | None
    approved_count: int
    action_t_co2e: Decimal
    headroom_t_co2e: Decimal | None

    @property
    def figures(self) -> dict[str, str]:
        """The table's numbers as text (t CO2-e a year); empty when no target is in force."""
        if self.target is None:
            return {}
        return {
            "target": tonnes_text(self.target.target_t_co2e),
            "approved": tonnes_text(self.approved_t_co2e),
            "action": tonnes_text(self.action_t_co2e),
            "headroom": tonnes_text(self.headroom_t_co2e),
        }

    @property
    def in_force(self) -> bool:
        return self.target is not None

    @property
    def exceeded(self) -> bool:
        return self.headroom_t_co2e is not None and self.headroom_t_co2e < 0

    @property
    def headroom_in_words(self) -> str:
        if self.headroom_t_co2e is None:
            return "No target in force"
        if self.exceeded:
            return f"Over the target by {tonnes_in_words(-self.headroom_t_co2e)}"
        return f"{tonnes_in_words(self.headroom_t_co2e)} left"

    @property
    def chart(self) -> Chart | None:
        if self.target is None:
            return None
        return bar_chart(
            title=f"{self.label}: target and emissions",
            values=[
                ("Target", self.target.target_t_co2e, "target"),
                ("Approved so far", self.approved_t_co2e, "approved"),
                ("This action", self.action_t_co2e, "action"),
                ("Approved and this action", self.approved_t_co2e + self.action_t_co2e, "together"),
            ],
        )


@dataclass(frozen=True)
class TargetPosition:
    on: date
    action_t_co2e: Decimal
    lines: tuple[TargetLine, ...]
    note: str = WHOLE_ACTION_NOTE

    @property
    def action_text(self) -> str:
        return tonnes_text(self.action_t_co2e)

    @property
    def any_in_force(self) -> bool:
        return any(line.in_force for line in self.lines)


def target_position(application: Application, *, on: date | None = None) -> TargetPosition | None:
    """The action against each target in force on ``on`` (default: today in Canberra), or None when
    it has no screening yet. Two queries whatever the number of approved actions."""
    action = annual_emissions(application.screening)
    if action is None:
        return None
    day = on or clock.legal_day()
    categories = [code for code in SOURCE_CATEGORIES if code in set(application.source_categories or ())]
    wanted = ["", *categories]
    targets = {
        target.source_category: target
        for target in EmissionTarget.objects.filter(
            source_category__in=wanted, starts_on__lte=day, ends_on__gte=day
        )
    }
    approved = []
    if targets:
        first = min(t.starts_on for t in targets.values())
        last = max(t.ends_on for t in targets.values())
        # The JSON columns are read and summed here: portable, and one query whatever their number.
        approved = [
            (clock.legal_day(decided_at), set(codes or ()), annual_emissions(screening) or Decimal(0))
            for decided_at, codes, screening in Application.objects.filter(
                state=State.APPROVED,
                decided_at__gte=clock.day_start(first),
                decided_at__lt=clock.day_start(last + timedelta(days=1)),
            )
            .exclude(pk=application.pk)
            .values_list("decided_at", "source_categories", "screening")
        ]
    lines = []
    for code in wanted:
        target = targets.get(code)
        label = NATIONAL_TOTAL if not code else f"{code} {SOURCE_CATEGORIES[code].label}"
        section = SECTION_SOURCE_CATEGORY if code else SECTION_TOTAL
        if target is None:
            lines.append(TargetLine(code, label, section, None, None, 0, action, None))
            continue
        counted = [
            tonnes
            for decided_on, codes, tonnes in approved
            if target.applies_on(decided_on) and (not code or code in codes)
        ]
        total = sum(counted, Decimal(0))
        lines.append(
            TargetLine(
                code,
                label,
                section,
                target,
                total,
                len(counted),
                action,
                target.target_t_co2e - total - action,
            )
        )
    return TargetPosition(on=day, action_t_co2e=action, lines=tuple(lines))
