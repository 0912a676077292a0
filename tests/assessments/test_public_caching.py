"""The public pages' conditional GET and rate limit (greenhouse_office.public_pages): a 304 for an
unchanged page before the view runs, a new ETag when what the page shows changes, 429 with
Retry-After beyond the per-address rate for those not signed in; signed-in people and the health check
are never throttled, and their pages are theirs only (``private``)."""

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Comment, State

pytestmark = pytest.mark.django_db

# The pages that must answer 304 without rendering, and the rest of the public GET pages.
PAGES = ["/assessments/", "/decisions/", "/directions/", "/plans/", "/plans/1.A.3/", "/", "/screening/"]
# A 304 reads the page's version (one query) and nothing else: no render, no list.
MOST_QUERIES_FOR_A_304 = 1


@pytest.fixture
def published(make_application):
    return make_application(State.OPEN_FOR_COMMENT)


def page_of(application) -> str:
    return f"/assessments/{application.reference}/"


def revalidate(client, url, etag):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    return response, len(captured)


def comment_on(application) -> Comment:
    return services.record_comment(
        application=application,
        actor=None,
        name="A resident",
        email="resident@example.com",
        text="Please consider the dust.",
        channel=Comment.Channel.WEB,
    )


@pytest.fixture
def low_rate(settings):
    """Three anonymous page views a minute per address."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "page_views": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return 3


# --- Conditional GET ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [*PAGES, "assessment"])
def test_an_unchanged_public_page_answers_304_with_its_etag_without_rendering(client, published, url):
    url = page_of(published) if url == "assessment" else url
    client.get(url)  # a page with a form sets the visitor's CSRF cookie, part of its version
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')

    again, queries = revalidate(client, url, etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert queries <= MOST_QUERIES_FOR_A_304
    # The 304 carries the same caching rules as the page.
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "Cookie" in again["Vary"]


def test_the_register_pages_may_be_kept_by_shared_caches_for_those_not_signed_in(client, published):
    for url in ["/assessments/", page_of(published), "/decisions/", "/directions/", "/plans/", "/"]:
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "Cookie" in response["Vary"], url


def test_a_page_with_a_form_is_never_kept_by_a_shared_cache(client):
    # The screening page's forms carry the visitor's CSRF token.
    response = client.get("/screening/")
    assert response["Cache-Control"] == "private"
    assert "Cookie" in response["Vary"]


def test_a_new_comment_changes_the_assessment_pages_etag_and_it_renders_again(client, published):
    url = page_of(published)
    etag = client.get(url)["ETag"]

    comment_on(published)

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_each_page_of_the_comments_has_its_own_etag_and_a_moderation_changes_every_page(
    client, published, people
):
    from assessments.views.register_context import COMMENTS_PER_PAGE
    from tests.factories import published_comments

    published_comments(published, COMMENTS_PER_PAGE + 1, reference=lambda n: f"C-E{n:05d}")
    first, second = page_of(published), f"{page_of(published)}?page=2"
    first_etag, second_etag = client.get(first)["ETag"], client.get(second)["ETag"]
    assert first_etag != second_etag
    assert revalidate(client, second, second_etag)[0].status_code == 304
    again = client.get(second, HTTP_IF_NONE_MATCH=first_etag)  # page 1's ETag is not page 2's
    assert again.status_code == 200 and "C-E00020" in again.text

    unmoderated = comment_on(published)
    unmoderated.consent_to_publish = True
    unmoderated.save(update_fields=["consent_to_publish"])
    services.moderate_comment(comment=unmoderated, actor=people.officer)

    for url, etag in ((first, first_etag), (second, second_etag)):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200, url
    assert unmoderated.reference in client.get(second).text


def test_the_registers_version_reads_no_comment_and_a_new_comment_leaves_its_etag(client, published):
    etag = client.get("/assessments/")["ETag"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/assessments/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert not any("assessments_comment" in query["sql"] for query in captured)  # the list shows none

    comment_on(published)  # a public comment writes no event (services.comments): nothing listed moved

    assert client.get("/assessments/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_newly_published_assessment_changes_the_registers_etag(client, published, make_application):
    etag = client.get("/assessments/")["ETag"]
    assert client.get("/assessments/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    newer = make_application(State.OPEN_FOR_COMMENT, title="Portland smelter line 4")

    again = client.get("/assessments/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert newer.reference in again.text


def test_a_search_is_a_page_of_its_own(client, published):
    everything = client.get("/assessments/")["ETag"]
    searched = client.get("/assessments/?q=kiln")
    assert searched["ETag"] != everything
    assert client.get("/assessments/?q=kiln", HTTP_IF_NONE_MATCH=everything).status_code == 200


def test_another_assessments_change_leaves_this_ones_etag(client, published, make_application):
    other = make_application(State.OPEN_FOR_COMMENT, title="Portland smelter line 4")
    etag = client.get(page_of(published))["ETag"]

    comment_on(other)

    assert client.get(page_of(published), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_public_api_lists_answer_304_while_unchanged(client, published):
    for url in ["/api/v1/public/assessments", f"/api/v1/public/assessments/{published.pk}/comments"]:
        first = client.get(url)
        assert first.status_code == 200, url
        assert "Accept" in first["Vary"]
        again, queries = revalidate(client, url, first["ETag"])
        assert again.status_code == 304, url
        assert queries <= MOST_QUERIES_FOR_A_304

    comments_url = f"/api/v1/public/assessments/{published.pk}/comments"
    etag = client.get(comments_url)["ETag"]
    comment_on(published)
    assert client.get(comments_url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# --- Signed in: rendered each time, theirs only -------------------------------------------------


@pytest.mark.parametrize("url", [*PAGES, "assessment"])
def test_pages_for_signed_in_people_are_private_and_never_304(client, people, published, url):
    url = page_of(published) if url == "assessment" else url
    anonymous = Client().get(url)
    client.force_login(people.proponent)

    response = client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])

    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert response["Cache-Control"] == "private"
    assert "ETag" not in response
    assert "Cookie" in response["Vary"]


def test_a_flash_message_is_shown_not_swallowed_by_a_304(client, published):
    etag = client.get("/assessments/")["ETag"]
    # As allauth's "You have signed out." reaches the next page: in the messages cookie.
    storage = CookieStorage(HttpRequest())
    client.cookies[CookieStorage.cookie_name] = storage._encode([Message(INFO, "You have signed out.")])

    again = client.get("/assessments/", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 200
    assert "You have signed out." in again.text


# --- The rate limit -------------------------------------------------------------------------------


def test_anonymous_page_views_beyond_the_rate_get_429_saying_when_to_try_again(client, published, low_rate):
    for url in ["/assessments/", page_of(published), "/plans/"]:
        assert client.get(url).status_code == 200

    response = client.get("/decisions/")

    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    assert "<h1>Too many requests from your address</h1>" in response.text
    assert f"at most {low_rate} page views a minute" in response.text
    assert f"Try again in {wait} second" in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_304_counts_against_the_rate_too(client, low_rate):
    etag = client.get("/plans/")["ETag"]
    for _ in range(low_rate - 1):
        assert client.get("/plans/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/plans/", HTTP_IF_NONE_MATCH=etag).status_code == 429


def test_the_rate_is_per_client_address(published, low_rate):
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    for _ in range(low_rate):
        assert first.get("/assessments/").status_code == 200
    assert first.get("/assessments/").status_code == 429
    assert second.get("/assessments/").status_code == 200


def test_signed_in_people_are_not_throttled(client, people, published, low_rate):
    client.force_login(people.proponent)
    for _ in range(low_rate * 3):
        assert client.get("/assessments/").status_code == 200
        assert client.get(page_of(published)).status_code == 200


def test_the_health_check_is_not_throttled(client, low_rate):
    for _ in range(low_rate):
        assert client.get("/plans/").status_code == 200
    assert client.get("/plans/").status_code == 429
    for _ in range(low_rate * 3):
        assert client.get("/healthz").status_code in (200, 503)
        assert client.get("/healthz").status_code != 429


@pytest.mark.parametrize(
    "path", ["/api/v1/public/assessments/{pk}", "/api/v1/public/assessments/{pk}/comments"]
)
def test_an_id_beyond_the_columns_range_is_a_404_not_a_500(client, path):
    # No row can have it, so the ORM refuses to build the version's SQL (EmptyResultSet); found by fuzzing.
    response = client.get(path.format(pk=4 * 10**25))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
