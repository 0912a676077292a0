"""Faults: a worker killed with SIGKILL, a worker down for days, a crash mid-transition, two beats.

Tasks are delivered at least once (acks late: a task lost with its worker is given to the next one
after the visibility timeout); scheduled jobs are idempotent, and emails go exactly once because the
outbox row is claimed before the send (docs/adr/0007-email-outbox.md), also when one drain of the
outbox sends many. The workers here are real
`celery worker` subprocesses over Redis on one private queue, with a visibility timeout of a few
seconds (settings: CELERY_VISIBILITY_TIMEOUT), so a redelivery takes seconds, not half an hour.
"""

import time
import uuid
from datetime import date, timedelta
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection
from django.db.models import F

from assessments.models import Application, ApplicationEvent, State
from assessments.tasks import close_comment_periods
from greenhouse_office import statute
from greenhouse_office.celery import BeatLock, SingleBeatScheduler
from greenhouse_office.celery import app as celery_app
from greenhouse_office.emails import queue_email
from greenhouse_office.models import Email, User
from greenhouse_office.tasks import SEND_LEASE, drain_outbox, resend_queued_emails
from tests.assessments.conftest import make_application, people  # noqa: F401 (fixtures)
from tests.greenhouse_office.fault_mail import PAUSED, deliveries, fault_mail_worker

VISIBILITY_TIMEOUT = 3  # seconds before an unacknowledged task goes to another worker
FAST_REDELIVERY = {
    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
}
WAIT = 45  # seconds: the longest any step below may take before the test fails
DIRECTION = SimpleNamespace(organisation="Acme", action="A kiln", due_on=date(2027, 5, 4))
DIRECTED = {"direction": DIRECTION, "person": User(username="pat")}  # an email's context


def wait_for(condition, what: str, *, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"Gave up after {timeout} s waiting for {what}")


@pytest.fixture
def workers(tmp_path):
    """start(**env) starts a worker on this test's queue; a new one takes over a killed one's tasks."""
    queue = f"test-faults-{uuid.uuid4().hex}"
    started = []

    def start(**env):
        worker = fault_mail_worker(queue, tmp_path, **{**FAST_REDELIVERY, **env})
        started.append(worker)
        return worker

    start.queue = queue
    start.mail = tmp_path
    celery_app.conf.task_always_eager = False
    yield start
    for worker in started:
        worker.stop()
    celery_app.conf.task_always_eager = True


@pytest.fixture
def open_for_comment(make_application):  # noqa: F811
    """open_for_comment(closed_days_ago=n): an application open for comment whose closing day passed."""

    def make(*, closed_days_ago: int) -> Application:
        application = make_application(State.OPEN_FOR_COMMENT)
        # The workers' clock is the real one: the closing day passed as time would have it.
        Application.objects.filter(pk=application.pk).update(
            closing_day=statute.legal_today() - timedelta(days=closed_days_ago)
        )
        return application

    return make


def state_of(application: Application) -> str:
    return Application.objects.values_list("state", flat=True).get(pk=application.pk)


def closings(application: Application):
    return ApplicationEvent.objects.filter(application=application, transition="close_comments")


def another_connection(*, autocommit: bool = False) -> psycopg.Connection:
    """A connection of the test's own, beside Django's (the test database)."""
    settings_dict = connection.settings_dict
    return psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or None,
        autocommit=autocommit,
    )


# --- (1) a worker killed in the middle of a scheduled job -----------------------------------------


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_s33_3_a_worker_killed_mid_close_leaves_the_redelivered_job_one_close_and_one_event(
    open_for_comment, workers
):
    application = open_for_comment(closed_days_ago=10)
    events_table = ApplicationEvent._meta.db_table
    blocker, watcher = another_connection(), another_connection(autocommit=True)
    # Inserts into the event log wait behind this lock (reads do not): the worker's transition gets
    # as far as its state change and stops at the event's INSERT, the transition in flight.
    blocker.execute(f'LOCK TABLE "{events_table}" IN EXCLUSIVE MODE')
    result = close_comment_periods.apply_async(queue=workers.queue)
    first = workers()
    try:
        wait_for(
            lambda: watcher.execute(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE %s",
                [f'INSERT INTO "{events_table}"%'],
            ).fetchone(),
            "the worker's close to wait at the event's INSERT",
        )
        output = first.kill()  # SIGKILL: its transaction never commits, its task is never acknowledged
    finally:
        blocker.rollback()
        blocker.close()
        watcher.close()
    assert "succeeded" not in output, output[-3000:]
    assert state_of(application) == State.OPEN_FOR_COMMENT  # nothing half-written
    assert not closings(application).exists()

    second = workers()  # gets the same task again once the visibility timeout has passed
    assert result.get(timeout=WAIT) == 1
    assert state_of(application) == State.COMMENTS_CLOSED
    event = closings(application).get()  # exactly one state change, one log row
    assert event.to_state == State.COMMENTS_CLOSED
    recipients = list(Email.objects.filter(event_hash=event.hash).values_list("to", flat=True))
    assert recipients and len(recipients) == len(set(recipients))  # the proponent told once each
    # Beat's next run changes nothing (the state machine refuses a second close).
    assert close_comment_periods.apply_async(queue=workers.queue).get(timeout=WAIT) == 0
    assert closings(application).count() == 1
    assert f"close_comment_periods[{result.id}] succeeded" in second.stop()


# --- (2) 150 emails, the worker killed with SIGKILL half-way -----------------------------------------


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_150_emails_with_the_worker_killed_half_way_each_arrive_exactly_once(workers, monkeypatch):
    recipients = [f"person{number:03d}@example.org" for number in range(150)]
    drains = []
    publish = drain_outbox.apply_async
    monkeypatch.setattr(drain_outbox, "apply_async", lambda *a, **o: drains.append(publish(*a, **o)))
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = workers.queue
    try:  # 150 acts, each its own commit, while no worker is up: their emails share one drain
        emails = [queue_email("direction_given", to, DIRECTED) for to in recipients]
    finally:
        celery_app.conf.task_default_queue = default_queue
    assert len(drains) == 1
    halfway = emails[75]
    first = workers(FAULT_PAUSE_BEFORE=halfway.to)  # stops after claiming #75, before sending it
    wait_for(lambda: (workers.mail / PAUSED).exists(), "the worker to reach email 75")
    first.kill()
    assert deliveries(workers.mail) == {to: 1 for to in recipients[:75]}
    claimed = Email.objects.get(pk=halfway.pk)
    assert (claimed.status, claimed.attempts) == (Email.Status.SENDING, 1)

    second = workers()
    wait_for(
        lambda: Email.objects.filter(status=Email.Status.SENT).count() == 149, "the other 149 to be sent"
    )
    # The drain, given to the new worker after the visibility timeout, sends the 74 still queued;
    # #75 is claimed, so it sends nothing of it.
    redelivered = f"drain_outbox[{drains[0].id}] succeeded"
    wait_for(lambda: redelivered in second.log(), "the drain to be redelivered")
    assert second.log().split(redelivered, 1)[1].splitlines()[0].endswith(": 74")
    assert halfway.to not in deliveries(workers.mail)

    # The dead worker's claim outlives its lease (as time would have it): the resend job sends it.
    Email.objects.filter(pk=halfway.pk).update(
        created_at=F("created_at") - SEND_LEASE, claimed_at=F("claimed_at") - SEND_LEASE
    )
    assert resend_queued_emails.apply_async(queue=workers.queue).get(timeout=WAIT) == 1
    assert deliveries(workers.mail) == {to: 1 for to in recipients}  # each exactly once
    assert Email.objects.filter(status=Email.Status.SENT).count() == 150
    assert Email.objects.get(pk=halfway.pk).attempts == 2
    assert resend_queued_emails.apply_async(queue=workers.queue).get(timeout=WAIT) == 0
    second.stop()


# --- (3) the workers down across a closing day -------------------------------------------------------


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_s33_3_with_the_workers_down_across_the_closing_day_comments_close_when_they_return(
    open_for_comment, workers
):
    application = open_for_comment(closed_days_ago=3)
    # Beat sent its runs while no worker was up: they wait in Redis.
    missed = [close_comment_periods.apply_async(queue=workers.queue) for _ in range(2)]
    time.sleep(1)
    assert state_of(application) == State.OPEN_FOR_COMMENT
    workers()
    assert sorted(run.get(timeout=WAIT) for run in missed) == [0, 1]  # the first catches up
    assert state_of(application) == State.COMMENTS_CLOSED
    assert closings(application).count() == 1


# --- (4) a crash between the state change and the event -----------------------------------------------


@pytest.mark.services("postgres")
@pytest.mark.django_db
def test_a_crash_after_the_state_change_before_the_event_leaves_nothing_half_written(
    open_for_comment, monkeypatch, django_capture_on_commit_callbacks
):
    application = open_for_comment(closed_days_ago=10)
    before = Application.objects.values("state", "log_length", "log_head_hash").get(pk=application.pk)
    emails_before = Email.objects.count()
    saved = ApplicationEvent.save

    def crash(event, *args, **kwargs):
        raise RuntimeError("the worker fell over between the state change and the event")

    monkeypatch.setattr(ApplicationEvent, "save", crash)
    with django_capture_on_commit_callbacks() as callbacks:
        assert close_comment_periods() == 0  # logged, and the other applications still run
    assert Application.objects.values("state", "log_length", "log_head_hash").get(pk=application.pk) == before
    assert not closings(application).exists()
    assert Email.objects.count() == emails_before and callbacks == []

    monkeypatch.setattr(ApplicationEvent, "save", saved)
    assert close_comment_periods() == 1  # the next run does it, once
    assert closings(application).count() == 1


# --- Only one beat runs the schedule -----------------------------------------------------------------


@pytest.fixture
def redis_client():
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.REDIS_URL)


@pytest.mark.services("redis")
def test_a_second_beat_does_not_get_the_lock_while_the_first_holds_it_and_gets_it_after_release(redis_client):
    key = f"test:beat-lock:{uuid.uuid4().hex}"
    first, second = BeatLock(redis_client, ttl=30, key=key), BeatLock(redis_client, ttl=30, key=key)
    assert first.hold()
    assert not second.hold()
    assert first.hold()  # refreshed while beat runs
    assert 25 < redis_client.ttl(key) <= 30
    assert not second.hold()
    first.release()
    assert second.hold()
    assert not first.hold()
    second.release()


@pytest.mark.services("redis")
def test_a_beat_that_died_holding_the_lock_is_replaced_once_its_ttl_runs_out(redis_client):
    key = f"test:beat-lock:{uuid.uuid4().hex}"
    dead, spare = BeatLock(redis_client, ttl=1, key=key), BeatLock(redis_client, ttl=1, key=key)
    assert dead.hold()
    assert not spare.hold()
    time.sleep(1.2)  # the dead beat refreshes nothing
    assert spare.hold()
    assert not dead.hold()  # were it only frozen, it finds the lock gone and sends nothing
    spare.release()


@pytest.mark.services("redis")
def test_a_beat_without_the_lock_sends_nothing_and_one_with_it_runs_the_schedule(
    redis_client, tmp_path, monkeypatch
):
    from celery.beat import PersistentScheduler

    ran = []
    monkeypatch.setattr(PersistentScheduler, "tick", lambda self, *a, **k: ran.append(self) or 300)
    key = f"test:beat-lock:{uuid.uuid4().hex}"
    schedulers = [
        SingleBeatScheduler(app=celery_app, schedule_filename=str(tmp_path / name), lazy=True)
        for name in ("one", "two")
    ]
    for scheduler in schedulers:
        scheduler.beat_lock = BeatLock(redis_client, ttl=SingleBeatScheduler.lock_ttl, key=key)
    first, second = schedulers
    assert first.tick() == SingleBeatScheduler.lock_ttl / 3  # back in time to refresh the lock
    assert second.tick() == SingleBeatScheduler.lock_retry
    assert ran == [first]
    first.beat_lock.release()
    second.tick()
    assert ran == [first, second]
    second.beat_lock.release()
