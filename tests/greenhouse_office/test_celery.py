"""Background jobs: the task itself, and a real Celery worker over Redis writing to PostgreSQL."""

import pytest
from django.conf import settings
from django.db import connection

from greenhouse_office.models import JobRun
from greenhouse_office.tasks import record_heartbeat


@pytest.mark.django_db
def test_heartbeat_records_a_job_run_and_prunes_old_ones():
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - timedelta(days=31)
    JobRun.objects.create(name="heartbeat", started_at=old, finished_at=old)
    run_id = record_heartbeat.delay().get()
    assert list(JobRun.objects.values_list("pk", flat=True)) == [run_id]


def test_beat_schedule_declares_the_heartbeat():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["heartbeat"]["task"] == record_heartbeat.name


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_over_redis_and_its_result_lands_in_postgresql(real_worker):
    run_id = record_heartbeat.apply_async(queue=real_worker.queue).get(timeout=90)
    run = JobRun.objects.get(pk=run_id)
    assert run.name == "heartbeat"
    assert run.worker  # written by the worker process, which names its host
    assert connection.vendor == "postgresql"
    output = real_worker.stop()
    assert "succeeded" in output, output[-3000:]


@pytest.mark.django_db
def test_check_heartbeat_fails_when_jobs_have_stopped_and_passes_when_fresh():
    from datetime import timedelta

    from django.core.management import CommandError, call_command
    from django.utils import timezone

    with pytest.raises(CommandError, match="No heartbeat"):
        call_command("check_heartbeat")
    stale = timezone.now() - timedelta(minutes=20)
    JobRun.objects.create(name="heartbeat", started_at=stale, finished_at=stale)
    with pytest.raises(CommandError, match="20 minutes ago"):
        call_command("check_heartbeat", "--max-age-minutes", "15")
    record_heartbeat.delay()
    call_command("check_heartbeat", "--max-age-minutes", "15")
