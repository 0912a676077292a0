"""Scheduled jobs: comments close once the (AIA s36(2)-extended) closing day has passed, and the s32(1)
evaluation deadline warnings go to Office staff once each; both are idempotent and catch up."""

import io
import logging
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, State
from assessments.tasks import close_comment_periods, warn_evaluation_deadlines
from greenhouse_office import statute
from greenhouse_office.models import Email
from greenhouse_office.statute.config import LEGAL_TIME_ZONE

STAFF = ["director@example.com", "officer@example.com"]  # the demo's Office staff and Director
WARNINGS = ("evaluation_deadline_approaching", "evaluation_overdue")

# A week in August 2027 without ACT public holidays.
TUESDAY = date(2027, 8, 10)
WEDNESDAY = date(2027, 8, 11)
SATURDAY, SUNDAY, MONDAY = date(2027, 8, 14), date(2027, 8, 15), date(2027, 8, 16)
NEXT_TUESDAY = date(2027, 8, 17)


def on(day: date):
    """Make ``day`` today in Canberra (noon) for the job and everything it calls: the one clock moves."""
    return time_machine.travel(datetime.combine(day, time(12), LEGAL_TIME_ZONE), tick=False)


def closing_on(application: Application, day: date) -> None:
    Application.objects.filter(pk=application.pk).update(closing_day=day)


def state_of(application: Application) -> str:
    return Application.objects.values_list("state", flat=True).get(pk=application.pk)


# --- close_comment_periods ----------------------------------------------------------------------


@pytest.mark.django_db
def test_s33_3_comments_close_after_the_closing_day_not_on_it(make_application):
    last_week, yesterday, today = (make_application(State.OPEN_FOR_COMMENT) for _ in range(3))
    closing_on(last_week, WEDNESDAY - timedelta(days=7))  # missed while the job was down: catches up
    closing_on(yesterday, TUESDAY)
    closing_on(today, WEDNESDAY)
    with on(WEDNESDAY):
        assert close_comment_periods() == 2
    assert state_of(last_week) == state_of(yesterday) == State.COMMENTS_CLOSED
    assert state_of(today) == State.OPEN_FOR_COMMENT


@pytest.mark.django_db
def test_aia_s36_2_a_saturday_closing_day_runs_to_monday_so_comments_close_on_tuesday(make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    closing_on(application, SATURDAY)
    for day in (SUNDAY, MONDAY):
        with on(day):
            assert close_comment_periods() == 0, day
        assert state_of(application) == State.OPEN_FOR_COMMENT
    with on(NEXT_TUESDAY):
        assert close_comment_periods() == 1
    assert state_of(application) == State.COMMENTS_CLOSED


@pytest.mark.django_db
def test_closing_twice_changes_nothing_and_the_system_is_logged_as_the_actor(make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    closing_on(application, TUESDAY)
    with on(WEDNESDAY):
        assert close_comment_periods() == 1
        assert close_comment_periods() == 0
    events = list(application.events.filter(transition="close_comments"))
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.actor_name, event.role) == (None, "system", "system")
    assert (event.from_state, event.to_state, event.section) == (
        State.OPEN_FOR_COMMENT,
        State.COMMENTS_CLOSED,
        "s33(3)",
    )
    call_command("verify_log", stdout=io.StringIO())  # the chain is intact


@pytest.mark.django_db
def test_one_application_that_cannot_be_closed_does_not_stop_the_others(make_application, caplog):
    broken, fine = make_application(State.OPEN_FOR_COMMENT), make_application(State.OPEN_FOR_COMMENT)
    closing_on(broken, TUESDAY)
    closing_on(fine, TUESDAY)
    real_close = services.close_comments

    def close(*, application, actor, at):
        if application.pk == broken.pk:
            raise AssessmentError(Refusal.CONFLICT, "Someone else changed this application.")
        return real_close(application=application, actor=actor, at=at)

    with on(WEDNESDAY), mock.patch("assessments.services.close_comments", side_effect=close):
        with caplog.at_level(logging.WARNING, logger="assessments.tasks"):
            assert close_comment_periods() == 1
    assert state_of(fine) == State.COMMENTS_CLOSED
    assert state_of(broken) == State.OPEN_FOR_COMMENT
    assert broken.reference in caplog.text and "Someone else changed" in caplog.text
    with on(WEDNESDAY):
        assert close_comment_periods() == 1  # the next run catches up
    assert state_of(broken) == State.COMMENTS_CLOSED


# --- warn_evaluation_deadlines ------------------------------------------------------------------


def warnings_sent() -> list[tuple[str, str]]:
    return sorted(Email.objects.filter(template__in=WARNINGS).values_list("template", "to"))


def run_on(day: date) -> int:
    with on(day):
        return warn_evaluation_deadlines()


@pytest.mark.django_db
def test_s32_1_each_evaluation_warning_goes_once_to_office_staff_only(make_application):
    staff = Group.objects.get(name="Office staff")
    no_email = get_user_model().objects.create(username="no-email", email="")
    gone = get_user_model().objects.create(username="gone", email="gone@example.com", is_active=False)
    staff.user_set.add(no_email, gone)
    application = make_application(State.EVALUATION_COMMISSIONED)
    due = application.evaluation_due_on

    assert run_on(due - timedelta(days=8)) == 0
    assert run_on(due - timedelta(days=7)) == 1
    assert run_on(due - timedelta(days=7)) == 0  # a second run sends nothing
    assert warnings_sent() == [("evaluation_deadline_approaching", to) for to in STAFF]
    assert run_on(due - timedelta(days=3)) == 0

    assert run_on(due - timedelta(days=1)) == 1
    assert run_on(due - timedelta(days=1)) == 0
    assert run_on(due) == 0  # the 1-day warning covers the last day too
    assert run_on(due + timedelta(days=1)) == 1
    assert run_on(due + timedelta(days=2)) == 0
    assert warnings_sent() == sorted(
        [("evaluation_deadline_approaching", to) for to in STAFF] * 2
        + [("evaluation_overdue", to) for to in STAFF]
    )
    application.refresh_from_db()
    assert application.evaluation_warned_7_days_at and application.evaluation_warned_1_day_at
    assert application.evaluation_overdue_at

    overdue = Email.objects.filter(template="evaluation_overdue").first()
    assert application.reference in overdue.subject and "s32(1)" in overdue.subject
    assert "1 day overdue" in overdue.body and "Section 32(1)" in overdue.body and "30 days" in overdue.body


@pytest.mark.django_db
def test_s32_1_a_lodged_application_counts_and_catching_up_sends_only_the_most_urgent_warning(
    make_application,
):
    application = make_application(State.LODGED)  # no auditor yet: the 30 days still run from receipt
    due = application.evaluation_due_on
    assert run_on(due - timedelta(days=1)) == 1  # the job was down during the 7-day window
    assert warnings_sent() == [("evaluation_deadline_approaching", to) for to in STAFF]
    email = Email.objects.filter(template="evaluation_deadline_approaching").first()
    assert "due tomorrow" in email.subject and "section 32(2)" in email.body
    application.refresh_from_db()
    assert application.evaluation_warned_7_days_at is None  # the stamps record what was sent
    assert application.evaluation_warned_1_day_at is not None
    assert run_on(due + timedelta(days=5)) == 1
    assert [e for e, _ in warnings_sent()].count("evaluation_overdue") == len(STAFF)


@pytest.mark.django_db
def test_an_evaluated_application_is_never_warned(make_application):
    application = make_application(State.EVALUATED)
    assert run_on(application.evaluation_due_on + timedelta(days=3)) == 0
    assert warnings_sent() == []


@pytest.mark.django_db
def test_a_relodged_application_is_warned_again_for_its_new_deadline(make_application, people):
    application = make_application(State.LODGED)
    first_due = application.evaluation_due_on
    assert run_on(first_due - timedelta(days=1)) == 1
    relodged_on = first_due - timedelta(days=1)
    with on(relodged_on):
        services.return_for_amendment(
            application=application,
            actor=people.officer,
            requests=[{"kind": "description", "detail": "Describe the kiln."}],
        )
        services.answer_amendment_request(
            request=application.amendment_requests.get(), actor=people.proponent, response="Described."
        )
        services.lodge(application=application, actor=people.proponent)
    application.refresh_from_db()
    assert application.received_on == relodged_on and application.evaluation_due_on > first_due
    assert run_on(application.evaluation_due_on - timedelta(days=1)) == 1
    assert len(warnings_sent()) == 2 * len(STAFF)


@pytest.mark.django_db
def test_warnings_are_emailed_only_after_commit(make_application, django_capture_on_commit_callbacks):
    application = make_application(State.EVALUATION_COMMISSIONED)
    due = application.evaluation_due_on
    with on(due - timedelta(days=7)), django_capture_on_commit_callbacks() as callbacks:
        warn_evaluation_deadlines()
    assert len(callbacks) == len(STAFF) and not mail.outbox  # queued in the outbox only
    with on(due + timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        warn_evaluation_deadlines()
    overdue = [m.to[0] for m in mail.outbox if "overdue" in m.subject]
    assert sorted(overdue) == STAFF
    assert set(Email.objects.filter(template="evaluation_overdue").values_list("status", flat=True)) == {
        Email.Status.SENT
    }
    # The drain after this commit sends every email still queued, the earlier warnings (whose
    # commit callbacks were dropped above) too: each once.
    assert len(mail.outbox) == Email.objects.count()
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}


def test_beat_runs_the_assessment_jobs_hourly_and_comments_close_just_after_midnight():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["close-comment-periods"]["task"] == close_comment_periods.name
    assert schedule["warn-evaluation-deadlines"]["task"] == warn_evaluation_deadlines.name
    closing = schedule["close-comment-periods"]["schedule"]
    assert isinstance(closing, crontab) and 0 in closing.hour and 5 in closing.minute
    assert len(closing.hour) == 24 and len(schedule["warn-evaluation-deadlines"]["schedule"].hour) == 24
    assert settings.CELERY_TIMEZONE == "Australia/Sydney"


# --- A real worker over Redis, writing to PostgreSQL ---------------------------------------------


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_closes_comments_in_postgresql(make_application, real_worker):
    application = make_application(State.OPEN_FOR_COMMENT)
    # The worker's clock is the real one: move the closing day into the past, as time would.
    closing_on(application, statute.legal_today() - timedelta(days=10))
    assert close_comment_periods.apply_async(queue=real_worker.queue).get(timeout=90) == 1
    assert state_of(application) == State.COMMENTS_CLOSED
    event = application.events.get(transition="close_comments")
    assert event.actor_name == "system"
    assert close_comment_periods.apply_async(queue=real_worker.queue).get(timeout=90) == 0
    assert connection.vendor == "postgresql"
    assert "succeeded" in real_worker.stop()
