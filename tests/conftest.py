"""Shared fixtures, and the rule for tests that need real services.

A test marked ``@pytest.mark.services("postgres", "redis", "chromium")`` runs only where those
services are available; it is skipped with the reason otherwise, and fails instead of skipping when
REQUIRE_SERVICES=1 (as in CI), so a CI run cannot pass by skipping them.
"""

import io
import os
import shutil

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _postgres_unavailable() -> str | None:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "DATABASE_URL does not point at PostgreSQL"
    return None


def _redis_unavailable() -> str | None:
    if not settings.REDIS_URL:
        return "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis at REDIS_URL does not answer: {exc}"
    return None


def _chromium_unavailable() -> str | None:
    if not shutil.which(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


SERVICE_CHECKS = {
    "postgres": _postgres_unavailable,
    "redis": _redis_unavailable,
    "chromium": _chromium_unavailable,
}


def pytest_runtest_setup(item):
    for marker in item.iter_markers("services"):
        for name in marker.args:
            reason = SERVICE_CHECKS[name]()
            if reason is None:
                continue
            if REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but {name} is unavailable: {reason}", pytrace=False)
            pytest.skip(f"{name} unavailable: {reason}")


def pytest_sessionstart(session):
    # In CI the whole suite must run on PostgreSQL, not only the marked tests.
    if REQUIRE_SERVICES:
        reason = _postgres_unavailable() or _redis_unavailable()
        if reason:
            raise pytest.UsageError(f"REQUIRE_SERVICES=1 but: {reason}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached answers must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_data(db, settings):
    """The demo people, organisations and auditor register as `make run` seeds them.

    Without the demo applications (tests build their own); tests/greenhouse_office/test_seed_demo.py
    runs the whole seed.
    """
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", "--no-applications", stdout=io.StringIO())


class RealWorker:
    """A `celery worker` subprocess on a private queue, over Redis, writing to the test database."""

    def __init__(self):
        import subprocess
        import sys
        import uuid
        from pathlib import Path
        from urllib.parse import urlsplit, urlunsplit

        from django.db import connection

        self.queue = f"test-{uuid.uuid4().hex}"  # our own queue: no other worker can take the task
        parts = urlsplit(os.environ["DATABASE_URL"])
        database_url = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
        self.output = ""
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "greenhouse_office",
                "worker",
                "--pool=solo",
                "--queues",
                self.queue,
                "--hostname",
                f"{self.queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=Path(__file__).resolve().parents[1],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "greenhouse_office.settings.test",
                "DATABASE_URL": database_url,
                "REDIS_URL": settings.REDIS_URL,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def stop(self) -> str:
        """Warm shutdown; returns what the worker logged."""
        import signal
        import subprocess

        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self.output, _ = self._process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self.output, _ = self._process.communicate()
        return self.output


@pytest.fixture
def real_worker():
    """Tasks sent with ``apply_async(queue=real_worker.queue)`` go through Redis to a real worker."""
    from greenhouse_office.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    worker = RealWorker()
    yield worker
    worker.stop()
    celery_app.conf.task_always_eager = True
