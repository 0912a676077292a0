"""The Part 7 demo: plans in every state, with the duties the Office must see, walked through the acts."""

from datetime import date

import pytest

from greenhouse_office.workflow.verify import verify_model
from taskforces.demo import seed_demo_plans
from taskforces.models import IndustryGreenhousePlan, PlanEvent, PlanState, SourceCategory
from taskforces.obligations import Status, obligations

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


def test_the_demo_seeds_every_category_once_with_plans_in_each_state(demo_data):
    assert seed_demo_plans(TODAY) == (SourceCategory.objects.count(), 0)
    assert seed_demo_plans(TODAY) == (0, SourceCategory.objects.count())
    states = set(IndustryGreenhousePlan.objects.values_list("state", flat=True))
    assert states == set(PlanState.values)
    assert verify_model(IndustryGreenhousePlan, PlanEvent)[0] == []


def test_the_demo_shows_each_kind_of_duty_live_and_late(demo_data):
    seed_demo_plans(TODAY)
    found = {(o.section, o.category.code, o.status) for o in obligations(on=TODAY)}
    assert found == {
        ("s36(1)", "1.A.5", Status.OVERDUE),  # never appointed
        ("s37", "4.G", Status.OVERDUE),  # still being prepared
        ("s39(1)", "6.A", Status.OVERDUE),
        ("s38", "2.E", Status.DUE),
        ("s39(1)", "1.A.1", Status.DUE),
        ("s36(1)", "4.E", Status.LATE),
        ("s36(1)", "4.F", Status.LATE),
        ("s38", "1.B.3", Status.LATE),
        ("s37", "2.E", Status.LATE),
        ("s37", "4.E", Status.LATE),
    }
