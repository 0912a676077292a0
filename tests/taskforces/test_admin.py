"""Part 7's admin for Office staff: the lists (a constant number of queries), a task force with its members,
a plan begun through the add page and taken through every act by its button and form, refusals and
warnings shown as messages in the Act's words, and the state never editable."""

import hashlib
import html
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenhouse_office.emission_targets import EmissionTarget
from taskforces.models import (
    IndustryGreenhousePlan,
    PlanEvent,
    PlanState,
    SourceCategory,
    Taskforce,
)

from .conftest import PLAN_TEXT

pytestmark = pytest.mark.django_db

PLANS = reverse("admin:taskforces_industrygreenhouseplan_changelist")
ADD_PLAN = reverse("admin:taskforces_industrygreenhouseplan_add")
CATEGORIES = reverse("admin:taskforces_sourcecategory_changelist")
TASKFORCES = reverse("admin:taskforces_taskforce_changelist")
ADD_TASKFORCE = reverse("admin:taskforces_taskforce_add")
EVENTS = reverse("admin:taskforces_planevent_changelist")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# Noon in Canberra on 10 March 2027: the day every form's "today" is.
NOW = datetime(2027, 3, 10, 1, 0, tzinfo=UTC)


@pytest.fixture
def people(demo_data):
    users = get_user_model().objects
    return {name: users.get(username=name) for name in ("officer", "director", "proponent", "minister")}


@pytest.fixture
def office(client, people):
    client.force_login(people["officer"])
    return client


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(plan):
    return reverse("admin:taskforces_industrygreenhouseplan_change", args=[plan.pk])


def act_url(plan, name):
    return reverse("admin:taskforces_industrygreenhouseplan_act", args=[plan.pk, name])


def messages_of(response, level="") -> str:
    """The admin messages shown on the page, as written (one a line)."""
    if 'class="messagelist"' not in response.text:
        return ""
    items = re.findall(r'<li class="([a-z ]*)">(.*?)</li>', response.text.split('class="messagelist"', 1)[-1])
    return "\n".join(html.unescape(text) for tags, text in items if level in tags)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _categories(count):
    return list(SourceCategory.objects.order_by("position")[:count])


# --- The lists ------------------------------------------------------------------------------------


def test_the_plans_list_makes_the_same_queries_for_one_plan_and_for_three(office, make_plan):
    first, second, third = _categories(3)
    make_plan("published", category=first)
    one = _queries(office, PLANS)
    make_plan("given_to_minister", category=second)
    make_plan(category=third)
    assert _queries(office, PLANS) == one
    listing = office.get(PLANS)
    for words in ("Published", "Given to the Minister", "Being prepared", "The task force (s36(1)(a))"):
        assert words in listing.text


def test_the_categories_list_shows_each_taskforce_plan_and_targets_in_constant_queries(
    office, make_plan, appoint
):
    first, second, third = _categories(3)
    appoint(first)
    none = _queries(office, CATEGORIES)
    appoint(second)
    appoint(third)
    make_plan("published", category=second)
    targets = EmissionTarget.objects.filter(source_category=second.code).count() + 2
    for starts, ends in ((date(2041, 1, 1), date(2045, 12, 31)), (date(2046, 1, 1), date(2050, 12, 31))):
        EmissionTarget.objects.create(
            source_category=second.code,
            starts_on=starts,
            ends_on=ends,
            target_t_co2e=1000,
            instrument="Regs",
            instrument_made_on=date(2007, 6, 1),
        )
    assert _queries(office, CATEGORIES) == none
    listing = office.get(CATEGORIES).text
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(second.code)}(?:(?!</tr>).)*</tr>", listing, re.S)
    assert row is not None
    assert f"{second.name} Greenhouse Taskforce" in row.group(0)
    assert "Published" in row.group(0)
    assert re.search(rf'class="field-targets_display">{targets}<', row.group(0))
    assert "None appointed" in listing and "No plan yet" in listing


def test_the_taskforces_and_events_lists_make_constant_queries(office, make_plan, appoint):
    first, second, third = _categories(3)
    appoint(first)
    make_plan(category=first)
    taskforces, events = _queries(office, TASKFORCES), _queries(office, EVENTS)
    appoint(second)
    appoint(third)
    make_plan("under_review", category=second)
    assert (_queries(office, TASKFORCES), _queries(office, EVENTS)) == (taskforces, events)


def test_the_director_reads_every_list(client, people, make_plan):
    make_plan()
    client.force_login(people["director"])
    for url in (PLANS, CATEGORIES, TASKFORCES, EVENTS, ADD_PLAN, ADD_TASKFORCE):
        assert client.get(url).status_code == 200, url


# --- Task forces (s36) ---------------------------------------------------------------------------


def _taskforce_data(category, **overrides):
    data = {
        "source_category": category.pk,
        "name": "Transport Greenhouse Taskforce",
        "appointed_on": "2008-09-01",
        "instrument": "Greenhouse Taskforce (Transport) Appointment 2008",
        "prescribed_functions": "",
        "constitution": "",
        "dissolved_on": "",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-name": "A. Engineer",
        "members-0-affiliation": "Road Freight Council",
        "members-0-interests": "Shares in a haulage firm.",
        "members-0-appointed_on": "2008-09-01",
        "members-0-ended_on": "",
        "recommendations-TOTAL_FORMS": "0",
        "recommendations-INITIAL_FORMS": "0",
        "recommendations-MIN_NUM_FORMS": "0",
        "recommendations-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_officer_adds_a_taskforce_with_a_member(office, transport):
    response = office.post(ADD_TASKFORCE, _taskforce_data(transport))
    assert response.status_code == 302, response.text
    taskforce = Taskforce.objects.get(source_category=transport)
    assert [(m.name, m.affiliation) for m in taskforce.members.all()] == [
        ("A. Engineer", "Road Freight Council")
    ]


def test_a_member_ending_before_appointment_is_refused_by_the_models_rule(office, transport):
    response = office.post(ADD_TASKFORCE, _taskforce_data(transport, **{"members-0-ended_on": "2008-08-01"}))
    assert response.status_code == 200
    assert "Membership cannot end before it begins." in response.text
    assert not Taskforce.objects.exists()


def test_a_taskforce_cannot_be_dissolved_before_it_is_appointed(office, transport):
    response = office.post(ADD_TASKFORCE, _taskforce_data(transport, dissolved_on="2008-01-01"))
    assert "A task force cannot be dissolved before it is appointed." in response.text
    assert not Taskforce.objects.exists()


# --- A plan through every act, by its buttons and forms ------------------------------------------


def _prepare(office, category, **overrides):
    data = {
        "source_category": category.pk,
        "prepared_by": "office",
        "title": "Industry greenhouse plan: Transport",
        "summary": "How transport reaches its targets.",
        "text": PLAN_TEXT,
        **overrides,
    }
    return office.post(ADD_PLAN, data)


def _acts_on_the_page(page) -> list[str]:
    return re.findall(r'href="/admin/taskforces/industrygreenhouseplan/\d+/acts/(\w+)/"', page.text)


def test_officer_prepares_a_plan_and_runs_every_act_by_its_button(office, transport):
    assert office.get(ADD_PLAN).status_code == 200
    response = _prepare(office, transport)
    plan = IndustryGreenhousePlan.objects.get(source_category=transport)
    assert response.status_code == 302 and response["Location"] == change_url(plan)
    assert plan.prepared_by == "office" and plan.draft.text == PLAN_TEXT

    page = office.get(change_url(plan))
    assert _acts_on_the_page(page) == ["give_to_minister"]
    assert "Revise the draft (version 1)" in page.text
    revised = office.post(
        reverse("admin:taskforces_industrygreenhouseplan_revise", args=[plan.pk]),
        {"summary": "Transport's plan.", "text": "# Measures\n\nElectric freight."},
    )
    assert revised.status_code == 302
    plan.refresh_from_db()
    assert plan.draft.text == "# Measures\n\nElectric freight."

    assert office.get(act_url(plan, "give_to_minister")).status_code == 200
    given = office.post(act_url(plan, "give_to_minister"), {"received_on": "2027-02-01"}, follow=True)
    assert (
        "Record the plan as given to the Minister (s36(1)(a), s37): the plan is now given to the minister."
        in (messages_of(given, "success"))
    )
    assert _acts_on_the_page(given) == ["publish"]
    assert "Revise the draft" not in given.text

    published = office.post(act_url(plan, "publish"), {"published_on": "2027-02-20"}, follow=True)
    assert "the plan is now published" in messages_of(published, "success")
    assert messages_of(published, "warning") == ""
    assert "Issue and download version 1 (PDF)" in published.text

    begun = office.post(
        act_url(plan, "begin_review"),
        {
            "reviewer": "determined",
            "reviewer_name": "Dr A. Reviewer",
            "determined_on": "2027-03-01",
            "office_advice": "Dr Reviewer knows the freight sector.",
            "started_on": "2027-03-02",
        },
        follow=True,
    )
    assert "the plan is now under review" in messages_of(begun, "success")
    assert "Dr A. Reviewer (determined 1 March 2027)" in begun.text

    completed = office.post(
        act_url(plan, "complete_review"),
        {
            "outcome": "The measures need a rail section.",
            "completed_on": "2027-03-09",
            "revised_summary": "Transport's plan, with rail.",
            "revised_text": "# Measures\n\nElectric freight and rail.",
        },
        follow=True,
    )
    assert "Complete the review (s39(1)): the plan is now published." in messages_of(completed, "success")
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    assert plan.last_reviewed_on == plan.published_on == date(2027, 3, 9)
    assert [v.number for v in plan.versions.all()] == [1, 2]
    assert list(
        PlanEvent.objects.filter(plan=plan).order_by("sequence").values_list("transition", flat=True)
    ) == [
        "prepare_plan",
        "revise_draft",
        "give_to_minister",
        "publish",
        "begin_review",
        "complete_review",
    ]
    # The log on the page, latest first.
    log = completed.text.split('id="log-heading"', 1)[1]
    assert log.index("complete_review") < log.index("begin_review") < log.index("prepare_plan")


def test_publishing_before_receipt_is_refused_with_the_guards_words_and_nothing_changes(office, make_plan):
    plan = make_plan("given_to_minister", given=date(2027, 2, 1))
    response = office.post(act_url(plan, "publish"), {"published_on": "2027-01-20"})
    assert response.status_code in (400, 409)
    assert (
        "The day it was published cannot be before the day the Minister received it (1 February 2027)."
        in (messages_of(response, "error"))
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.GIVEN_TO_MINISTER
    assert not plan.events.filter(transition="publish").exists()


def test_s38_publishing_after_the_month_is_done_with_a_warning(office, make_plan):
    plan = make_plan("given_to_minister", given=date(2027, 1, 4))
    response = office.post(act_url(plan, "publish"), {"published_on": "2027-03-01"}, follow=True)
    assert "s38: published after the last day to publish it (4 February 2027)." in messages_of(
        response, "warning"
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED


def test_s39_2_a_determined_reviewer_needs_a_name_on_the_form(office, make_plan):
    plan = make_plan("published", given=date(2027, 1, 4), published=date(2027, 1, 10))
    response = office.post(
        act_url(plan, "begin_review"), {"reviewer": "determined", "started_on": "2027-03-01"}
    )
    assert response.status_code == 400
    assert "s39(2): name the person or persons the Minister determined." in html.unescape(response.text)
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED


def test_an_act_not_open_in_the_plans_state_returns_to_the_plan_with_a_message(office, make_plan):
    plan = make_plan()
    response = office.get(act_url(plan, "publish"), follow=True)
    assert "Publish the plan is not open to you while the plan is being prepared." in messages_of(
        response, "error"
    )
    assert office.get(act_url(plan, "no_such_act")).status_code == 404


def test_a_plan_without_its_text_shows_the_act_disabled_with_the_guards_words(office, make_plan):
    plan = make_plan()
    draft = plan.draft
    draft.text = " "
    draft.save()
    page = office.get(change_url(plan))
    assert _acts_on_the_page(page) == []
    assert "s36(1)(a): write the plan (its summary and text) before it is given to the Minister." in (
        html.unescape(page.text)
    )


def test_a_category_has_one_plan_the_add_page_offers_only_categories_without_one(
    office, make_plan, transport
):
    make_plan()
    page = office.get(ADD_PLAN)
    assert f'value="{transport.pk}"' not in page.text
    response = _prepare(office, transport)
    assert response.status_code == 400
    assert IndustryGreenhousePlan.objects.filter(source_category=transport).count() == 1


def test_a_published_versions_pdf_downloads(office, make_plan):
    plan = make_plan("published", given=date(2027, 1, 4), published=date(2027, 1, 10))
    version = plan.versions.get(number=1)
    version.file.save("1.A.3-v1.pdf", ContentFile(PDF), save=False)
    version.sha256, version.size = hashlib.sha256(PDF).hexdigest(), len(PDF)
    version.save()
    page = office.get(change_url(plan))
    assert f"Download version 1 (PDF, {len(PDF)}" in page.text
    response = office.get(reverse("admin:taskforces_industrygreenhouseplan_version_pdf", args=[plan.pk, 1]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


# --- The state is never editable -----------------------------------------------------------------


def test_the_state_is_never_editable(office, make_plan):
    plan = make_plan()
    title = plan.title
    page = office.get(change_url(plan))
    assert page.status_code == 200
    assert 'name="state"' not in page.text
    assert "Being prepared" in page.text
    response = office.post(change_url(plan), {"state": "published", "title": "Changed"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert (plan.state, plan.title) == (PlanState.DRAFTING, title)


# --- Who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["proponent", "minister"])
def test_a_person_without_an_office_role_is_sent_to_the_admin_login(client, people, make_plan, name):
    plan = make_plan("given_to_minister", given=date(2027, 2, 1))
    client.force_login(people[name])
    for url in (PLANS, ADD_PLAN, change_url(plan), act_url(plan, "publish"), CATEGORIES, TASKFORCES):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    response = client.post(act_url(plan, "publish"), {"published_on": "2027-02-10"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.GIVEN_TO_MINISTER


def test_the_director_runs_an_act_by_its_form_too(client, people, make_plan):
    plan = make_plan()
    client.force_login(people["director"])
    response = client.post(act_url(plan, "give_to_minister"), {"received_on": "2027-03-01"}, follow=True)
    assert "the plan is now given to the minister" in messages_of(response, "success")
    plan.refresh_from_db()
    assert (plan.state, plan.received_on) == (PlanState.GIVEN_TO_MINISTER, date(2027, 3, 1))
    assert plan.events.get(transition="give_to_minister").actor == people["director"]


def test_a_recommendation_about_another_categorys_target_is_refused(office, transport, appoint):
    taskforce = appoint(transport)
    other = EmissionTarget.objects.create(
        source_category="4.A",
        starts_on=date(2041, 1, 1),
        ends_on=date(2045, 12, 31),
        target_t_co2e=1000,
        instrument="Regs",
        instrument_made_on=date(2007, 6, 1),
    )
    data = _taskforce_data(
        transport,
        name=taskforce.name,
        appointed_on="2008-09-01",
        instrument=taskforce.instrument,
        **{
            "members-TOTAL_FORMS": "0",
            "recommendations-TOTAL_FORMS": "1",
            "recommendations-0-made_on": "2009-05-01",
            "recommendations-0-subject": "Freight",
            "recommendations-0-text": "Move freight to rail.",
            "recommendations-0-target": str(other.pk),
            "recommendations-0-response": "",
        },
    )
    url = reverse("admin:taskforces_taskforce_change", args=[taskforce.pk])
    response = office.post(url, data)
    assert response.status_code == 200
    assert "The target is not one for 1.A.3 or the national total." in html.unescape(response.text)
    assert not taskforce.recommendations.exists()
