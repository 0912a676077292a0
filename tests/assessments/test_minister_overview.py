"""assessments.overview and /minister/overview/: the whole process in figures, against a hand
calculation; the Minister only."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Application, Direction, MinisterialAccess, State
from assessments.overview import decisions_in_year, ministers_overview
from greenhouse_office import clock
from greenhouse_office.emission_targets import EmissionTarget
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from tests.assessments.decision_support import copies
from tests.factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("minister:overview")
# The demo's targets cover 2026-2027 (seed_demo): these figures are for a day in 2030.
ON = date(2030, 6, 30)
OTHERS = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2"]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LEGAL_TIME_ZONE)


def row(state=None, **fields) -> Application:
    """A draft from the factory with its stage and stamps written directly: the overview only reads them."""
    made = ApplicationFactory()
    if state is not None:
        fields["state"] = state
    Application.objects.filter(pk=made.pk).update(**fields)
    return Application.objects.get(pk=made.pk)


def decided(state, received_on, decided_on, *, hour=10, minute=0, **fields) -> Application:
    return row(state, received_on=received_on, decided_at=at(decided_on, hour, minute), **fields)


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


def screening(t_co2e: str) -> dict:
    return {"max_12_month_t_co2e": t_co2e, "conclusion": "in_excess"}


def direction(people, due_on: date, *, fulfilled: bool = False) -> Direction:
    return Direction.objects.create(
        organisation=OrganisationFactory(),
        action="A fourth kiln.",
        due_on=due_on,
        directed_by=people.minister,
        directed_at=at(due_on - timedelta(days=60)),
        fulfilled_at=at(due_on - timedelta(days=5)) if fulfilled else None,
    )


# --- Applications by stage ---------------------------------------------------------------------------


def test_every_stage_is_counted_in_the_workflows_order_with_its_name_in_words():
    row(State.LODGED)
    row(State.LODGED)
    row(State.ADVICE_GIVEN)
    row()  # a draft

    stages = ministers_overview(on=ON).stages

    assert [stage.state for stage in stages] == list(State.values)
    counts = {stage.label: stage.count for stage in stages}
    assert counts["Draft"] == 1
    assert counts["Lodged"] == 2
    assert counts["Advice given to the Minister"] == 1
    assert counts["Approved"] == 0  # a stage with none is shown, as nought
    assert sum(counts.values()) == 4


# --- Decisions in the calendar year (s30) and days from receipt -------------------------------------


def test_decisions_of_the_calendar_year_with_the_median_of_an_odd_count():
    decided(State.APPROVED, date(2030, 1, 1), date(2030, 2, 1))  # 31 days
    decided(State.REFUSED, date(2030, 3, 1), date(2030, 3, 11))  # 10 days
    # 31 December at 11.30 pm in Canberra is still 2030 (13:30 UTC): 30 days.
    decided(State.APPROVED, date(2030, 12, 1), date(2030, 12, 31), hour=23, minute=30)
    decided(State.APPROVED, date(2029, 12, 1), date(2029, 12, 31))  # the year before
    decided(State.REFUSED, date(2030, 12, 1), date(2031, 1, 1), hour=0, minute=10)  # 2031 in Canberra
    row(State.ADVICE_GIVEN, received_on=date(2030, 1, 1))  # not decided

    decisions = ministers_overview(on=ON).decisions

    assert decisions.year == 2030
    assert (decisions.approved, decisions.refused, decisions.total) == (2, 1, 3)
    assert decisions.days == (10, 30, 31)
    assert decisions.median_days == 30  # the middle of 10, 30, 31
    assert decisions.longest_days == 31
    assert decisions.median_in_words == "30 days"


def test_the_median_of_an_even_count_is_halfway_between_the_middle_two():
    decided(State.APPROVED, date(2030, 1, 1), date(2030, 1, 11))  # 10 days
    decided(State.APPROVED, date(2030, 2, 1), date(2030, 2, 22))  # 21 days
    decided(State.REFUSED, date(2030, 3, 1), date(2030, 3, 31))  # 30 days
    decided(State.REFUSED, date(2030, 5, 1), date(2030, 6, 1))  # 31 days
    decided(State.APPROVED, None, date(2030, 6, 2))  # no day of receipt: counted, but not in the days

    decisions = decisions_in_year(2030)

    assert (decisions.approved, decisions.refused) == (3, 2)
    assert decisions.median_days == 25.5  # (21 + 30) / 2
    assert decisions.median_in_words == "25.5 days"
    assert decisions.longest_in_words == "31 days"


def test_no_decision_in_the_year_is_said_in_words():
    decisions = decisions_in_year(2030)
    assert decisions.total == 0
    assert decisions.median_days is None and decisions.median_in_words == "None decided"


# --- Statutory deadlines (s32(1), s35) --------------------------------------------------------------


def test_s32_1_evaluations_obtained_in_time_late_and_still_awaited(people):
    due = date(2030, 6, 1)
    met = row(State.EVALUATED, evaluation_due_on=due, evaluation_received_on=due)  # on the 30th day: met
    row(State.OPEN_FOR_COMMENT, evaluation_due_on=due, evaluation_received_on=due + timedelta(days=1))
    row(State.EVALUATION_COMMISSIONED, evaluation_due_on=ON - timedelta(days=1))  # awaited, overdue
    row(State.LODGED, evaluation_due_on=ON)  # due today: not yet missed
    row(State.WITHDRAWN, evaluation_due_on=date(2030, 1, 1))  # withdrawn before it: no longer awaited

    evaluations = ministers_overview(on=ON).evaluations

    assert (evaluations.met, evaluations.obtained_late, evaluations.overdue, evaluations.not_yet_due) == (
        1,
        1,
        1,
        1,
    )
    assert evaluations.missed == 2
    # The met one turns missed if the evaluation came a day later.
    Application.objects.filter(pk=met.pk).update(evaluation_received_on=due + timedelta(days=1))
    assert ministers_overview(on=ON).evaluations.missed == 3


def test_s35_directions_fulfilled_overdue_and_outstanding(people):
    direction(people, ON - timedelta(days=1))  # past its due date, none lodged: missed
    direction(people, ON)  # due today: not yet missed
    direction(people, ON - timedelta(days=10), fulfilled=True)  # met

    directions = ministers_overview(on=ON).directions

    assert (directions.fulfilled, directions.overdue, directions.outstanding) == (1, 1, 1)


# --- Approved emissions against the targets in force (s8) ------------------------------------------


def test_s8_approved_emissions_against_each_target_in_force_match_a_hand_calculation():
    target("", "1000000")
    target("1.A.2", "200000")
    target("2.A", "80000", ends_on=date(2030, 5, 31))  # ended before the day: not shown
    decided(
        State.APPROVED,
        date(2030, 1, 1),
        date(2030, 2, 1),
        screening=screening("60000"),
        source_categories=["1.A.2"],
    )
    decided(
        State.APPROVED,
        date(2030, 1, 1),
        date(2030, 6, 1),
        screening=screening("25000.5"),
        source_categories=["1.A.2", "2.A"],
    )
    decided(
        State.APPROVED,
        date(2030, 1, 1),
        date(2030, 3, 1),
        screening=screening("40000"),
        source_categories=["1.B.2"],
    )
    decided(
        State.REFUSED,
        date(2030, 1, 1),
        date(2030, 3, 1),
        screening=screening("99999"),
        source_categories=["1.A.2"],
    )
    decided(  # approved before the period
        State.APPROVED,
        date(2029, 1, 1),
        date(2029, 12, 31),
        screening=screening("7000"),
        source_categories=["1.A.2"],
    )

    shares = ministers_overview(on=ON).targets

    assert [share.target.source_category for share in shares] == ["", "1.A.2"]  # the total first
    total, category = shares
    # Total: 60,000 + 25,000.5 + 40,000 = 125,000.5 of 1,000,000 = 12.5%.
    assert (total.approved_t_co2e, total.approved_count) == (Decimal("125000.5"), 3)
    assert total.share_percent == Decimal("12.5")
    assert total.share_in_words == "12.5% of the target"
    # 1.A.2: 60,000 + 25,000.5 = 85,000.5 of 200,000 = 42.50025% -> 42.5%.
    assert (category.approved_t_co2e, category.approved_count) == (Decimal("85000.5"), 2)
    assert category.share_percent == Decimal("42.5")
    assert [bar.value for bar in category.chart.bars] == [Decimal("200000"), Decimal("85000.5")]


def test_s8_a_target_exceeded_says_so():
    target("1.A.2", "50000")
    decided(
        State.APPROVED,
        date(2030, 1, 1),
        date(2030, 2, 1),
        screening=screening("60000"),
        source_categories=["1.A.2"],
    )
    (share,) = ministers_overview(on=ON).targets
    assert share.share_in_words == "120.0% of the target (over the target)"


# --- A fixed number of queries ---------------------------------------------------------------------


def _dataset(people, size: int) -> None:
    approved = decided(
        State.APPROVED,
        date(2030, 1, 1),
        date(2030, 2, 1),
        screening=screening("100"),
        source_categories=["1.A.2"],
    )
    copies(approved, size)
    copies(row(State.LODGED, evaluation_due_on=date(2030, 1, 1)), size)
    for _ in range(size):
        direction(people, ON - timedelta(days=1))


def test_the_overview_makes_six_queries_at_two_sizes(django_assert_num_queries, people):
    target("", "1000000")
    target("1.A.2", "200000")
    _dataset(people, 2)
    with django_assert_num_queries(6):
        small = ministers_overview(on=ON)
    _dataset(people, 30)
    with django_assert_num_queries(6):
        large = ministers_overview(on=ON)
    assert small.decisions.approved == 3 and large.decisions.approved == 34
    assert large.evaluations.overdue == 34 and large.directions.overdue == 32


# --- The page --------------------------------------------------------------------------------------


@pytest.fixture
def minister(client, people):
    client.force_login(people.minister)
    return client


def test_the_page_shows_the_figures_in_words_and_is_logged(minister):
    today = clock.legal_day()
    decided(State.APPROVED, today - timedelta(days=40), today)
    row(State.LODGED, evaluation_due_on=today - timedelta(days=3))

    response = minister.get(OVERVIEW)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your decisions in the calendar year {today.year} (section 30)" in html
    assert "<strong>1 approved</strong> and <strong>0 refused</strong>" in html
    assert "40 days" in html
    assert "<strong>1 missed</strong>" in html
    assert 'aria-current="page">Overview</a>' in html
    assert MinisterialAccess.objects.filter(user__username="minister", path=OVERVIEW).count() == 1


def test_the_queue_links_to_the_overview(minister):
    assert f'href="{OVERVIEW}"' in minister.get(reverse("minister:queue")).content.decode()


def test_the_page_makes_the_same_number_of_queries_at_two_sizes(minister, people):
    _dataset(people, 2)
    with CaptureQueriesContext(connection) as few:
        assert minister.get(OVERVIEW).status_code == 200
    _dataset(people, 30)
    with CaptureQueriesContext(connection) as many:
        assert minister.get(OVERVIEW).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]


@pytest.mark.parametrize("username", OTHERS)
def test_everyone_but_the_minister_gets_403(client, people, username):
    client.force_login(getattr(people, username))
    response = client.get(OVERVIEW)
    assert response.status_code == 403
    assert "only the Minister decides" in response.content.decode()
    assert not MinisterialAccess.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
