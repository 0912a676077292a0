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
    name="greenhouse_office.tasks.send_notice",
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_notice(self, notice_id: int) -> str:
    """Send one queued notice by email; the last failed retry marks it failed.

    Sending twice is prevented by the status check, and two copies of the task cannot claim the
    same attempt (the conditional update of ``attempts``).
    """
    from django.core.mail import send_mail

    from .models import Notice

    notice = Notice.objects.filter(pk=notice_id, status=Notice.Status.QUEUED).first()
    if notice is None:
        return "already handled"
    claimed = Notice.objects.filter(
        pk=notice.pk, status=Notice.Status.QUEUED, attempts=notice.attempts
    ).update(attempts=notice.attempts + 1)
    if not claimed:
        return "already handled"
    try:
        send_mail(notice.subject, notice.body, None, [notice.to])
    except OSError as error:
        final = self.request.retries >= self.max_retries
        Notice.objects.filter(pk=notice.pk).update(
            last_error=str(error)[:2000], **({"status": Notice.Status.FAILED} if final else {})
        )
        raise
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


# Still queued this long after it was written: its send task was lost (worker or broker down).
RESEND_AFTER = timedelta(minutes=10)


@shared_task(name="greenhouse_office.tasks.resend_queued_notices")
def resend_queued_notices() -> int:
    """Send again notices still queued after RESEND_AFTER; give up on those tried too often.

    Beat runs it every ten minutes. A notice that has used up as many attempts as one send task
    makes (``send_notice.max_retries + 1``) is marked failed instead. Returns how many were re-sent.
    """
    from .models import Notice

    stale = Notice.objects.filter(status=Notice.Status.QUEUED, created_at__lt=timezone.now() - RESEND_AFTER)
    max_attempts = send_notice.max_retries + 1
    stale.filter(attempts__gte=max_attempts).update(status=Notice.Status.FAILED)
    pks = list(stale.filter(attempts__lt=max_attempts).order_by("pk").values_list("pk", flat=True))
    for pk in pks:
        send_notice.delay(pk)
    return len(pks)
