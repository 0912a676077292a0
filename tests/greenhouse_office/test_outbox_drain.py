"""The outbox drain: after commit an email sets a "drain pending" flag and only the first of a burst
publishes a task (emails.request_drain); that one drain sends each queued email once (tasks.drain_outbox).
"""

import logging
import smtplib
import time
import uuid
from datetime import date
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from greenhouse_office import tasks
from greenhouse_office.celery import app as celery_app
from greenhouse_office.emails import DRAIN_COUNTDOWN, DRAIN_PENDING, queue_email
from greenhouse_office.models import Email, User
from greenhouse_office.tasks import FIRST_RETRY_COUNTDOWN, drain_outbox, send_email
from tests.greenhouse_office.fault_mail import deliveries, fault_mail_worker

DIRECTION = SimpleNamespace(organisation="Acme", action="A kiln", due_on=date(2027, 5, 4))
WAIT = 90  # seconds: the longest the real worker may take before the test fails


def queue(to: str) -> Email:
    return queue_email("direction_given", to, {"direction": DIRECTION, "person": User(username="pat")})


def addresses(count: int, name: str = "person") -> list[str]:
    return [f"{name}{number:03d}@example.org" for number in range(count)]


def statuses(recipients) -> set[tuple[str, int]]:
    return set(Email.objects.filter(to__in=recipients).values_list("status", "attempts"))


@pytest.fixture
def publishes(monkeypatch):
    """Each publish of a drain or a send task, recorded (task name, args, options) and not sent."""
    published = []

    def recording(task):
        def apply_async(args=None, kwargs=None, **options):
            published.append((task.name, tuple(args or ()), options))

        return apply_async

    monkeypatch.setattr(drain_outbox, "apply_async", recording(drain_outbox))
    monkeypatch.setattr(send_email, "apply_async", recording(send_email))
    return published


ONE_DRAIN = (drain_outbox.name, (), {"countdown": DRAIN_COUNTDOWN})


@pytest.mark.django_db
def test_a_burst_of_50_emails_is_one_publish_and_its_drain_sends_each_once(
    publishes, django_capture_on_commit_callbacks
):
    recipients = addresses(50)
    for to in recipients:  # fifty acts (public comments), each its own commit
        with django_capture_on_commit_callbacks(execute=True):
            queue(to)
    assert publishes == [ONE_DRAIN]  # no send task per email
    assert cache.get(DRAIN_PENDING) == 1 and not mail.outbox

    assert drain_outbox.apply().get() == 50  # what the worker runs, a second later
    assert sorted(m.to[0] for m in mail.outbox) == recipients
    assert statuses(recipients) == {(Email.Status.SENT, 1)}
    assert drain_outbox.apply().get() == 0  # the same drain again (a redelivery) sends nothing
    assert len(mail.outbox) == 50

    # The drain cleared the flag: the next email publishes a drain of its own.
    assert cache.get(DRAIN_PENDING) is None
    with django_capture_on_commit_callbacks(execute=True):
        queue("later@example.org")
    assert publishes == [ONE_DRAIN, ONE_DRAIN]


@pytest.mark.django_db
def test_with_tasks_run_in_process_each_email_is_sent_at_once_after_its_commit(
    django_capture_on_commit_callbacks,
):
    """CELERY_TASK_ALWAYS_EAGER (tests, `make run` without Redis): the drain runs in the commit."""
    for number, to in enumerate(addresses(3), start=1):
        with django_capture_on_commit_callbacks(execute=True):
            queue(to)
        assert len(mail.outbox) == number
    assert cache.get(DRAIN_PENDING) is None


@pytest.mark.django_db
def test_the_drain_reads_the_outbox_in_bounded_batches_with_two_queries_an_email(monkeypatch):
    monkeypatch.setattr(tasks, "DRAIN_BATCH_SIZE", 20)
    recipients = addresses(50)
    Email.objects.bulk_create(Email(template="x", to=to, subject="S", body="B") for to in recipients)
    with CaptureQueriesContext(connection) as queries:
        assert drain_outbox.apply().get() == 50
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert len(reads) == 3 and all("LIMIT 20" in sql for sql in reads)  # 20, 20 and the last 10
    assert len(queries) == len(reads) + 2 * 50  # each email: its claim and its "sent"
    assert sorted(m.to[0] for m in mail.outbox) == recipients


@pytest.mark.django_db
def test_a_drain_past_its_time_budget_sends_one_more_and_hands_the_rest_to_a_new_drain(
    publishes, monkeypatch
):
    monkeypatch.setattr(tasks, "DRAIN_TIME_BUDGET", -1.0)
    recipients = addresses(3)
    Email.objects.bulk_create(Email(template="x", to=to, subject="S", body="B") for to in recipients)
    assert drain_outbox.apply().get() == 1
    assert publishes == [ONE_DRAIN]
    assert [m.to[0] for m in mail.outbox] == recipients[:1]
    assert Email.objects.filter(status=Email.Status.QUEUED).count() == 2


class ActWhileSending(LocmemBackend):
    """A mail server during whose next send another act commits an email (``act``, run once)."""

    act = None

    def send_messages(self, messages):
        act, ActWhileSending.act = ActWhileSending.act, None
        if act is not None:
            act()
        return super().send_messages(messages)


@pytest.mark.django_db
def test_an_email_committed_while_a_drain_runs_publishes_a_drain_of_its_own_and_is_sent(
    settings, publishes, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.ActWhileSending"
    with django_capture_on_commit_callbacks(execute=True):
        queue("first@example.org")
    assert publishes == [ONE_DRAIN]

    def comment_meanwhile():
        with django_capture_on_commit_callbacks(execute=True):
            queue("meanwhile@example.org")

    ActWhileSending.act = comment_meanwhile
    # It read the outbox before the second email was committed, and had cleared the flag first...
    assert drain_outbox.apply().get() == 1
    assert publishes == [ONE_DRAIN, ONE_DRAIN]  # ...so the second email published a drain
    assert statuses(["meanwhile@example.org"]) == {(Email.Status.QUEUED, 0)}
    assert drain_outbox.apply().get() == 1  # that drain
    assert [m.to[0] for m in mail.outbox] == ["first@example.org", "meanwhile@example.org"]


@pytest.mark.django_db
def test_with_the_broker_down_the_flag_is_cleared_and_the_email_waits_in_the_outbox(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    tried = []
    publish = drain_outbox.apply_async

    def unreachable(*args, **options):
        tried.append(options)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(drain_outbox, "apply_async", unreachable)
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.emails"):
        with django_capture_on_commit_callbacks(execute=True):
            waiting = queue("waiting@example.org")
    assert len(tried) == 1
    assert cache.get(DRAIN_PENDING) is None  # so the next email tries the publish again
    assert statuses([waiting.to]) == {(Email.Status.QUEUED, 0)}
    assert f"Email {waiting.pk} stays queued" in caplog.text
    with django_capture_on_commit_callbacks(execute=True):
        queue("next@example.org")
    assert len(tried) == 2 and not mail.outbox

    # The broker is back (tasks run in-process here): the next email's drain takes the waiting ones too.
    monkeypatch.setattr(drain_outbox, "apply_async", publish)
    with django_capture_on_commit_callbacks(execute=True):
        queue("back@example.org")
    assert sorted(m.to[0] for m in mail.outbox) == ["back@example.org", "next@example.org", waiting.to]


class RefusesOne(LocmemBackend):
    """A mail server that refuses one address (smtplib's errors are OSErrors)."""

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] == "refused@example.org":
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"5.1.1 No such user")})
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_send_that_fails_in_a_drain_goes_to_a_retrying_send_task_and_the_drain_carries_on(
    settings, publishes
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesOne"
    recipients = ["a@example.org", "refused@example.org", "c@example.org"]
    Email.objects.bulk_create(Email(template="x", to=to, subject="S", body="B") for to in recipients)
    refused = Email.objects.get(to="refused@example.org")

    assert drain_outbox.apply().get() == 2
    assert [m.to[0] for m in mail.outbox] == ["a@example.org", "c@example.org"]
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (Email.Status.QUEUED, 1)
    assert "No such user" in refused.last_error
    assert publishes == [(send_email.name, (refused.pk,), {"countdown": FIRST_RETRY_COUNTDOWN})]
    # Its retries are its send task's (with backoff): a later drain does not ask again at once.
    assert drain_outbox.apply().get() == 0 and len(publishes) == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_email.apply((refused.pk,)).get() == "sent"  # the handed-on task
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.last_error) == (Email.Status.SENT, 2, "")
    assert [m.to[0] for m in mail.outbox] == ["a@example.org", "c@example.org", "refused@example.org"]


@pytest.mark.django_db
def test_a_drain_leaves_an_email_tried_since_it_read_it_to_the_task_that_tried_it():
    email = Email.objects.create(template="x", to="raced@example.org", subject="S", body="B")
    read = Email.objects.only(*tasks.DELIVERED_FIELDS).get(pk=email.pk)  # as a drain's batch holds it
    # Meanwhile a send task claimed it, the mail server failed, and it gave the claim back.
    Email.objects.filter(pk=email.pk).update(attempts=1)
    assert tasks.deliver(read) == "already handled"
    assert not mail.outbox and statuses([email.to]) == {(Email.Status.QUEUED, 1)}


# --- A real worker over Redis -----------------------------------------------------------------------


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_burst_of_40_emails_with_one_drain(tmp_path, monkeypatch):
    queue_name = f"test-drain-{uuid.uuid4().hex}"
    published = []
    publish = drain_outbox.apply_async
    monkeypatch.setattr(drain_outbox, "apply_async", lambda *a, **o: published.append(publish(*a, **o)))
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager, conf.task_default_queue = False, queue_name
    recipients = addresses(40)
    try:
        for to in recipients:  # forty commits (autocommit: each email's on-commit runs at once)
            queue(to)
    finally:
        conf.task_always_eager, conf.task_default_queue = saved
    assert len(published) == 1  # the worker starts after the burst: its drain is still pending

    worker = fault_mail_worker(queue_name, tmp_path)
    try:
        deadline = time.monotonic() + WAIT
        while statuses(recipients) != {(Email.Status.SENT, 1)} and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        output = worker.stop()
    assert statuses(recipients) == {(Email.Status.SENT, 1)}, output[-3000:]
    assert deliveries(tmp_path) == {to: 1 for to in recipients}
    succeeded = f"drain_outbox[{published[0].id}] succeeded"
    assert succeeded in output, output[-3000:]
    assert output.split(succeeded, 1)[1].splitlines()[0].endswith(": 40")  # one drain sent all forty
    assert "send_email[" not in output
