"""Open data: the plans register (taskforces.open_data.PLANS) at /open-data/plans.csv and .json, one row
per Annex A category with its task force, plan, versions and review days (s36-s39), in a fixed number
of queries; listed with its columns on /open-data/."""

import csv
import io
import json
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.open_data import REGISTERS
from greenhouse_office.statute.source_categories import SOURCE_CATEGORIES
from taskforces import services
from taskforces.models import SourceCategory
from taskforces.open_data import PLANS

from .conftest import noon

pytestmark = pytest.mark.django_db


def body_of(extension) -> str:
    response = Client().get(f"/open-data/plans.{extension}")
    assert response.status_code == 200
    assert f'filename="greenhouse-office-plans.{extension}"' in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def rows() -> dict[str, dict]:
    return {row["source_category"]: row for row in csv.DictReader(io.StringIO(body_of("csv")))}


def test_the_plans_register_is_one_of_the_open_data_downloads():
    assert REGISTERS["plans"] is PLANS
    page = unescape(Client().get("/open-data/").content.decode())
    assert "Industry greenhouse plans" in page
    assert 'href="/open-data/plans.csv"' in page and 'href="/open-data/plans.json"' in page
    assert all(f"<code>{column.name}</code>" in page for column in PLANS.columns)


def test_every_category_is_a_row_with_its_task_force_plan_versions_and_review_days(
    make_plan, appoint, officer
):
    appoint(SourceCategory.objects.get(code="1.A.3"), on=date(2008, 9, 1))
    plan = make_plan("under_review", given=date(2020, 1, 31), published=date(2020, 2, 14))
    services.complete_review(
        plan=plan,
        actor=officer,
        outcome="Revised.",
        completed_on=date(2022, 9, 1),
        revised_summary="The revised plan.",
        revised_text="Text.",
        at=noon(date(2022, 9, 1)),
    )
    make_plan("given_to_minister", category=SourceCategory.objects.get(code="2.A"), given=date(2020, 1, 31))
    make_plan(category=SourceCategory.objects.get(code="4.A"))
    found = rows()
    assert list(found) == list(SOURCE_CATEGORIES)
    transport = found["1.A.3"]
    assert transport["taskforce"] == "Transport Greenhouse Taskforce"
    assert transport["taskforce_appointed_on"] == "2008-09-01"
    assert transport["plan_title"] == "Industry greenhouse plan: Transport"
    assert transport["prepared_by"] == "The task force (s36(1)(a))"
    assert transport["stage"] == "Published"
    assert (transport["first_published_on"], transport["published_on"]) == ("2020-02-14", "2022-09-01")
    assert transport["current_version"] == "2"
    assert transport["versions"] == "1 (2020-02-14); 2 (2022-09-01)"
    assert transport["last_reviewed_on"] == "2022-09-01"
    assert transport["review_due_on"] == "2025-09-01"
    assert transport["plan_pdf"] == "http://testserver/plans/1.A.3/v2.pdf"
    assert transport["url"] == "http://testserver/plans/1.A.3/"
    given = found["2.A"]
    assert (given["received_on"], given["publication_due_on"]) == ("2020-01-31", "2020-03-02")
    assert given["plan_title"] == given["versions"] == given["plan_pdf"] == ""
    drafting = found["4.A"]
    assert drafting["stage"] == "No plan published yet"
    assert all(
        drafting[name] == "" for name in ("plan_title", "received_on", "publication_due_on", "plan_pdf")
    )
    (item,) = [row for row in json.loads(body_of("json"))["rows"] if row["source_category"] == "1.A.3"]
    assert item["versions"] == transport["versions"] and item["taskforce"] == transport["taskforce"]
    assert item["last_reviewed_on"] == "2022-09-01"


def test_the_plans_download_takes_the_same_queries_with_one_plan_or_many(make_plan, appoint):
    make_plan("published")

    def count(extension):
        with CaptureQueriesContext(connection) as captured:
            body_of(extension)
        return len(captured)

    few = count("csv"), count("json")
    for code in ("1.A.1", "2.A", "4.A", "6.A"):
        category = SourceCategory.objects.get(code=code)
        appoint(category)
        make_plan("published", category=category)
    assert (count("csv"), count("json")) == few == (2, 2)
