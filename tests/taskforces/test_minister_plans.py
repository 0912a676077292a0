"""/minister/plans/ (taskforces.views.minister): plans awaiting publication (s38), reviews due or overdue
(s39(1)) and the Minister's other Part 7 duties (s36(1)), overdue first; the Minister only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import MinisterialAccess
from greenhouse_office import clock, statute
from taskforces.models import SourceCategory
from tests.assessments import conftest as assessments_conftest

pytestmark = pytest.mark.django_db

people = assessments_conftest.people
PLANS = reverse("minister:plans")
OTHERS = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2"]


def category(code: str) -> SourceCategory:
    return SourceCategory.objects.get(code=code)


def years_ago(day, years: int):
    return day.replace(year=day.year - years)


def _part(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


@pytest.fixture
def minister(client, people):
    client.force_login(people.minister)
    return client


@pytest.fixture
def plans(make_plan, appoint):
    """Two plans awaiting publication (one overdue), a review due soon and one overdue."""
    today = clock.legal_day()
    appoint(category("1.A.3"))
    late = make_plan("given_to_minister", category=category("1.A.3"), given=today - timedelta(days=45))
    fresh = make_plan("given_to_minister", category=category("1.A.1"), given=today - timedelta(days=5))
    start = years_ago(today, 3)
    soon = make_plan(
        "published", category=category("1.A.2"), given=start, published=start + timedelta(days=30)
    )
    overdue = make_plan(
        "published",
        category=category("1.A.4"),
        given=start - timedelta(days=40),
        published=start - timedelta(days=20),
    )
    for plan in (late, fresh, soon, overdue):
        plan.refresh_from_db()
    return {"late": late, "fresh": fresh, "soon": soon, "overdue": overdue, "today": today}


def test_the_page_lists_each_kind_of_duty_overdue_first_with_its_due_day_in_words(minister, plans):
    response = minister.get(PLANS)
    assert response.status_code == 200
    html = response.content.decode()
    today = plans["today"]
    late, fresh = plans["late"], plans["fresh"]

    publication = _part(html, "publication")
    assert publication.index(late.title) < publication.index(fresh.title)  # overdue first
    late_due = statute.plan_publication_deadline(late.received_on).deadline
    assert f"{late_due:%-d %B %Y}" in publication
    assert f"Overdue by {(today - late_due).days} days" in publication
    fresh_due = statute.plan_publication_deadline(fresh.received_on).deadline
    assert f"Due in {(fresh_due - today).days} days" in publication

    reviews = _part(html, "reviews")
    soon, overdue = plans["soon"], plans["overdue"]
    assert reviews.index(overdue.title) < reviews.index(soon.title)
    assert f"Overdue by {(today - overdue.review_due_on).days} day" in reviews
    assert f"Due in {(soon.review_due_on - today).days} day" in reviews
    assert reverse("plans:plan", args=["1.A.4"]) in reviews

    others = _part(html, "others")
    assert f"Appoint a task force for {category('1.A.1').label}" in others  # never appointed
    assert f"Appoint a task force for {category('1.A.3').label}" not in others  # appointed on time
    assert "s36(1)" in others
    assert "Prepare and give the Minister" not in html  # s37 is the Office's duty, not the Minister's
    assert 'aria-current="page">Industry greenhouse plans</a>' in html
    assert MinisterialAccess.objects.filter(user__username="minister", path=PLANS).count() == 1


def test_with_nothing_outstanding_the_page_says_so(minister, appoint):
    for each in SourceCategory.objects.all():
        appoint(each)
    html = minister.get(PLANS).content.decode()
    assert "No plan is awaiting publication." in html
    assert "No review is due in the next 90 days." in html
    assert "You have no other Part 7 duty outstanding." in html  # s37's are the Office's, not listed


def test_the_queue_links_to_the_plans_page(minister):
    html = minister.get(reverse("minister:queue")).content.decode()
    assert f'<a href="{PLANS}">Industry greenhouse plans</a>' in html


def test_the_page_makes_the_same_number_of_queries_at_two_sizes(minister, make_plan, appoint):
    today = clock.legal_day()
    codes = list(SourceCategory.objects.order_by("position").values_list("code", flat=True))

    def more(chosen):
        for code in chosen:
            make_plan("given_to_minister", category=category(code), given=today - timedelta(days=40))

    more(codes[:1])
    with CaptureQueriesContext(connection) as few:
        assert minister.get(PLANS).status_code == 200
    more(codes[1:6])
    with CaptureQueriesContext(connection) as many:
        response = minister.get(PLANS)
    assert len(many) == len(few), [q["sql"] for q in many]
    assert response.content.decode().count("Overdue by") >= 6


@pytest.mark.parametrize("username", OTHERS)
def test_everyone_but_the_minister_gets_403(client, people, username):
    client.force_login(getattr(people, username))
    response = client.get(PLANS)
    assert response.status_code == 403
    assert not MinisterialAccess.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get(PLANS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_get(minister):
    assert minister.post(PLANS).status_code == 405
