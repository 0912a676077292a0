"""The outbox (STYLE 10): emails are written with the act, sent by a task only after commit, retried
when the mail server fails, marked failed in the end, and re-sent by a job when their task was lost."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from assessments import services
from greenhouse_office.celery import app as celery_app
from greenhouse_office.emails import queue_email
from greenhouse_office.models import Email, Organisation, User
from greenhouse_office.tasks import resend_queued_emails, send_email
from tests.assessments.conftest import PROFILE, People, pdf

ATTEMPTS_PER_TASK = send_email.max_retries + 1
DIRECTION = SimpleNamespace(organisation="Acme", action="A kiln", due_on=date(2027, 5, 4))


class BrokenBackend(BaseEmailBackend):
    """A mail server that never answers."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused by mail.example.gov.au")


class WatchingBackend(LocmemBackend):
    """A mail server that notes the outbox row's status and attempts as each email reaches it."""

    seen: list = []

    def send_messages(self, messages):
        for message in messages:
            WatchingBackend.seen.append(Email.objects.values_list("status", "attempts").get(to=message.to[0]))
        return super().send_messages(messages)


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
    return Email.objects.get(template="application_state_changed", to=people.proponent.email)


@pytest.mark.django_db
def test_a_transition_queues_an_email_to_the_proponent_sent_after_commit(
    draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = lodge(draft)
    application, people = draft
    assert [m.to for m in mail.outbox] == [[people.proponent.email]]
    assert application.reference in mail.outbox[0].subject and "Lodged" in mail.outbox[0].subject
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 1, "")
    assert email.sent_at is not None


@pytest.mark.django_db
def test_nothing_is_sent_until_the_transaction_commits(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = lodge(draft)
    assert callbacks and not mail.outbox
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 0)


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_is_retried_then_the_email_is_marked_failed(
    draft, settings, retries_run_in_process, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email = lodge(draft)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == ATTEMPTS_PER_TASK
    assert "Connection refused" in email.last_error and email.sent_at is None
    assert not mail.outbox


@pytest.mark.django_db
def test_a_mail_server_that_recovers_gets_the_email_on_a_retry(
    draft, settings, retries_run_in_process, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        email = lodge(draft)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 3, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_email_already_sent_is_not_sent_again():
    email = Email.objects.create(template="x", to="a@example.com", subject="S", body="B")
    assert send_email.delay(email.pk).get() == "sent"
    assert send_email.delay(email.pk).get() == "already handled"
    assert len(mail.outbox) == 1


def _email(to: str, *, age: timedelta, attempts: int = 0, status=Email.Status.QUEUED) -> Email:
    email = Email.objects.create(template="x", to=to, subject="S", body="B", attempts=attempts, status=status)
    Email.objects.filter(pk=email.pk).update(created_at=timezone.now() - age)  # auto_now_add
    return email


@pytest.mark.django_db
def test_emails_whose_send_task_was_lost_are_resent_and_hopeless_ones_marked_failed():
    lost = _email("lost@example.com", age=timedelta(minutes=11), attempts=2)
    fresh = _email("fresh@example.com", age=timedelta(minutes=2))
    hopeless = _email("hopeless@example.com", age=timedelta(hours=3), attempts=ATTEMPTS_PER_TASK)
    sent = _email("sent@example.com", age=timedelta(hours=1), attempts=1, status=Email.Status.SENT)

    assert resend_queued_emails() == 1
    assert [m.to for m in mail.outbox] == [["lost@example.com"]]
    statuses = dict(Email.objects.values_list("pk", "status"))
    assert statuses == {
        lost.pk: Email.Status.SENT,
        fresh.pk: Email.Status.QUEUED,  # its own send task may still be running
        hopeless.pk: Email.Status.FAILED,
        sent.pk: Email.Status.SENT,
    }
    assert resend_queued_emails() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_redelivered_send_task_finds_the_email_claimed_and_sends_nothing_until_the_claim_expires():
    from greenhouse_office.tasks import SEND_LEASE

    # A worker claimed it, then died (before or after its send: the outbox cannot tell).
    claimed = _email(
        "claimed@example.com", age=timedelta(minutes=30), attempts=1, status=Email.Status.SENDING
    )
    Email.objects.filter(pk=claimed.pk).update(claimed_at=timezone.now() - timedelta(minutes=1))
    assert send_email.delay(claimed.pk).get() == "already handled"  # the redelivered task
    assert resend_queued_emails() == 0  # the claim is fresh: its worker may still be sending
    assert not mail.outbox

    Email.objects.filter(pk=claimed.pk).update(claimed_at=timezone.now() - SEND_LEASE - timedelta(seconds=1))
    assert resend_queued_emails() == 1  # the lease ran out: its worker is dead, so send it again
    claimed.refresh_from_db()
    assert (claimed.status, claimed.attempts) == (Email.Status.SENT, 2)
    assert claimed.last_error == ""  # the note of the expired claim is cleared by the send
    assert [m.to for m in mail.outbox] == [["claimed@example.com"]]


@pytest.mark.django_db
def test_a_send_claims_the_email_before_the_mail_server_is_asked(settings):
    settings.EMAIL_BACKEND = f"{__name__}.WatchingBackend"
    WatchingBackend.seen = []
    email = Email.objects.create(template="x", to="watched@example.com", subject="S", body="B")
    assert send_email.delay(email.pk).get() == "sent"
    assert WatchingBackend.seen == [(Email.Status.SENDING, 1)]
    email.refresh_from_db()
    assert email.status == Email.Status.SENT and email.claimed_at is not None


def test_beat_resends_queued_emails_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["resend-queued-emails"]
    assert entry["task"] == resend_queued_emails.name
    assert sorted(entry["schedule"].minute) == [0, 10, 20, 30, 40, 50]


# --- Plain text is not HTML-escaped ---------------------------------------------------------------

AWKWARD = 'Smith & Sons <Pty> "Ltd" O\'Brien'


@pytest.mark.django_db
def test_plain_text_emails_keep_ampersands_angle_brackets_and_quotes():
    person = User(username="pat", first_name="Pat", last_name=AWKWARD)
    direction = SimpleNamespace(
        organisation=Organisation(name=AWKWARD), action=f"Expand the {AWKWARD} kiln", due_on=date(2027, 5, 4)
    )
    email = queue_email("direction_given", "pat@example.com", {"direction": direction, "person": person})
    assert f"Dear Pat {AWKWARD}," in email.body
    assert f"directs\n{AWKWARD} to prepare" in email.body
    assert f"Expand the {AWKWARD} kiln" in email.body
    assert not any(escaped in email.body for escaped in ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"))


# --- What the email concerns ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_email_names_its_record_and_the_event_that_caused_it(draft):
    application, _ = draft
    event = SimpleNamespace(hash="f" * 64)  # anything with a hash, e.g. an ApplicationEvent
    email = queue_email(
        "direction_given",
        "pat@example.com",
        {"direction": DIRECTION, "person": User(username="pat")},
        record=application,
        event=event,
    )
    email.refresh_from_db()
    assert (email.record, email.event_hash) == (application, event.hash)
    assert list(Email.objects.filter(event_hash=event.hash)) == [email]


@pytest.mark.django_db
def test_the_email_of_a_transition_names_the_application_and_its_logged_event(draft):
    email = lodge(draft)
    application, _ = draft
    event = application.events.get(transition="lodge")
    assert email.record == application
    assert email.event_hash == event.hash and len(event.hash) == 64


@pytest.mark.django_db
def test_no_address_no_email():
    assert queue_email("direction_given", "", {}) is None
    assert not Email.objects.exists()


# --- The outbox in the admin ------------------------------------------------------------------


@pytest.fixture
def queued_email(draft):
    application, people = draft
    return queue_email(
        "direction_given",
        people.proponent.email,
        {"direction": DIRECTION, "person": User(username="pat")},
        record=application,
    )


@pytest.mark.django_db
def test_office_staff_see_the_outbox_in_the_admin_read_only(client, queued_email):
    client.login(username="officer", password=settings.DEMO_PASSWORD)
    changelist = client.get("/admin/greenhouse_office/email/", {"status__exact": "queued"})
    assert changelist.status_code == 200
    assert queued_email.subject in changelist.content.decode()
    change = client.get(f"/admin/greenhouse_office/email/{queued_email.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert queued_email.body.splitlines()[0] in html
    assert f'href="/admin/assessments/application/{queued_email.record_id}/change/"' in html
    assert client.get("/admin/greenhouse_office/email/add/").status_code == 403
    assert client.post(f"/admin/greenhouse_office/email/{queued_email.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_a_proponent_cannot_see_the_outbox(client, queued_email):
    client.login(username="proponent", password=settings.DEMO_PASSWORD)
    for url in (
        "/admin/greenhouse_office/email/",
        f"/admin/greenhouse_office/email/{queued_email.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_lodgement_email_gives_the_receipt_the_deadline_and_a_link_to_the_application(draft, settings):
    settings.GREENHOUSE_SITE_URL = "https://greenhouse.example.gov.au"
    email = lodge(draft)
    application, _ = draft
    application.refresh_from_db()
    assert f"https://greenhouse.example.gov.au/portal/applications/{application.pk}/" in email.body
    assert f"{application.received_on:%-d %B %Y}" in email.body  # s31: the day of receipt
    assert f"{application.evaluation_due_on:%-d %B %Y}" in email.body  # s32(1): the deadline
