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
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_notice(notice_id: int) -> str:
    """Send one queued notice by email. Sending twice is prevented by the status check."""
    from django.core.mail import send_mail

    from .models import Notice

    notice = Notice.objects.filter(pk=notice_id, status=Notice.Status.QUEUED).first()
    if notice is None:
        return "already handled"
    Notice.objects.filter(pk=notice.pk).update(attempts=notice.attempts + 1)
    try:
        send_mail(notice.subject, notice.body, None, [notice.to])
    except OSError as error:
        Notice.objects.filter(pk=notice.pk).update(last_error=str(error)[:2000])
        raise
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"
