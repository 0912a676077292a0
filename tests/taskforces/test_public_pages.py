"""The public pages of Part 7 (no sign-in): /plans/ (every source category, its task force and plan),
a category's page (s36 task force, members, recommendations; s38 the plan; s39 its reviews) and each
published version's PDF. Nothing of a plan being prepared is shown; one given to the Minister shows only
when it was received and when it must be published (s38)."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenhouse_office.statute.source_categories import SOURCE_CATEGORIES
from taskforces import services
from taskforces.models import PlanVersion, Recommendation, SourceCategory, TaskforceMember

from .conftest import noon

pytestmark = pytest.mark.django_db

TRANSPORT = "/plans/1.A.3/"


def html_of(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def text_of(response) -> str:
    """The page's words, its tags dropped (a date in <time> reads on with the sentence)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def category(code) -> SourceCategory:
    return SourceCategory.objects.get(code=code)


def staff_taskforce(appoint, code, members=2, recommendations=2):
    taskforce = appoint(category(code))
    for number in range(members):
        TaskforceMember.objects.create(
            taskforce=taskforce,
            name=f"Member {number} of {code}",
            affiliation=f"Association {number}",
            interests=f"Shares in company {number}",
            appointed_on=date(2008, 9, 1),
        )
    for number in range(recommendations):
        Recommendation.objects.create(
            taskforce=taskforce,
            made_on=date(2009, 3, number + 1),
            subject=f"Recommendation {number} for {code}",
            text="Electrify the fleet.",
        )
    return taskforce


def test_plans_lists_every_annex_a_category_by_sector_in_annex_a_order(client):
    response = client.get("/plans/")
    assert response.status_code == 200
    page = text_of(response)
    positions = [page.index(f"{c.code} {c.name}") for c in SOURCE_CATEGORIES.values()]
    assert positions == sorted(positions)
    for sector in ("Energy, fuel combustion", "Industrial processes", "Agriculture", "Waste"):
        assert f">{sector}</h2>" in response.content.decode()
    assert page.count("No plan published yet") == len(SOURCE_CATEGORIES)
    assert page.count("None appointed") == len(SOURCE_CATEGORIES)


def test_plans_shows_each_task_force_and_plan_state_in_words_and_its_s38_s39_days(client, make_plan, appoint):
    appoint(category("1.A.3"), on=date(2008, 9, 1))
    make_plan("published", given=date(2020, 1, 31), published=date(2020, 2, 14))
    make_plan("given_to_minister", category=category("2.A"), given=date(2020, 1, 31))
    make_plan(category=category("4.A"))  # being prepared: not the public's yet
    page = text_of(client.get("/plans/"))
    assert "Transport Greenhouse Taskforce, appointed 1 September 2008" in page
    row = page[page.index("1.A.3 Transport") : page.index("1.A.4")]
    # s39(1): 3 years after 14 February 2020 is Tuesday 14 February 2023.
    assert "Published" in row and "14 February 2020" in row and "14 February 2023" in row
    assert "Not yet reviewed" in row
    # s38: one month after 31 January 2020 ends on Saturday 29 February; Monday 2 March (AIA s36(2)).
    given = page[page.index("2.A Mineral products") : page.index("2.B")]
    assert "Given to the Minister on 31 January 2020; to be published by 2 March 2020 (s38)" in given
    drafting = page[page.index("4.A Enteric") : page.index("4.B")]
    assert "No plan published yet" in drafting
    assert "Industry greenhouse plan: Enteric fermentation" not in page


def test_plans_makes_the_same_queries_for_one_plan_or_many(client, make_plan, appoint):
    make_plan("published")
    appoint(category("1.A.3"))
    few = queries(client, "/plans/")
    for code in ("1.A.1", "2.A", "4.A", "6.A"):
        appoint(category(code))
        make_plan("under_review", category=category(code))
    assert queries(client, "/plans/") == few == 2  # the page's version (its ETag), then the list


def test_plans_query_count_is_asserted_at_two_sizes(client, make_plan, django_assert_num_queries):
    make_plan("published")
    with django_assert_num_queries(2):  # the page's version (its ETag), then the list
        client.get("/plans/")
    make_plan("published", category=category("2.A"))
    make_plan("given_to_minister", category=category("2.B"))
    with django_assert_num_queries(2):
        client.get("/plans/")


def test_a_category_page_shows_its_task_force_members_interests_and_recommendations(client, appoint):
    staff_taskforce(appoint, "1.A.3", members=1, recommendations=1)
    response = client.get(TRANSPORT)  # the code's dots are its address
    assert response.status_code == 200
    page = text_of(response)
    assert "Transport Greenhouse Taskforce" in page and "1 September 2008" in page
    assert "Member 0 of 1.A.3" in page and "Association 0" in page and "Shares in company 0" in page
    assert "Recommendation 0 for 1.A.3" in page and "Made on 1 March 2009" in page
    assert "No industry greenhouse plan has been published for this source category." in page


def test_a_category_without_a_task_force_says_so_and_names_s37(client):
    page = text_of(client.get("/plans/3/"))
    assert "No greenhouse taskforce has been appointed" in page and "(section 37)" in page


def test_an_unknown_category_is_404(client):
    assert client.get("/plans/9.Z/").status_code == 404


def test_s38_the_published_plan_shows_its_text_pdf_link_and_dates(client, make_plan, appoint):
    appoint(category("1.A.3"))
    plan = make_plan("published")
    page = html_of(client.get(TRANSPORT))
    assert plan.title in page and "How the category reaches its targets." in page
    assert "<h4>Where the category's emissions come from</h4>" in page and "Road freight" in page
    assert "The task force (s36(1)(a))" in page
    assert 'Received by the Minister on</dt><dd><time datetime="2020-01-31">31 January 2020' in page
    assert 'href="/plans/1.A.3/v1.pdf"' in page
    assert 'href="/plans/1.A.3/request-a-copy/"' in page
    assert "None: this is the first version." in page
    assert "The plan has not yet been reviewed." in page


def test_nothing_of_a_plan_being_prepared_is_shown(client, make_plan):
    plan = make_plan("drafting")
    page = html_of(client.get(TRANSPORT))
    assert plan.title not in page and "Road freight" not in page and "v1.pdf" not in page
    assert "No industry greenhouse plan has been published" in page
    assert client.get("/plans/1.A.3/v1.pdf").status_code == 404
    assert client.get("/plans/1.A.3/request-a-copy/").status_code == 404


def test_s38_a_plan_given_to_the_minister_shows_only_when_it_is_to_be_published(client, make_plan):
    plan = make_plan("given_to_minister", given=date(2020, 1, 31))
    page = text_of(client.get(TRANSPORT))
    assert "Given to the Minister on 31 January 2020; to be published by 2 March 2020 (s38)" in page
    assert plan.title not in page and "Road freight" not in page and "How the category" not in page
    assert client.get("/plans/1.A.3/v1.pdf").status_code == 404


def test_s39_reviews_show_who_reviewed_when_and_the_outcome_and_earlier_versions_stay(
    client, make_plan, officer
):
    plan = make_plan("under_review", review_began=date(2022, 6, 1))
    services.complete_review(
        plan=plan,
        actor=officer,
        outcome="The fuel measures are revised.",
        completed_on=date(2022, 9, 1),
        revised_summary="The revised plan.",
        revised_text="# Revised measures\n\nHydrogen.",
        at=noon(date(2022, 9, 1)),
    )
    services.begin_review(
        plan=plan,
        actor=officer,
        reviewer="determined",
        reviewer_name="Dr Jane Reviewer",
        determined_on=date(2024, 2, 1),
        office_advice="Dr Reviewer knows the sector.",
        started_on=date(2024, 2, 2),
        at=noon(date(2024, 2, 2)),
    )
    html = html_of(client.get(TRANSPORT))
    assert "<h4>Revised measures</h4>" in html and 'href="/plans/1.A.3/v1.pdf"' in html
    page = text_of(client.get(TRANSPORT))
    assert "Revised measures" in page and "Road freight" not in page  # the current version
    assert 'href="/plans/1.A.3/v2.pdf"' in html
    assert "Version 1, published 14 February 2020" in page
    assert "The task force" in page and "1 June 2022" in page and "1 September 2022" in page
    assert "The fuel measures are revised. The plan was revised (version 2)." in page
    assert "Dr Jane Reviewer, determined by the Minister on" in page and "In progress" in page
    assert "Dr Reviewer knows the sector." not in page  # the Office's advice to the Minister
    assert "Published; under review (s39)" in page
    assert client.get("/plans/1.A.3/v1.pdf").status_code == 200


def test_a_category_page_makes_the_same_queries_at_two_sizes(client, make_plan, appoint, officer):
    staff_taskforce(appoint, "1.A.3", members=1, recommendations=1)
    make_plan("published")
    few = queries(client, TRANSPORT)
    staff_taskforce(appoint, "2.A", members=6, recommendations=5)
    plan = make_plan("under_review", category=category("2.A"))
    services.complete_review(
        plan=plan,
        actor=officer,
        outcome="Revised.",
        completed_on=date(2022, 9, 1),
        revised_summary="The revised plan.",
        revised_text="Text.",
        at=noon(date(2022, 9, 1)),
    )
    services.begin_review(plan=plan, actor=officer, reviewer="taskforce", at=noon(date(2023, 1, 10)))
    assert queries(client, "/plans/2.A/") == few


def test_s38_the_pdf_is_rendered_on_its_first_download_and_served_as_an_attachment(client, make_plan):
    make_plan("published")
    version = PlanVersion.objects.get()
    assert not version.sha256  # its task never ran (no commit in a test)
    response = client.get("/plans/1.A.3/v1.pdf")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("attachment")
    assert "industry-greenhouse-plan-1.A.3-v1.pdf" in response["Content-Disposition"]
    version.refresh_from_db()
    assert version.sha256 and version.size == len(content)
    rendered_at = version.rendered_at
    again = client.get("/plans/1.A.3/v1.pdf")
    assert b"".join(again.streaming_content) == content
    version.refresh_from_db()
    assert version.rendered_at == rendered_at  # not rendered again


def test_a_version_that_does_not_exist_is_404(client, make_plan):
    make_plan("published")
    assert client.get("/plans/1.A.3/v2.pdf").status_code == 404
    assert client.get("/plans/2.A/v1.pdf").status_code == 404


def test_the_site_navigation_and_home_page_link_to_the_plans(client):
    page = client.get("/").content.decode()
    assert '<a href="/plans/">Industry greenhouse plans</a>' in page
    assert 'href="/plans/">industry greenhouse plans</a>' in page
    assert 'href="/plans/" aria-current="page"' in client.get("/plans/").content.decode()
