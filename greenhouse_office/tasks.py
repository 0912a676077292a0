"""Office-wide background jobs."""

import socket
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import JobRun

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

    The outbox row is the idempotency key (docs/adr/0007-email-outbox.md): one atomic UPDATE claims
    it (queued -> sending, with ``claimed_at``) before the mail server is asked, and it is marked
    sent after. A copy of the task (a redelivery after a worker died, or a second publish) finds it
    sent, or claimed, and sends nothing; a claim left by a dead worker is released by
    resend_queued_emails once SEND_LEASE has passed.
    """
    from django.core.mail import send_mail

    from .models import Email

    now = timezone.now()
    claimed = Email.objects.filter(pk=email_id, status=Email.Status.QUEUED).update(
        status=Email.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "already handled"
    email = Email.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, None, [email.to])
    except OSError as error:
        final = self.request.retries >= self.max_retries
        # The claim is given back for the retry, or the email is given up.
        Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
            last_error=str(error)[:2000], status=Email.Status.FAILED if final else Email.Status.QUEUED
        )
        raise
    # From the send above to this UPDATE is the one window in which a worker's death means the email
    # goes twice (its stale claim is resent): at-least-once there, exactly once everywhere else.
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


# Still queued this long after it was written: its send task was lost (worker or broker down).
RESEND_AFTER = timedelta(minutes=10)


@shared_task(name="greenhouse_office.tasks.resend_queued_emails")
def resend_queued_emails() -> int:
    """Send again emails still queued after RESEND_AFTER, and those whose send task died holding its
    claim (claimed longer ago than SEND_LEASE); give up on those tried too often.

    Beat runs it every ten minutes, so emails queued while the broker was down go once it is back.
    An email that has used up as many attempts as one send task makes (``send_email.max_retries + 1``)
    is marked failed instead. Returns how many were handed to the send task; stops at the first
    that the broker refuses (the next run tries again).
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
    max_attempts = send_email.max_retries + 1
    stale.filter(attempts__gte=max_attempts).update(status=Email.Status.FAILED)
    pks = list(stale.filter(attempts__lt=max_attempts).order_by("pk").values_list("pk", flat=True))
    handed = 0
    for pk in pks:
        if not enqueue(pk):
            break
        handed += 1
    return handed
