"""Every API list is paged, in a fixed order, and reads a page in the same number of queries at any size."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Application, Comment, Direction, State
from greenhouse_office.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE

from .api_support import API, client_as

pytestmark = pytest.mark.django_db


def _queries(client, path) -> tuple[int, dict]:
    """Queries of one request; ``client`` is built afresh for each (a user object caches its roles)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def _fresh(user):
    return client_as(type(user).objects.get(pk=user.pk))


def _drafts(make_application, count: int) -> list[Application]:
    return [make_application(State.DRAFT, title=f"Kiln {n}") for n in range(count)]


def _comments(application, count: int, start: int = 0) -> None:
    first = timezone.now() - timedelta(days=1)
    Comment.objects.bulk_create(
        Comment(
            application=application,
            reference=f"C-T{start + n:08d}",
            name=f"Commenter {start + n}",
            text="I object.",
            received_at=first + timedelta(minutes=start + n),
            channel=Comment.Channel.EMAIL,
            on_time=True,
        )
        for n in range(count)
    )


def _directions(people, count: int) -> None:
    now = timezone.now()
    Direction.objects.bulk_create(
        Direction(
            organisation=people.proponent.organisation,
            action=f"Action {n}",
            due_on=date(2027, 3, 1),
            directed_by=people.minister,
            directed_at=now - timedelta(minutes=n),
        )
        for n in range(count)
    )


def _follow(client, path) -> list[dict]:
    """Every row of a list, following ``next`` links."""
    rows, pages = [], 0
    while path:
        body = client.get(path).json()
        rows += body["results"]
        path, pages = body["next"], pages + 1
        assert pages <= 100
    return rows


def test_the_applications_list_as_an_officer_takes_the_same_queries_for_3_or_25(people, make_application):
    _drafts(make_application, 3)
    few, body = _queries(_fresh(people.officer), f"{API}/applications")
    assert len(body["results"]) == 3
    _drafts(make_application, 22)
    many, body = _queries(_fresh(people.officer), f"{API}/applications")
    assert len(body["results"]) == 25
    assert few == many


def test_the_comment_list_takes_the_same_queries_for_3_or_25(people, make_application):
    application = make_application(State.DRAFT)
    path = f"{API}/applications/{application.pk}/comments"
    _comments(application, 3)
    few, body = _queries(_fresh(people.officer), path)
    assert len(body["results"]) == 3
    _comments(application, 22, start=3)
    many, body = _queries(_fresh(people.officer), path)
    assert len(body["results"]) == 25
    assert few == many


def test_the_public_register_takes_the_same_queries_for_3_or_25(make_application):
    def publish(count):
        drafts = _drafts(make_application, count)
        Application.objects.filter(pk__in=[a.pk for a in drafts]).update(
            state=State.OPEN_FOR_COMMENT, gazette_date=date(2027, 3, 3), closing_day=date(2027, 5, 4)
        )

    public = APIClient()
    publish(3)
    few, body = _queries(public, f"{API}/public/assessments")
    assert body["count"] == 3
    publish(22)
    many, body = _queries(public, f"{API}/public/assessments")
    assert body["count"] == 25 and len(body["results"]) == 25
    assert few == many


def test_a_numbered_list_has_50_a_page_and_links_to_the_next_and_previous(people):
    _directions(people, PAGE_SIZE + 5)
    minister = client_as(people.minister)
    first = minister.get(f"{API}/directions").json()
    assert PAGE_SIZE == 50
    assert first["count"] == PAGE_SIZE + 5
    assert len(first["results"]) == PAGE_SIZE
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/directions?page=2")
    second = minister.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"].endswith("/api/v1/directions")
    # Newest first, and no direction on two pages.
    rows = first["results"] + second["results"]
    assert [r["action"] for r in rows] == [f"Action {n}" for n in range(PAGE_SIZE + 5)]


def test_page_size_is_the_callers_choice_up_to_200_and_capped_above(people):
    _directions(people, MAX_PAGE_SIZE + 1)
    minister = client_as(people.minister)
    assert MAX_PAGE_SIZE == 200
    assert len(minister.get(f"{API}/directions", {"page_size": 7}).json()["results"]) == 7
    capped = minister.get(f"{API}/directions", {"page_size": 5000}).json()
    assert len(capped["results"]) == MAX_PAGE_SIZE
    assert "page=2" in capped["next"]
    # Not a positive whole number: the default size, not an error.
    assert len(minister.get(f"{API}/directions", {"page_size": "all"}).json()["results"]) == PAGE_SIZE


def test_a_page_past_the_end_is_404_in_the_one_error_shape(people):
    response = client_as(people.minister).get(f"{API}/directions", {"page": 9})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found", "messages": ["Invalid page."]}


def test_applications_come_newest_first_in_cursor_pages_without_repeats(people, make_application):
    drafts = _drafts(make_application, 5)
    proponent = client_as(people.proponent)
    first = proponent.get(f"{API}/applications", {"page_size": 2}).json()
    assert set(first) == {"next", "previous", "results"}  # a cursor page: no count
    assert first["previous"] is None and "cursor=" in first["next"]
    second = proponent.get(first["next"]).json()
    assert [a["id"] for a in second["results"]] == [drafts[2].pk, drafts[1].pk]
    back = proponent.get(second["previous"]).json()
    assert back["results"] == first["results"]
    # A new application arriving while the reader pages does not shift what follows.
    make_application(State.DRAFT, title="Arrived meanwhile")
    third = proponent.get(second["next"]).json()
    assert [a["id"] for a in third["results"]] == [drafts[0].pk]
    assert third["next"] is None


def test_comments_come_in_the_order_received_and_every_one_is_reached(people, make_application):
    application = make_application(State.DRAFT)
    _comments(application, 7)
    path = f"{API}/applications/{application.pk}/comments?page_size=3"
    rows = _follow(client_as(people.officer), path)
    assert [r["name"] for r in rows] == [f"Commenter {n}" for n in range(7)]


@pytest.mark.parametrize(
    "path",
    ["/applications", "/applications/{pk}/documents", "/applications/{pk}/comments", "/auditors"]
    + ["/directions", "/public/assessments"],
)
def test_every_list_is_a_page(people, make_application, path):
    application = make_application(State.DRAFT)
    response = client_as(people.director).get(API + path.format(pk=application.pk))
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"next", "previous", "results"} <= set(body)
    assert isinstance(body["results"], list)


def test_the_openapi_schema_describes_the_pages(db):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    listing = schema["paths"]["/api/v1/applications"]["get"]
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["$ref"] == "#/components/schemas/PaginatedApplicationSummaryList"
    assert {"next", "previous", "results"} <= set(components["PaginatedApplicationSummaryList"]["properties"])
    assert {p["name"] for p in listing["parameters"]} >= {"cursor", "page_size"}
    directions = schema["paths"]["/api/v1/directions"]["get"]
    assert {p["name"] for p in directions["parameters"]} >= {"page", "page_size"}
    assert "count" in components["PaginatedDirectionList"]["properties"]
    for path in (
        "/api/v1/applications/{id}/documents",
        "/api/v1/applications/{id}/comments",
        "/api/v1/auditors",
        "/api/v1/public/assessments",
    ):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].startswith("#/components/schemas/Paginated"), path
