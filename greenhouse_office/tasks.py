"""Office-wide background jobs."""

import logging
import socket
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import JobRun

logger = logging.getLogger(__name__)

HEARTBEAT = "heartbeat"
# Heartbeats are only evidence that jobs run; a month of them is plenty.
HEARTBEAT_RETENTION = timedelta(days=30)


@shared_task(name="greenhouse_office.tasks.record_heartbeat")
def record_heartbeat() -> int:
    """Record that a worker ran a scheduled job now; returns the new JobRun's id.

    Beat sends it every five minutes, so a stale last heartbeat means beat or the workers are down.
    """
    started = timezone.now()
    JobRun.objects.filter(name=HEARTBEAT, started_at__lt=started - HEARTBEAT_RETENTION).delete()
    run = JobRun.objects.create(
        name=HEARTBEAT,
        started_at=started,
        finished_at=timezone.now(),
        worker=socket.gethostname(),
    )
    return run.pk


# How long a send task's claim on an email holds. Longer than any send can take: the task's hard
# time limit kills a stuck send well before, so an older claim belongs to a worker that died between
# claiming and marking the email sent, and resend_queued_emails sends it again.
SEND_LEASE = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + timedelta(minutes=5)


@shared_task(
    name="greenhouse_office.tasks.send_email",
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    # The outbox row is the result; storing one would also make every act touch the result backend.
    ignore_result=True,
)
def send_email(self, email_id: int) -> str:
    """Send one queued email, once; the last failed retry marks it failed.

    Emails go to drain_outbox after commit; this task takes one whose send failed there (it retries
    it with backoff) and those resend_queued_emails hands on. A copy of the task (a redelivery after a
    worker died, or a second publish) finds the email sent, or claimed, and sends nothing (deliver).
    """
    from .models import Email

    try:
        email = Email.objects.only(*DELIVERED_FIELDS).get(pk=email_id, status=Email.Status.QUEUED)
    except Email.DoesNotExist:
        return "already handled"
    return deliver(email, last_try=self.request.retries >= self.max_retries)


# An email is tried this many times in all (by the drain and its send task) before it is given up:
# as many as one send task makes.
MAX_SEND_ATTEMPTS = send_email.max_retries + 1
# What deliver reads of an email: what it sends, and the attempts its claim is conditional on.
DELIVERED_FIELDS = ("pk", "to", "subject", "body", "attempts")


def deliver(email, *, last_try: bool = False) -> str:
    """Send ``email`` (an outbox row as read while queued) once: the one send path of every task.

    The outbox row is the idempotency key (docs/adr/0007-email-outbox.md): one atomic UPDATE claims
    it (queued -> sending, with ``claimed_at``) before the mail server is asked, and it is marked
    sent after. The claim holds only if the row is still as read (queued, same attempts), so an email
    another task claimed (or tried and gave back) in between is theirs: "already handled". A claim
    left by a dead worker is released by resend_queued_emails once SEND_LEASE has passed. A failure
    of the mail server gives the claim back for a retry, or, on the ``last_try`` or the email's
    MAX_SEND_ATTEMPTS-th attempt, marks it failed; either way the OSError is raised.
    """
    from django.core.mail import send_mail

    from .models import Email

    claimed = Email.objects.filter(pk=email.pk, status=Email.Status.QUEUED, attempts=email.attempts).update(
        status=Email.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "already handled"
    email.attempts += 1
    try:
        send_mail(email.subject, email.body, None, [email.to])
    except OSError as error:
        final = last_try or email.attempts >= MAX_SEND_ATTEMPTS
        # The claim is given back for the retry, or the email is given up.
        Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
            last_error=str(error)[:2000], status=Email.Status.FAILED if final else Email.Status.QUEUED
        )
        raise
    # From the send above to this UPDATE is the one window in which a worker's death means the email
    # goes twice (its stale claim is resent): at-least-once there, exactly once everywhere else.
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


# Emails a drain reads at a time: one bounded query and list in memory, however long the outbox is.
DRAIN_BATCH_SIZE = 100
# Seconds after which a drain takes no further email and leaves the rest to a new drain: well inside
# the task time limit (CELERY_TASK_TIME_LIMIT, 10 minutes), so a slow mail server never gets it
# killed in the middle of the outbox.
DRAIN_TIME_BUDGET = 120.0
# Seconds before an email whose send failed in a drain is tried again by its own send task (which
# then backs off as send_email does): a mail server that just failed is not asked again at once.
FIRST_RETRY_COUNTDOWN = 1


@shared_task(name="greenhouse_office.tasks.drain_outbox", ignore_result=True)
def drain_outbox() -> int:
    """Send every queued email no send has tried yet, oldest first; returns how many it sent.

    Published once for a burst of emails (emails.request_drain). It first clears the "drain
    pending" flag, so an email committed from then on is either read below or publishes a drain of
    its own. Each email goes through deliver, so a redelivered drain (its worker died mid-batch)
    sends only those still queued, and an email claimed by the dead worker waits for its lease to
    run out. An email whose send fails is handed to a send_email task of its own, which retries it
    with backoff; the drain carries on with the next (one refused address is not a mail server down).
    """
    from django.core.cache import cache

    from .emails import DRAIN_PENDING, enqueue, request_drain
    from .models import Email

    cache.delete(DRAIN_PENDING)
    stop_at = time.monotonic() + DRAIN_TIME_BUDGET
    untried = Email.objects.filter(status=Email.Status.QUEUED, attempts=0).only(*DELIVERED_FIELDS)
    sent, after = 0, 0
    while True:
        batch = list(untried.filter(pk__gt=after).order_by("pk")[:DRAIN_BATCH_SIZE])
        for email in batch:
            try:
                if deliver(email) == "sent":
                    sent += 1
            except OSError as error:
                logger.warning("Email %s was not sent (%s); its own send task retries it.", email.pk, error)
                enqueue(email.pk, countdown=FIRST_RETRY_COUNTDOWN)
            if time.monotonic() > stop_at:  # after a send, so each drain sends at least one
                request_drain()  # the rest, in a new task
                return sent
        if len(batch) < DRAIN_BATCH_SIZE:  # nothing untried is left past it
            return sent
        after = batch[-1].pk


# Still queued this long after it was written: its drain or send task was lost (worker or broker down).
RESEND_AFTER = timedelta(minutes=10)


@shared_task(name="greenhouse_office.tasks.resend_queued_emails")
def resend_queued_emails() -> int:
    """Send again emails still queued after RESEND_AFTER, and those whose send task died holding its
    claim (claimed longer ago than SEND_LEASE); give up on those tried too often.

    Beat runs it every ten minutes, so emails queued while the broker was down go once it is back.
    An email that has used up its attempts (MAX_SEND_ATTEMPTS) is marked failed instead. Returns how
    many were handed to the send task; stops at the first that the broker refuses (the next run
    tries again).
    """
    from .emails import enqueue
    from .models import Email

    now = timezone.now()
    # A claim this old: the worker died after claiming, before marking it sent (maybe after sending).
    Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - SEND_LEASE).update(
        status=Email.Status.QUEUED,
        last_error="Its send task stopped before marking it sent (the worker died); sent again.",
    )
    # (A released claim was written before its lease began, so longer ago than RESEND_AFTER.)
    stale = Email.objects.filter(status=Email.Status.QUEUED, created_at__lt=now - RESEND_AFTER)
    stale.filter(attempts__gte=MAX_SEND_ATTEMPTS).update(status=Email.Status.FAILED)
    pks = list(stale.filter(attempts__lt=MAX_SEND_ATTEMPTS).order_by("pk").values_list("pk", flat=True))
    handed = 0
    for pk in pks:
        if not enqueue(pk):
            break
        handed += 1
    return handed
