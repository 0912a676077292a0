"""Office-wide background jobs."""

import socket
from datetime import timedelta

from celery import shared_task
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
    """Send one queued email; the last failed retry marks it failed.

    Sending twice is prevented by the status check, and two copies of the task cannot claim the
    same attempt (the conditional update of ``attempts``).
    """
    from django.core.mail import send_mail

    from .models import Email

    email = Email.objects.filter(pk=email_id, status=Email.Status.QUEUED).first()
    if email is None:
        return "already handled"
    claimed = Email.objects.filter(pk=email.pk, status=Email.Status.QUEUED, attempts=email.attempts).update(
        attempts=email.attempts + 1
    )
    if not claimed:
        return "already handled"
    try:
        send_mail(email.subject, email.body, None, [email.to])
    except OSError as error:
        final = self.request.retries >= self.max_retries
        Email.objects.filter(pk=email.pk).update(
            last_error=str(error)[:2000], **({"status": Email.Status.FAILED} if final else {})
        )
        raise
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


# Still queued this long after it was written: its send task was lost (worker or broker down).
RESEND_AFTER = timedelta(minutes=10)


@shared_task(name="greenhouse_office.tasks.resend_queued_emails")
def resend_queued_emails() -> int:
    """Send again emails still queued after RESEND_AFTER; give up on those tried too often.

    Beat runs it every ten minutes, so emails queued while the broker was down go once it is back.
    An email that has used up as many attempts as one send task makes (``send_email.max_retries + 1``)
    is marked failed instead. Returns how many were handed to the send task; stops at the first
    that the broker refuses (the next run tries again).
    """
    from .emails import enqueue
    from .models import Email

    stale = Email.objects.filter(status=Email.Status.QUEUED, created_at__lt=timezone.now() - RESEND_AFTER)
    max_attempts = send_email.max_retries + 1
    stale.filter(attempts__gte=max_attempts).update(status=Email.Status.FAILED)
    pks = list(stale.filter(attempts__lt=max_attempts).order_by("pk").values_list("pk", flat=True))
    handed = 0
    for pk in pks:
        if not enqueue(pk):
            break
        handed += 1
    return handed
