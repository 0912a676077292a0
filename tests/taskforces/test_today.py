"""Part 7's section of the Office's today page (taskforces.today, registered through
greenhouse_office.today): every live duty, overdue first, with section, duty, who, due day and status
in words, linked to the plan's page or the page to record the task force."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenhouse_office import clock, statute
from greenhouse_office import today as today_sections
from taskforces.models import SourceCategory
from tests.assessments import conftest as assessments_conftest

pytestmark = pytest.mark.django_db

people = assessments_conftest.people
TODAY_URL = reverse("admin:assessments_application_today")


def part7(html: str) -> str:
    start = html.index("Part 7 duties")
    return html[start : html.index("</section>", start)]


@pytest.fixture
def office(people) -> Client:
    client = Client()
    client.force_login(people.officer)
    return client


def test_taskforces_registers_its_section_from_its_app_config():
    keys = [section["key"] for section in today_sections.sections(clock.legal_day())]
    assert "part7" in keys


def test_the_today_page_lists_the_live_part_7_duties_overdue_first(office, make_plan, appoint):
    today = clock.legal_day()
    transport = SourceCategory.objects.get(code="1.A.3")
    for each in SourceCategory.objects.exclude(code="1.A.5"):
        appoint(each)  # all but 1.A.5 appointed in time
    given = today - timedelta(days=3)
    plan = make_plan("given_to_minister", category=transport, given=given)
    due = statute.plan_publication_deadline(given).deadline

    html = part7(office.get(TODAY_URL).content.decode())

    fuel = SourceCategory.objects.get(code="1.A.5")
    s36 = f"Appoint a task force for {fuel.label}"
    s38 = f"Make the plan for {transport.label} public on the Internet and on request"
    assert html.index(s36) < html.index(s38)  # overdue first
    assert (
        f'<a href="{reverse("admin:taskforces_taskforce_add")}?source_category={fuel.pk}">{s36}</a>' in html
    )
    change = reverse("admin:taskforces_industrygreenhouseplan_change", args=[plan.pk])
    assert f'<a href="{change}">{s38}</a>' in html
    assert "<td>s36(1)</td>" in html and "<td>s38</td>" in html
    assert "<td>Minister and Office staff</td>" in html and "<td>Minister</td>" in html
    assert f"Due in {(due - today).days} days" in html and f"{due:%d %B %Y}" in html
    assert "Overdue since 12 September 2008" in html  # s36(1): no task force for most categories
    # s37: the Office's plan for every category without a plan given by 12 March 2010, linked to begin it.
    assert f"{reverse('admin:taskforces_industrygreenhouseplan_add')}?source_category={fuel.pk}" in html
    assert "<td>Director and Office staff</td>" in html


def test_the_section_adds_the_same_queries_at_two_sizes(office, make_plan):
    today = clock.legal_day()
    codes = list(SourceCategory.objects.order_by("position").values_list("code", flat=True))

    def more(chosen):
        for code in chosen:
            make_plan(
                "given_to_minister",
                category=SourceCategory.objects.get(code=code),
                given=today - timedelta(days=40),
            )

    more(codes[:1])
    office.get(TODAY_URL)
    with CaptureQueriesContext(connection) as few:
        assert office.get(TODAY_URL).status_code == 200
    more(codes[1:6])
    with CaptureQueriesContext(connection) as many:
        response = office.get(TODAY_URL)
    assert len(many) == len(few), [q["sql"] for q in many]
    assert part7(response.content.decode()).count("public on the Internet") == 6
