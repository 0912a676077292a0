"""The outbox (STYLE 10): notices are written with the act, sent by a task only after commit, retried
when the mail server fails, marked failed in the end, and re-sent by a job when their task was lost."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from assessments import services
from greenhouse_office.celery import app as celery_app
from greenhouse_office.models import Notice
from greenhouse_office.tasks import resend_queued_notices, send_notice
from tests.assessments.conftest import PROFILE, People, pdf

ATTEMPTS_PER_TASK = send_notice.max_retries + 1


class BrokenBackend(BaseEmailBackend):
    """A mail server that never answers."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused by mail.example.gov.au")


class FlakyBackend(LocmemBackend):
    """A mail server that refuses the first ``failures`` connections, then delivers."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise TimeoutError("timed out")
        return super().send_messages(messages)


@pytest.fixture
def retries_run_in_process():
    """Run a failing task's retries at once, in-process, and keep its last error (as a worker does).

    The test settings propagate a task's first exception (Celery's Retry) instead of retrying.
    """
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


@pytest.fixture
def draft(demo_data):
    """A draft with its GIA, ready for the proponent to lodge."""
    people = People()
    application = services.create_application(
        actor=people.proponent,
        data={
            "title": "Geelong kiln 3 expansion",
            "description": "A third cement kiln.",
            "location_state": "VIC",
            "limb": "emissions",
            "emission_profile": PROFILE,
        },
    )
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    return application, people


def lodge(draft):
    application, people = draft
    services.lodge(application=application, actor=people.proponent)
    return Notice.objects.get(event="application_state_changed", to=people.proponent.email)


@pytest.mark.django_db
def test_a_transition_queues_a_notice_to_the_proponent_sent_after_commit(
    draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = lodge(draft)
    application, people = draft
    assert [m.to for m in mail.outbox] == [[people.proponent.email]]
    assert application.reference in mail.outbox[0].subject and "Lodged" in mail.outbox[0].subject
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (Notice.Status.SENT, 1, "")
    assert notice.sent_at is not None


@pytest.mark.django_db
def test_nothing_is_sent_until_the_transaction_commits(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = lodge(draft)
    assert callbacks and not mail.outbox
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.QUEUED, 0)


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_is_retried_then_the_notice_is_marked_failed(
    draft, settings, retries_run_in_process, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notice = lodge(draft)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED
    assert notice.attempts == ATTEMPTS_PER_TASK
    assert "Connection refused" in notice.last_error and notice.sent_at is None
    assert not mail.outbox


@pytest.mark.django_db
def test_a_mail_server_that_recovers_gets_the_notice_on_a_retry(
    draft, settings, retries_run_in_process, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        notice = lodge(draft)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (Notice.Status.SENT, 3, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_notice_already_sent_is_not_sent_again():
    notice = Notice.objects.create(event="x", to="a@example.com", subject="S", body="B")
    assert send_notice.delay(notice.pk).get() == "sent"
    assert send_notice.delay(notice.pk).get() == "already handled"
    assert len(mail.outbox) == 1


def _notice(to: str, *, age: timedelta, attempts: int = 0, status=Notice.Status.QUEUED) -> Notice:
    notice = Notice.objects.create(event="x", to=to, subject="S", body="B", attempts=attempts, status=status)
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - age)  # auto_now_add
    return notice


@pytest.mark.django_db
def test_notices_whose_send_task_was_lost_are_resent_and_hopeless_ones_marked_failed():
    lost = _notice("lost@example.com", age=timedelta(minutes=11), attempts=2)
    fresh = _notice("fresh@example.com", age=timedelta(minutes=2))
    hopeless = _notice("hopeless@example.com", age=timedelta(hours=3), attempts=ATTEMPTS_PER_TASK)
    sent = _notice("sent@example.com", age=timedelta(hours=1), attempts=1, status=Notice.Status.SENT)

    assert resend_queued_notices() == 1
    assert [m.to for m in mail.outbox] == [["lost@example.com"]]
    statuses = dict(Notice.objects.values_list("pk", "status"))
    assert statuses == {
        lost.pk: Notice.Status.SENT,
        fresh.pk: Notice.Status.QUEUED,  # its own send task may still be running
        hopeless.pk: Notice.Status.FAILED,
        sent.pk: Notice.Status.SENT,
    }
    assert resend_queued_notices() == 0
    assert len(mail.outbox) == 1


def test_beat_resends_queued_notices_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["resend-queued-notices"]
    assert entry["task"] == resend_queued_notices.name
    assert sorted(entry["schedule"].minute) == [0, 10, 20, 30, 40, 50]
