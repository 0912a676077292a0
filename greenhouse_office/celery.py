"""Celery application: broker and result backend from REDIS_URL (see settings).

Also the beat scheduler that makes sure only one beat runs the schedule (settings.CELERY_BEAT_SCHEDULER).
"""

import logging
import os
import socket
import uuid

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenhouse_office.settings.base")

logger = logging.getLogger(__name__)

app = Celery("greenhouse_office")
# Every CELERY_* Django setting configures Celery; the beat schedule lives there too.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class BeatLock:
    """The one-beat lock: a Redis key with a TTL, held by one beat and refreshed while it runs.

    A beat that dies without releasing it (kill -9, a lost host) stops refreshing it, so another
    beat takes over once ``ttl`` seconds have passed.
    """

    KEY = "greenhouse:celery-beat:lock"

    def __init__(self, client, *, ttl: int = 60, key: str = KEY):
        self.ttl = ttl
        self.held = False
        self._told_waiting = False
        # thread_local off: beat's ticks may run on another thread than the one that acquired it.
        self._lock = client.lock(key, timeout=ttl, thread_local=False)
        self._name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def hold(self) -> bool:
        """Acquire the lock, or refresh its TTL if this beat holds it; False if another beat does
        (or Redis cannot be asked: the broker is then down too, so nothing could be sent anyway)."""
        from redis.exceptions import LockError, RedisError

        try:
            if self.held:
                try:
                    self._lock.reacquire()
                    return True
                except LockError:  # it expired and another beat took it (or Redis lost it)
                    self.held = False
                    logger.warning(
                        "Beat %s lost the schedule lock; it sends nothing while another holds it.", self._name
                    )
            self.held = bool(self._lock.acquire(blocking=False))
            if not self.held and not self._told_waiting:
                self._told_waiting = True
                logger.info("Beat %s waits: another beat holds the schedule lock (%s).", self._name, self.KEY)
            if self.held:
                self._told_waiting = False
                logger.info(
                    "Beat %s holds the schedule lock (%s); it runs the schedule.", self._name, self.KEY
                )
            return self.held
        except RedisError as error:
            logger.warning(
                "Beat %s cannot reach Redis for the schedule lock (%s); sending nothing.", self._name, error
            )
            return False

    def release(self) -> None:
        """Give the lock up (beat stopping), so another beat may take over at once."""
        from redis.exceptions import LockError, RedisError

        if not self.held:
            return
        self.held = False
        try:
            self._lock.release()
        except (LockError, RedisError) as error:
            logger.warning(
                "Beat %s could not release the schedule lock (%s); it expires by itself.", self._name, error
            )


class SingleBeatScheduler(PersistentScheduler):
    """Beat's scheduler (the schedule file as usual), sending only while it holds the one-beat lock.

    A second `celery beat` started by mistake keeps asking for the lock every ``lock_retry`` seconds
    and sends nothing; if the first stops (or dies, and its lock expires), it takes over. Without
    Redis (the embedded demo runs tasks in-process, and no beat) there is nothing to lock.
    """

    lock_ttl = 60  # seconds
    lock_retry = 10  # seconds between attempts of a beat that does not hold the lock

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        self.beat_lock = None
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            self.beat_lock = BeatLock(client, ttl=self.lock_ttl)
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        if self.beat_lock is None:
            return super().tick(*args, **kwargs)
        if not self.beat_lock.hold():
            return self.lock_retry
        # Back before the lock's TTL runs out, to refresh it, however long until the next job.
        return min(super().tick(*args, **kwargs), self.lock_ttl / 3)

    def close(self):
        super().close()
        if self.beat_lock is not None:
            self.beat_lock.release()
