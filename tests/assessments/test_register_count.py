"""The public register's filtered count, kept in the shared cache under the filters and the register's
version (assessments/views/register.py): counted once per filter and version, never stale."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.models import State

from .conftest import _close

pytestmark = pytest.mark.django_db

REGISTER = "/assessments/"
# The paginator's count, as Django's ORM writes it (the version's own counts are scalar subqueries).
PAGINATOR_COUNT = 'SELECT COUNT(*) AS "__count"'
# An anonymous visitor's register: the version (the ETag), the count, the page's rows.
QUERIES = 3


def view(url: str, client=None):
    """``url`` for a new anonymous visitor (no ETag to revalidate): its text and the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def counts(sql: list[str]) -> int:
    return sum(1 for query in sql if query.startswith(PAGINATOR_COUNT))


@pytest.fixture
def kiln_and_smelter(make_application):
    kiln = make_application(State.OPEN_FOR_COMMENT)  # in VIC; VIC and NSW likely to be affected
    smelter = make_application(State.OPEN_FOR_COMMENT, title="Gladstone smelter line 2", location_state="QLD")
    return kiln, smelter


def test_a_second_view_of_the_same_filtered_register_makes_one_query_fewer(kiln_and_smelter):
    url = f"{REGISTER}?state=QLD"
    first, first_sql = view(url)
    second, second_sql = view(url)
    assert (len(first_sql), counts(first_sql)) == (QUERIES, 1)
    assert (len(second_sql), counts(second_sql)) == (QUERIES - 1, 0)  # the count came from the cache
    assert "1 assessment found" in first and "1 assessment found" in second
    assert second.count("Gladstone smelter line 2") == first.count("Gladstone smelter line 2") >= 1
    assert "Geelong kiln" not in second


def test_another_sort_or_page_of_the_same_filters_uses_the_same_count(kiln_and_smelter):
    view(f"{REGISTER}?q=smelter")
    text, sql = view(f"{REGISTER}?q=smelter&sort=title&page=1")
    assert counts(sql) == 0 and "1 assessment found" in text


def test_a_newly_published_assessment_changes_the_count_shown_at_once(kiln_and_smelter, make_application):
    text, _ = view(REGISTER)
    assert "2 assessments" in text
    view(REGISTER)  # from the cache now

    make_application(State.OPEN_FOR_COMMENT, title="Kwinana refinery")
    text, sql = view(REGISTER)
    assert counts(sql) == 1  # a new version: counted again
    assert "3 assessments" in text and "Kwinana refinery" in text


def test_an_assessment_leaving_a_stage_leaves_that_stages_count_at_once(kiln_and_smelter):
    kiln, _ = kiln_and_smelter
    url = f"{REGISTER}?stage={State.OPEN_FOR_COMMENT}"
    assert "2 assessments found" in view(url)[0]
    assert "2 assessments found" in view(url)[0]

    _close(kiln)
    text, sql = view(url)
    assert counts(sql) == 1 and "1 assessment found" in text


def test_different_filters_get_their_own_counts(kiln_and_smelter):
    urls = {
        REGISTER: "2 assessments.",
        f"{REGISTER}?state=QLD": "1 assessment found",
        f"{REGISTER}?state=NSW": "2 assessments found",  # likely to be affected by both
        f"{REGISTER}?state=TAS": "0 assessments found",
        f"{REGISTER}?q=smelter": "1 assessment found",
        f"{REGISTER}?q=smelter&state=TAS": "0 assessments found",
    }
    for url, shown in urls.items():  # each counted once, then answered from the cache
        text, sql = view(url)
        assert counts(sql) == 1 and shown in text, url
    for url, shown in urls.items():
        text, sql = view(url)
        assert counts(sql) == 0 and shown in text, url


def test_a_signed_in_persons_register_counts_each_time(client, people, kiln_and_smelter):
    """Their pages compute no version (no ETag), so there is no key to keep a count under."""
    client.force_login(people.officer)
    assert [counts(view(REGISTER, client)[1]) for _ in range(2)] == [1, 1]
