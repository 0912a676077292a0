"""assessments.targets: an action against the s8 targets in force on the day of decision."""

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from assessments.models import Application, State
from assessments.targets import BAR_AREA, bar_chart, target_position
from greenhouse_office.emission_targets import EmissionTarget
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from tests.factories import ApplicationFactory

# The demo's targets cover 2026-2027 (seed_demo): these tests use 2030-2031.
DAY = date(2030, 6, 30)


def screening(t_co2e: str) -> dict:
    return {"max_12_month_t_co2e": t_co2e, "conclusion": "in_excess"}


def target(code: str, tonnes: str, starts_on=date(2030, 1, 1), ends_on=date(2031, 12, 31)) -> EmissionTarget:
    made = EmissionTarget(
        source_category=code,
        starts_on=starts_on,
        ends_on=ends_on,
        target_t_co2e=Decimal(tonnes),
        instrument="Convention on Climate Change (Implementation) Targets Determination 2029 (No. 1)",
        instrument_made_on=date(2029, 11, 1),
    )
    made.full_clean()
    made.save()
    return made


def application(categories, t_co2e: str, *, state=None, decided_on=None) -> Application:
    """An application with a stored screening; ``state``/``decided_on`` written directly, as a record
    already decided (the position only reads them)."""
    made = ApplicationFactory()
    fields = {"screening": screening(t_co2e), "source_categories": list(categories)}
    if state is not None:
        fields["state"] = state
        fields["decided_at"] = datetime.combine(decided_on, time(10), tzinfo=LEGAL_TIME_ZONE)
    Application.objects.filter(pk=made.pk).update(**fields)
    return Application.objects.get(pk=made.pk)


@pytest.mark.django_db
def test_s8_position_matches_a_hand_calculation():
    target("", "1000000")
    target("1.A.2", "200000")
    target("2.A", "80000")
    # Approved in the period: 60,000 (1.A.2), 25,000.5 (1.A.2 and 2.A), 40,000 (1.B.2 only).
    application(["1.A.2"], "60000", state=State.APPROVED, decided_on=date(2030, 2, 1))
    application(["1.A.2", "2.A"], "25000.5", state=State.APPROVED, decided_on=date(2031, 12, 31))
    application(["1.B.2"], "40000", state=State.APPROVED, decided_on=date(2030, 3, 1))
    this = application(["1.A.2", "2.A"], "56520")

    position = target_position(this, on=DAY)

    lines = {line.source_category: line for line in position.lines}
    assert list(lines) == ["", "1.A.2", "2.A"]  # the total first, then Annex A's order
    # Total: 1,000,000 - (60,000 + 25,000.5 + 40,000 = 125,000.5) - 56,520 = 818,479.5
    assert lines[""].approved_t_co2e == Decimal("125000.5") and lines[""].approved_count == 3
    assert lines[""].headroom_t_co2e == Decimal("818479.5")
    # 1.A.2: 200,000 - (60,000 + 25,000.5 = 85,000.5) - 56,520 = 58,479.5
    assert lines["1.A.2"].approved_t_co2e == Decimal("85000.5")
    assert lines["1.A.2"].headroom_t_co2e == Decimal("58479.5")
    # 2.A: 80,000 - 25,000.5 - 56,520 = -1,520.5: over the target
    assert lines["2.A"].headroom_t_co2e == Decimal("-1520.5")
    assert lines["2.A"].exceeded
    assert lines["2.A"].headroom_in_words == "Over the target by 1,520.5 t CO2-e"
    assert position.action_t_co2e == Decimal("56520")


@pytest.mark.django_db
def test_s8_no_target_in_force_is_said_plainly():
    target("1.A.2", "200000", starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31))
    this = application(["1.A.2"], "56520")

    position = target_position(this, on=date(2035, 1, 1))

    assert not position.any_in_force
    assert all(
        line.target is None and line.headroom_in_words == "No target in force" for line in position.lines
    )
    html = render_to_string("minister/_target_position.html", {"target_position": position})
    assert "No target is in force on this day" in html and "<svg" not in html


@pytest.mark.django_db
def test_only_actions_approved_in_the_target_period_are_counted():
    target("", "1000000")
    application(["1.A.2"], "1000", state=State.APPROVED, decided_on=date(2030, 1, 1))  # first day: counted
    application(["1.A.2"], "2000", state=State.APPROVED, decided_on=date(2029, 12, 31))  # before the period
    application(["1.A.2"], "4000", state=State.APPROVED, decided_on=date(2032, 1, 1))  # after it
    application(["1.A.2"], "8000", state=State.REFUSED, decided_on=date(2030, 5, 1))  # refused
    application(["1.A.2"], "16000", state=State.ADVICE_GIVEN, decided_on=date(2030, 5, 1))  # undecided
    this = application(["1.A.2"], "100", state=State.APPROVED, decided_on=date(2030, 6, 1))

    (total, category) = target_position(this, on=DAY).lines

    assert total.approved_t_co2e == Decimal("1000") and total.approved_count == 1  # this action once
    assert total.headroom_t_co2e == Decimal("1000000") - 1000 - 100
    assert category.target is None


@pytest.mark.django_db
@pytest.mark.parametrize("approved", [1, 6])
def test_the_position_takes_two_queries_whatever_the_number_approved(approved, django_assert_num_queries):
    target("", "1000000")
    target("1.A.2", "200000")
    for _ in range(approved):
        application(["1.A.2"], "1000", state=State.APPROVED, decided_on=date(2030, 2, 1))
    this = application(["1.A.2", "2.A"], "500")

    with django_assert_num_queries(2):
        position = target_position(this, on=DAY)

    assert position.lines[1].approved_count == approved


def test_the_chart_bars_are_as_wide_as_their_values_in_proportion():
    chart = bar_chart(
        title="t",
        values=[
            ("Target", Decimal(200), "target"),
            ("Approved", Decimal(50), "approved"),
            ("Over", Decimal(-5), "x"),
        ],
    )
    widths = [bar.width for bar in chart.bars]
    assert widths == [BAR_AREA, BAR_AREA / 4, 0]  # the largest fills the area; a negative draws none
    assert chart.bars[1].value_x == chart.label_width + BAR_AREA / 4 + 6


@pytest.mark.django_db
def test_the_partial_shows_a_table_and_an_svg_image_with_the_same_numbers():
    target("1.A.2", "200000")
    this = application(["1.A.2"], "56520")
    html = render_to_string(
        "minister/_target_position.html", {"target_position": target_position(this, on=DAY)}
    )

    assert "<table>" in html and re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"', html)
    assert "<title" in html and "<desc" in html
    assert "200,000" in html and "56,520" in html and "143,480" in html  # 200,000 - 0 - 56,520
    assert "Targets Determination 2029 (No. 1)" in html and "1 January 2030 to 31 December 2031" in html
    assert "No target in force" in html  # the national total has none in 2030


@pytest.mark.django_db
def test_an_application_without_a_screening_has_no_position():
    made = ApplicationFactory(emission_profile={})
    assert target_position(Application.objects.get(pk=made.pk), on=DAY) is None
    assert "no screening" in render_to_string("minister/_target_position.html", {"target_position": None})
