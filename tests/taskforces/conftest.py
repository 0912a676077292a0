"""Part 7 fixtures: Office staff, a category, and plans taken to a given state through the services."""

from datetime import UTC, date, datetime

import pytest

from greenhouse_office.roles import Role
from taskforces import services
from taskforces.models import PreparedBy, SourceCategory, Taskforce
from tests.factories import UserFactory

PLAN_TEXT = (
    "# Where the category's emissions come from\n\nRoad freight and passenger cars.\n\n# Measures\n\nFuel."
)


def noon(day: date) -> datetime:
    """Noon in Canberra on ``day`` (01:00 or 02:00 UTC), a moment whose legal day is ``day``."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


@pytest.fixture
def officer(db):
    return UserFactory(roles=[Role.OFFICE_STAFF])


@pytest.fixture
def transport(db) -> SourceCategory:
    return SourceCategory.objects.get(code="1.A.3")


@pytest.fixture
def make_plan(officer, transport):
    """``make_plan(state, category=, given=, published=, ...)``: a plan taken through the acts."""

    def make(
        state="drafting",
        *,
        category=None,
        prepared_by=PreparedBy.TASKFORCE,
        given=date(2020, 1, 31),
        published=date(2020, 2, 14),
        review_began=date(2022, 6, 1),
    ):
        category = category or transport
        plan = services.prepare_plan(
            source_category=category,
            prepared_by=prepared_by,
            title=f"Industry greenhouse plan: {category.name}",
            summary="How the category reaches its targets.",
            text=PLAN_TEXT,
            actor=officer,
            at=noon(date(2019, 11, 1)),
        )
        if state == "drafting":
            return plan
        services.give_to_minister(plan=plan, actor=officer, received_on=given, at=noon(given))
        if state == "given_to_minister":
            return plan
        services.publish(plan=plan, actor=officer, published_on=published, at=noon(published))
        if state == "published":
            return plan
        services.begin_review(plan=plan, actor=officer, reviewer="taskforce", at=noon(review_began))
        return plan

    return make


@pytest.fixture
def appoint(db):
    def appoint(category, on=date(2008, 9, 1)):
        return Taskforce.objects.create(
            source_category=category,
            name=f"{category.name} Greenhouse Taskforce",
            appointed_on=on,
            instrument=f"Greenhouse Taskforce ({category.name}) Appointment {on.year}",
        )

    return appoint
