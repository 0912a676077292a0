"""The Office's today page, the applications list's filters and deadlines in words, and assigning an
officer (services.assignment), driven through the admin as an officer and as the Director."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Application, ApplicationEvent, State
from assessments.services.assignment import assign_officer
from assessments.services.copy_requests import request_copy
from greenhouse_office import statute
from greenhouse_office.roles import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.session_queries import session_queries

from .conftest import _close

TODAY_URL = reverse("admin:assessments_application_today")
LIST_URL = reverse("admin:assessments_application_changelist")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _comment(application):
    return services.record_comment(
        application=application,
        actor=None,
        name="A resident",
        email="resident@example.com",
        text="Please consider the effect on the valley.",
        channel="web",
    )


def _set(application, **fields):
    Application.objects.filter(pk=application.pk).update(**fields)
    application.refresh_from_db()
    return application


@pytest.fixture
def every_bucket(people, make_application):
    """One application (or request) in each bucket of the today page."""
    today = statute.legal_today()
    overdue = _set(
        make_application(State.LODGED, title="Overdue kiln"), evaluation_due_on=today - timedelta(3)
    )
    due_soon = _set(make_application(State.LODGED, title="Soon kiln"), evaluation_due_on=today + timedelta(5))
    later = _set(make_application(State.LODGED, title="Later kiln"), evaluation_due_on=today + timedelta(20))
    closing = make_application(State.OPEN_FOR_COMMENT, title="Closing smelter")
    _set(closing, closing_day=today + timedelta(2))
    open_long = make_application(State.OPEN_FOR_COMMENT, title="Open refinery")
    considering = make_application(State.OPEN_FOR_COMMENT, title="Considered mine")
    _comment(considering)
    _close(considering)
    considering.refresh_from_db()
    copy = request_copy(
        application=closing,
        name="A librarian",
        email="library@example.com",
        postal_address="",
        documents="both",
        format="email",
    )
    direction = services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="A new aluminium smelter",
        due_on=today + timedelta(30),
    )
    return {
        "overdue": overdue,
        "due_soon": due_soon,
        "later": later,
        "closing": closing,
        "open_long": open_long,
        "considering": considering,
        "copy": copy,
        "direction": direction,
    }


def _section(text: str, heading: str) -> str:
    """The part of the today page under a bucket's heading."""
    start = text.index(heading)
    end = text.find("<section", start)
    return text[start : end if end != -1 else None]


@pytest.mark.parametrize("who", ["officer", "director"])
def test_the_today_page_shows_each_bucket_with_a_link_to_the_filtered_list(who, people, every_bucket):
    response = signed_in(getattr(people, who)).get(TODAY_URL)
    assert response.status_code == 200
    text = response.content.decode()
    b = every_bucket

    evaluations = _section(text, "Evaluations due this week or overdue")
    assert "Overdue kiln" in evaluations and "overdue by 3 days" in evaluations
    assert "Soon kiln" in evaluations and "in 5 days" in evaluations
    assert "Later kiln" not in evaluations
    assert f"{LIST_URL}?overdue=week" in evaluations

    closing = _section(text, "Comment periods closing in the next 7 days")
    last_day = statute.effective_closing_day(b["closing"].closing_day)
    assert "Closing smelter" in closing and "Open refinery" not in closing
    assert f"in {(last_day - statute.legal_today()).days} days" in closing
    assert f"{LIST_URL}?overdue=closing" in closing

    consider = _section(text, "Comments to consider")
    assert "Considered mine" in consider and "1 not yet considered" in consider
    assert f"{LIST_URL}?to_do=consider" in consider

    advice = _section(text, "Advice to write")
    assert "Considered mine" in advice and f"{LIST_URL}?to_do=advice" in advice

    copies = _section(text, "Copy requests to answer")
    assert "A librarian" in copies and b["closing"].reference in copies
    assert reverse("admin:assessments_copyrequest_changelist") + "?status__exact=received" in copies

    directions = _section(text, "Directions due")
    assert "A new aluminium smelter" in directions and "in 30 days" in directions

    stages = _section(text, "Applications by stage")
    assert f'<a href="{LIST_URL}?state__exact=lodged">Lodged</a></td><td>3</td>' in stages
    assert (
        f'<a href="{LIST_URL}?state__exact=open_for_comment">Open for public comment</a></td><td>2</td>'
        in stages
    )


def test_each_bucket_link_lists_exactly_its_applications(people, every_bucket):
    client = signed_in(people.officer)
    b = every_bucket
    expected = {
        "overdue=yes": {b["overdue"]},
        "overdue=week": {b["overdue"], b["due_soon"]},
        "overdue=closing": {b["closing"]},
        "to_do=consider": {b["considering"]},
        "to_do=advice": {b["considering"]},
    }
    everyone = {a for a in b.values() if isinstance(a, Application)}
    for query, shown in expected.items():
        text = client.get(f"{LIST_URL}?{query}").content.decode()
        for application in everyone:
            link = reverse("admin:assessments_application_change", args=[application.pk])
            assert (link in text) == (application in shown), (query, application.title)


def test_the_directions_link_lists_those_not_fulfilled(people, every_bucket):
    response = signed_in(people.officer).get(
        reverse("admin:assessments_direction_changelist"), {"fulfilled_at__isempty": "1"}
    )
    assert response.status_code == 200 and "A new aluminium smelter" in response.content.decode()


def test_the_today_page_is_refused_to_those_outside_the_office(people, demo_data):
    response = Client().get(TODAY_URL)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    for who in ("proponent", "auditor"):
        response = signed_in(getattr(people, who)).get(TODAY_URL)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"], who


def test_the_index_leads_with_the_today_page(people, demo_data):
    text = signed_in(people.officer).get(reverse("admin:index")).content.decode()
    assert text.index("Today: what falls due") < text.index(f'href="{LIST_URL}"')
    assert "css/admin.css" in text and "Greenhouse Office" in text


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


# Each signed-in admin page: the person, their roles and TOTP (one query), and the two of the admin's
# permissions, after the session (session_queries). Then the today page: each of its 7 buckets in one
# query (its rows and its count), Part 7's section (2) and the stage counts (1); the list: its
# filters' choices, counts and rows.
QUERIES = {TODAY_URL: 4 + 7 + 2 + 1, LIST_URL: 9}


@pytest.mark.parametrize("url", [TODAY_URL, LIST_URL])
def test_queries_do_not_grow_with_the_data(url, people, make_application, every_bucket):
    client = signed_in(people.officer)
    small, _ = _count_queries(client, url)
    today = statute.legal_today()
    for n in range(12):  # more than a bucket shows, in every bucket the cheap way
        app = make_application(State.LODGED, title=f"More {n}")
        _set(
            app,
            evaluation_due_on=today - timedelta(1),
            assigned_officer=people.officer,
            source_categories=["2.A"],
        )
        request_copy(
            application=every_bucket["closing"],
            name=f"Reader {n}",
            email="reader@example.com",
            postal_address="",
            documents="both",
            format="email",
        )
    large, text = _count_queries(client, url)
    assert large == small, url
    assert small == session_queries() + QUERIES[url], url
    assert "More 0" in text  # the new rows are on the page (newest first in the list, due first today)


# --- The list: columns and filters ----------------------------------------------------------------


def test_the_list_shows_stage_proponent_and_the_deadline_in_words(people, every_bucket):
    text = signed_in(people.officer).get(LIST_URL).content.decode()
    assert "Stage" in text and "Next statutory deadline" in text and "Assigned officer" in text
    assert "Independent evaluation (s32(1)): overdue by 3 days" in text
    assert every_bucket["overdue"].organisation.name in text


def test_the_list_filters_by_stage_state_source_category_and_officer(people, make_application):
    vic = make_application(State.LODGED, title="Victorian kiln", source_categories=["2.A"])
    nsw = make_application(State.DRAFT, title="NSW mine", location_state="NSW", source_categories=["1.A.1"])
    assign_officer(application=vic, officer=people.director, actor=people.officer)
    client = signed_in(people.officer)

    def shown(**query):
        text = client.get(LIST_URL, query).content.decode()
        return {
            a.title
            for a in (vic, nsw)
            if reverse("admin:assessments_application_change", args=[a.pk]) in text
        }

    assert shown(state__exact="lodged") == {"Victorian kiln"}
    assert shown(location_state__exact="NSW") == {"NSW mine"}
    assert shown(source_category="2.A") == {"Victorian kiln"}
    assert shown(source_category="1.A.1") == {"NSW mine"}
    assert shown(officer=str(people.director.pk)) == {"Victorian kiln"}
    assert shown(officer="none") == {"NSW mine"}
    assert shown(officer="me") == set()
    assert (
        signed_in(people.director).get(LIST_URL, {"officer": "me"}).content.decode().count("Victorian kiln")
        >= 1
    )
    assert shown(q="NSW mine") == {"NSW mine"}
    assert shown(q=vic.reference) == {"Victorian kiln"}


def test_the_proponent_filter_offers_each_organisation_with_an_application_by_name_and_no_other(
    people, make_application
):
    from assessments.admin.filters import ProponentFilter

    kiln, mine = make_application(State.LODGED), make_application(State.DRAFT)
    miner = OrganisationFactory(name="Zzz Mining Pty Ltd")
    Application.objects.filter(pk=mine.pk).update(organisation=miner)
    idle = OrganisationFactory(name="Aaa Idle Pty Ltd")  # first by name, but no application
    client = signed_in(people.officer)
    response = client.get(LIST_URL)
    spec = next(f for f in response.context["cl"].filter_specs if isinstance(f, ProponentFilter))
    assert spec.lookup_choices == [(kiln.organisation_id, kiln.organisation.name), (miner.pk, miner.name)]
    assert idle.name not in response.content.decode()
    only = client.get(LIST_URL, {"organisation__id__exact": miner.pk}).content.decode()
    assert mine.reference in only and kiln.reference not in only


def test_the_list_is_paginated(people, make_application):
    from assessments.admin.applications import ApplicationAdmin

    assert ApplicationAdmin.list_per_page == 25
    assert {"organisation", "assigned_officer"} <= set(ApplicationAdmin.list_select_related)


# --- Assigning an officer -------------------------------------------------------------------------


def test_assign_to_me_and_to_a_colleague_log_a_change_and_leave_the_state(people, make_application):
    application = make_application(State.LODGED)
    events = application.log_length
    client = signed_in(people.officer)
    url = reverse("admin:assessments_application_assign", args=[application.pk])
    page = client.get(reverse("admin:assessments_application_change", args=[application.pk])).content.decode()
    assert "Assign to me" in page and "Assign to a colleague" in page
    assert f'name="officer" value="{people.director.pk}"' in page  # a button per colleague, no dropdown

    response = client.post(url, {"officer": "me"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.assigned_officer == people.officer and application.state == State.LODGED

    client.post(url, {"officer": str(people.director.pk)})
    application.refresh_from_db()
    assert application.assigned_officer == people.director and application.state == State.LODGED
    logged = ApplicationEvent.objects.filter(application=application, transition="assign_officer").order_by(
        "sequence"
    )
    assert [e.payload["after"]["assigned_officer"] for e in logged] == [people.officer.pk, people.director.pk]
    assert all(e.from_state == e.to_state == State.LODGED for e in logged)
    assert application.log_length == events + 2
    assert all(e.hash_matches() for e in logged)


def test_only_office_people_may_be_assigned_or_assign(people, make_application):
    application = make_application(State.LODGED)
    with pytest.raises(AssessmentError) as refused:
        assign_officer(application=application, officer=people.proponent, actor=people.officer)
    assert refused.value.code == "not_an_officer"
    with pytest.raises(AssessmentError) as refused:
        assign_officer(application=application, officer=people.officer, actor=people.proponent)
    assert refused.value.code == "not_office"
    application.refresh_from_db()
    assert application.assigned_officer is None
    assert not ApplicationEvent.objects.filter(application=application, transition="assign_officer").exists()


def test_the_model_refuses_an_assigned_officer_outside_the_office(people, make_application):
    application = make_application(State.LODGED)
    application.assigned_officer = people.proponent
    with pytest.raises(ValidationError) as refused:
        application.full_clean(exclude=["state"])
    assert "assigned_officer" in refused.value.message_dict
    application.assigned_officer = people.director
    application.full_clean(exclude=["state"])


def test_assigning_a_non_staff_person_in_admin_is_a_message(people, make_application):
    application = make_application(State.LODGED)
    outsider = UserFactory(roles=[Role.PROPONENT])
    client = signed_in(people.officer)
    url = reverse("admin:assessments_application_assign", args=[application.pk])
    response = client.post(url, {"officer": str(outsider.pk)}, follow=True)
    assert "is not Office staff or the Director" in response.content.decode()
    application.refresh_from_db()
    assert application.assigned_officer is None
    assert client.get(url).status_code == 405
