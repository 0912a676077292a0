"""Shared fixtures, and the rule for tests that need real services.

A test marked ``@pytest.mark.services("postgres", "redis", "chromium")`` (also "axe", "wapiti") runs
only where those services are available; it is skipped with the reason otherwise, and fails instead of
skipping when REQUIRE_SERVICES=1 (as in CI), so a CI run cannot pass by skipping them.

The demo people (``seed_demo --no-applications``) are seeded once, into the test database as it is
created, so every test starts with them; a test that flushes the database (``transaction=True``,
``live_server``) gets them seeded again afterwards.
"""

import io
import os
import shutil
from pathlib import Path

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


AXE = Path(__file__).resolve().parent / "browser" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def _axe_unavailable() -> str | None:
    if not AXE.is_file():
        return f"axe-core is not installed at {AXE} (npm ci --prefix tests/browser/node)"
    return None


def _wapiti_unavailable() -> str | None:
    from tests.security.web_scan import wapiti_unavailable

    return wapiti_unavailable()


SERVICE_CHECKS = {
    "postgres": _postgres_unavailable,
    "redis": _redis_unavailable,
    "chromium": _chromium_unavailable,
    "axe": _axe_unavailable,
    "wapiti": _wapiti_unavailable,
}


def require_service(name: str) -> None:
    """Go on if ``name`` is available; else skip the test, or fail it under REQUIRE_SERVICES=1."""
    reason = SERVICE_CHECKS[name]()
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {name} is unavailable: {reason}", pytrace=False)
    pytest.skip(f"{name} unavailable: {reason}")


def pytest_runtest_setup(item):
    for marker in item.iter_markers("services"):
        for name in marker.args:
            require_service(name)


def pytest_sessionstart(session):
    # In CI the whole suite must run on PostgreSQL, not only the marked tests.
    if REQUIRE_SERVICES:
        reason = _postgres_unavailable() or _redis_unavailable()
        if reason:
            raise pytest.UsageError(f"REQUIRE_SERVICES=1 but: {reason}")


def pytest_sessionfinish(session):
    # The throwaway media folder settings/test.py made for this session (never one a developer set).
    from pathlib import Path

    from greenhouse_office.settings.test import TEMPORARY_MEDIA_PREFIX

    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if root.name.startswith(TEMPORARY_MEDIA_PREFIX):
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached answers must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Celery's eager tasks set and restore one process-wide "inside a task" flag, not one a thread:
    tasks run at once in threads (a live server's, a test's) can leave it set, and a later test's
    ``result.get()`` on a real worker would be refused ("Never call result.get() within a task")."""
    yield
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


def _seed_demo_people() -> None:
    """The seed command itself (never a copy of its logic), as `make run` runs it, without the
    demo applications (tests build their own)."""
    from django.core.management import call_command

    call_command("seed_demo", "--no-applications", "--force", stdout=io.StringIO())


def _demo_people_present() -> bool:
    from django.contrib.auth import get_user_model

    from greenhouse_office.management.commands.seed_demo import DEMO_USERS

    usernames = [demo.username for demo in DEMO_USERS]
    return get_user_model().objects.filter(username__in=usernames).count() == len(usernames)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the demo people seeded once for the whole session."""
    with django_db_blocker.unblock():
        _seed_demo_people()


def _flushes_the_database(item) -> bool:
    # pytest-django's rule: these tests commit for real and flush every table afterwards.
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a flush (its fixtures are torn down by now), seed the demo people again."""
    result = yield
    if nextitem is not None and _flushes_the_database(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            if not _demo_people_present():
                _seed_demo_people()
            # As the flush left them: closed (an open one would keep the test database from being
            # dropped at the end of the session on PostgreSQL).
            connections.close_all()
    return result


@pytest.fixture
def demo_data(db):
    """The demo people, organisations and auditor register as `make run` seeds them.

    Already in the database (see the module docstring); seeded inside this test if a test before it
    removed them. tests/greenhouse_office/test_seed_demo.py runs the whole seed.
    """
    if not _demo_people_present():
        _seed_demo_people()


@pytest.fixture(scope="module")
def whole_demo(django_db_setup, django_db_blocker):
    """The whole demo, applications included, as `make run` seeds it: built once for the module, in
    a transaction rolled back after the module, so no other module sees it.

    For modules whose tests only read it and use plain ``db`` (each test is a savepoint inside);
    not with ``transaction=True``, whose flush would empty it.
    """
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            call_command("seed_demo", "--force", stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


class RealWorker:
    """A `celery worker` subprocess on a private queue, over Redis, writing to the test database.

    ``queue`` names the queue (a new worker can take over a killed one's); ``env`` adds to the
    worker's environment (tests/greenhouse_office/test_faults.py shortens the visibility timeout).
    """

    def __init__(self, *, queue: str | None = None, env: dict | None = None):
        import subprocess
        import sys
        import tempfile
        import uuid
        from pathlib import Path
        from urllib.parse import urlsplit, urlunsplit

        from django.db import connection

        # Our own queue: no other worker can take the task.
        self.queue = queue or f"test-{uuid.uuid4().hex}"
        parts = urlsplit(os.environ["DATABASE_URL"])
        database_url = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
        self.output = ""
        # A file, not a pipe: a worker that logs more than a pipe holds (every email, by the console
        # backend) would block mid-task waiting for a reader.
        self._log = tempfile.TemporaryFile(mode="w+")
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
                # Documents it writes land where the tests read them (settings/test.py).
                "DJANGO_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
                **(env or {}),
            },
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def log(self) -> str:
        """What the worker has logged so far, while it runs (read without moving its write offset)."""
        size = os.fstat(self._log.fileno()).st_size
        return os.pread(self._log.fileno(), size, 0).decode(errors="replace")

    def kill(self) -> str:
        """SIGKILL, as a lost host or the OOM killer would: no warm shutdown, nothing acknowledged."""
        import signal

        if self._process.returncode is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait()
        return self.stop()

    def stop(self) -> str:
        """Warm shutdown; returns what the worker logged."""
        import signal
        import subprocess

        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if not self._log.closed:
            self._log.seek(0)
            self.output = self._log.read()
            self._log.close()
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
