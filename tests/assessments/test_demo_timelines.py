"""seed_demo's applications could have happened: every timeline in order, in the past, with the
comment period the Act requires (ss32-34) before any advice or decision."""

from datetime import timedelta

import pytest

from assessments.demo import APPLICATIONS, seed_demo_applications
from assessments.models import Application, State
from greenhouse_office import clock, statute

pytestmark = pytest.mark.django_db


def in_order(*moments) -> bool:
    present = [m for m in moments if m is not None]
    return present == sorted(present)


def test_every_demo_application_has_an_ordered_past_timeline(demo_data):
    now = clock.legal_now()
    assert seed_demo_applications(now) == (len(APPLICATIONS), 0)
    applications = list(Application.objects.prefetch_related("events", "comments", "documents"))
    assert {a.state for a in applications} == {spec.target for spec in APPLICATIONS}
    for application in applications:
        day = clock.legal_day
        timeline = [
            day(application.created_at),
            application.received_on,
            application.evaluation_commissioned_on,
            application.evaluation_received_on,
            application.gazette_date,
            application.comments_closed_at and day(application.comments_closed_at),
            application.advice_given_at and day(application.advice_given_at),
            application.decided_at and day(application.decided_at),
        ]
        assert in_order(*timeline, now.date()), (application.reference, timeline)
        events = list(application.events.all())
        assert [e.at for e in events] == sorted(e.at for e in events), application.reference
        assert all(e.at < now for e in events), application.reference
        if application.evaluation_received_on:  # s32(1): within 30 days of receipt
            assert application.evaluation_received_on <= application.evaluation_due_on
        if application.gazette_date:
            assert application.gazette_date < application.closing_day
            assert statute.closing_day_is_lawful(application.gazette_date, application.closing_day)
            last_day = statute.effective_closing_day(application.closing_day)
            for comment in application.comments.all():
                assert application.gazette_date <= day(comment.received_at) <= last_day
                assert comment.on_time, comment.reference
        if application.comments_closed_at:  # closed only after the (extended) closing day
            assert day(application.comments_closed_at) > statute.effective_closing_day(
                application.closing_day
            )
        if application.state in (State.ADVICE_GIVEN, State.APPROVED):
            assert application.comments_closed_at < application.advice_given_at
            assert application.comments.filter(considered=False).count() == 0
        if application.state == State.OPEN_FOR_COMMENT:
            assert now.date() <= statute.effective_closing_day(application.closing_day)
        if application.state in (State.RETURNED, State.WITHDRAWN, State.DRAFT):
            assert application.evaluation_received_on is None


def test_no_evaluation_due_is_shown_once_the_evaluation_is_in(demo_data, admin_client_for_officer):
    seed_demo_applications()
    listing = admin_client_for_officer.get("/admin/assessments/application/?state__exact=approved").text
    approved = Application.objects.get(state=State.APPROVED)
    assert approved.title in listing
    assert approved.evaluation_due_on.strftime("%-d %b %Y") not in listing
    assert (approved.evaluation_due_on + timedelta(days=0)).isoformat() not in listing


@pytest.fixture
def admin_client_for_officer(client, demo_data):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="officer"))
    return client
