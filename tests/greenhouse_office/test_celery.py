"""Background jobs: the task itself, and a real Celery worker over Redis writing to PostgreSQL."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from greenhouse_office.celery import app as celery_app
from greenhouse_office.models import JobRun
from greenhouse_office.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


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


def _test_database_url() -> str:
    """DATABASE_URL pointing at the test database pytest-django created."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def tasks_go_to_the_broker():
    """Send tasks through Redis for this test, as production does, instead of in-process."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_over_redis_and_its_result_lands_in_postgresql(tasks_go_to_the_broker):
    queue = f"test-{uuid.uuid4().hex}"  # our own queue: no other worker can take the task
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "greenhouse_office",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--hostname",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "greenhouse_office.settings.test",
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = record_heartbeat.apply_async(queue=queue)
        run_id = result.get(timeout=90)
        run = JobRun.objects.get(pk=run_id)
        assert run.name == "heartbeat"
        assert run.worker  # written by the worker process, which names its host
        assert connection.vendor == "postgresql"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
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
