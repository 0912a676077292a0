"""The shared cache: Redis, failing open to an in-process cache while Redis is unreachable.

What the cache holds (rate-limit counters, cached answers) is never the only copy of anything, so a
Redis outage may cost precision (each process counts rate limits on its own until Redis is back) but
never a 500. Django's RedisCache raises on every call instead; django-redis's IGNORE_EXCEPTIONS only
turns failures into misses (no rate limits at all) and logs every request.
"""

import logging
import threading
import time
from typing import NamedTuple

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Only "cannot reach Redis"; a wrong command or a bad value is a bug and still raises.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# While Redis is down it is asked again this often; calls in between go straight to the fallback,
# so a request does not wait on a connect timeout per cache call.
RETRY_AFTER_SECONDS = 30.0
# Enough for every client's rate-limit counter during an outage (two entries each: incr_window).
FALLBACK_MAX_ENTRIES = 20_000


class Outage:
    """Whether one Redis location is down, shared by a process's threads (each has its own backend)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0  # time.monotonic()

    def skip_redis(self) -> bool:
        return self.down and time.monotonic() < self.retry_at

    def failed(self, error: Exception) -> None:
        with self._lock:
            started = not self.down
            self.down = True
            self.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
        if started:
            logger.warning(
                "Redis cache unreachable (%s): using the in-process cache, retrying every %d s.",
                error,
                RETRY_AFTER_SECONDS,
            )
        else:
            logger.debug("Redis cache still unreachable (%s).", error)

    def recovered(self) -> None:
        if not self.down:
            return
        with self._lock:
            ended, self.down = self.down, False
        if ended:
            logger.warning("Redis cache reachable again: the shared cache is back in use.")


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def _fail_open(name: str):
    """A cache method that asks Redis, or the fallback while Redis is unreachable."""

    def method(self, *args, **kwargs):
        if not self.outage.skip_redis():
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.outage.failed(error)
            else:
                self.outage.recovered()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or the in-process fallback's while Redis is unreachable."
    return method


class Window(NamedTuple):
    """A rate-limit counter after one more request: its count, and the seconds until its window ends."""

    count: int
    seconds_left: float


def incr_window(cache, key: str, seconds: int) -> Window:
    """Count one more request in ``key``'s window, on any of Django's caches (greenhouse_office.throttling).

    The first count opens a window of ``seconds``; when it ends the key expires and the count starts again.
    """
    own = getattr(cache, "incr_window", None)  # FailOpenRedisCache's: one round trip to Redis
    return own(key, seconds) if own else local_incr_window(cache, key, seconds)


def local_incr_window(cache, key: str, seconds: int) -> Window:
    """incr_window on a cache in this process (LocMemCache): add, then incr (atomic under its lock)."""
    now = time.time()
    # Kept beside the count: a LocMemCache cannot say how long a key has left.
    cache.add(f"{key}:ends", now + seconds, seconds)
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the add and the incr: a new window
        cache.set(key, 1, seconds)
        count = 1
    ends = cache.get(f"{key}:ends", now + seconds)
    return Window(count, max(ends - now, 0.001))


class FailOpenRedisCache(RedisCache):
    """RedisCache whose every operation falls back to a LocMemCache when Redis cannot be reached.

    Give it short ``socket_connect_timeout`` / ``socket_timeout`` OPTIONS (settings: CACHES), so the
    call that finds Redis down is quick too. The async methods (``aget``...) run these in a thread.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        location = server if isinstance(server, str) else ",".join(server)
        with _outages_lock:
            self.outage = _outages.setdefault(location, Outage())
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        # LocMemCache shares its storage between instances of the same name: one per process.
        self.fallback = LocMemCache(
            f"fail-open-fallback:{location}",
            {**fallback_params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}},
        )

    add = _fail_open("add")
    get = _fail_open("get")
    set = _fail_open("set")
    touch = _fail_open("touch")
    delete = _fail_open("delete")
    get_many = _fail_open("get_many")
    has_key = _fail_open("has_key")
    incr = _fail_open("incr")
    set_many = _fail_open("set_many")
    delete_many = _fail_open("delete_many")
    clear = _fail_open("clear")

    def incr_window(self, key: str, seconds: int) -> Window:
        """incr_window (above) in one round trip to Redis, or in the fallback while Redis is unreachable."""
        if not self.outage.skip_redis():
            try:
                window = self._redis_incr_window(key, seconds)
            except UNREACHABLE as error:
                self.outage.failed(error)
            else:
                self.outage.recovered()
                return window
        return local_incr_window(self.fallback, key, seconds)

    def _redis_incr_window(self, key: str, seconds: int) -> Window:
        key = self.make_and_validate_key(key)
        # One pipeline, no MULTI: a key some failure left without an expiry gets one at its next count.
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, seconds, nx=True)  # only the window's first count sets when it ends
        pipeline.pttl(key)
        count, _, left_ms = pipeline.execute()
        return Window(count, left_ms / 1000 if left_ms > 0 else float(seconds))
