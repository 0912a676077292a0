"""Part 7's public pages in a real browser, without JavaScript: a member of the public finds the plan
for a source category from /plans/, opens it and downloads its PDF (s38); axe-core finds no WCAG 2.2
A/AA violation on /plans/, a category's page with its plan, and the copy-request page (with errors)."""

import io
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from taskforces.models import Recommendation, TaskforceMember
from tests.taskforces import conftest as taskforces_conftest

from .conftest import axe_violations

officer = taskforces_conftest.officer
make_plan = taskforces_conftest.make_plan
appoint = taskforces_conftest.appoint

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


transport = taskforces_conftest.transport


@pytest.fixture
def published_plan(transport, make_plan, appoint):
    taskforce = appoint(transport, on=date(2008, 9, 1))
    TaskforceMember.objects.create(
        taskforce=taskforce,
        name="Ada Fleet",
        affiliation="Australian Trucking Association",
        interests="Director of a freight company.",
        appointed_on=date(2008, 9, 1),
    )
    Recommendation.objects.create(
        taskforce=taskforce, made_on=date(2009, 3, 2), subject="Fuel efficiency", text="Set a standard."
    )
    return make_plan("published", given=date(2020, 1, 31), published=date(2020, 2, 14))


def test_the_public_finds_a_categorys_plan_opens_it_and_downloads_its_pdf(page, live_server, published_plan):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Industry greenhouse plans").click()
    expect(page.get_by_role("heading", level=1, name="Industry greenhouse plans")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Energy, fuel combustion")).to_be_visible()
    row = page.get_by_role("row", name="1.A.3 Transport")
    expect(row).to_contain_text("Transport Greenhouse Taskforce, appointed 1 September 2008")
    expect(row).to_contain_text("Published")
    row.get_by_role("link", name="1.A.3 Transport").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Transport")
    expect(page.get_by_role("heading", name=published_plan.title)).to_be_visible()
    expect(page.get_by_role("heading", name="Where the category's emissions come from")).to_be_visible()
    expect(page.get_by_role("table", name="Members of the Transport Greenhouse Taskforce")).to_contain_text(
        "Director of a freight company."
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan, version 1").click()
    assert download.value.suggested_filename == "industry-greenhouse-plan-1.A.3-v1.pdf"
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "1.A.3 Transport" in text and published_plan.title in text


@pytest.mark.services("chromium", "axe")
def test_the_plans_pages_have_no_wcag_2_2_aa_violations(js_page, live_server, published_plan):
    pages = {
        "plans": "/plans/",
        "plan": "/plans/1.A.3/",
        "category without a plan": "/plans/2.A/",
        "copy request": "/plans/1.A.3/request-a-copy/",
    }
    found = {}
    for name, path in pages.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["copy request"])
    js_page.get_by_role("button", name="Send the request").click()
    expect(js_page.get_by_role("alert")).to_be_visible()
    found["copy request, with errors"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, [])
