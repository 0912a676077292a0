"""The shared cache fails open: with Redis unreachable it uses an in-process cache, warns once per
outage, asks Redis again only every RETRY_AFTER_SECONDS, and says when Redis is back."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from greenhouse_office import cache as fail_open_cache
from greenhouse_office.cache import FailOpenRedisCache

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
PARAMS = {"KEY_PREFIX": "t", "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}}


@pytest.fixture(autouse=True)
def fresh_outages(monkeypatch):
    monkeypatch.setattr(fail_open_cache, "_outages", {})


def backend(location=UNREACHABLE_REDIS) -> FailOpenRedisCache:
    cache = FailOpenRedisCache(location, PARAMS)
    cache.fallback.clear()
    return cache


def warnings(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == fail_open_cache.__name__ and r.levelno >= logging.WARNING
    ]


def test_every_operation_works_from_the_fallback_and_the_outage_is_logged_once(caplog):
    cache = backend()
    with caplog.at_level(logging.WARNING, logger=fail_open_cache.__name__):
        cache.set("rate", 1, timeout=60)
        assert cache.incr("rate") == 2
        assert cache.add("rate", 9) is False and cache.get("rate") == 2
        cache.set_many({"a": "A", "b": "B"})
        assert cache.get_many(["a", "b", "c"]) == {"a": "A", "b": "B"}
        assert cache.has_key("a") and cache.touch("a", 30)
        cache.delete_many(["a", "b"])
        assert cache.delete("rate") and cache.get("rate", "gone") == "gone"
    assert len(warnings(caplog)) == 1
    assert "Redis cache unreachable" in warnings(caplog)[0] and "Connection refused" in warnings(caplog)[0]


def test_threads_share_one_outage_and_one_fallback():
    first, second = backend(), backend()  # Django builds one backend per thread
    first.set("k", "v")
    assert first.outage is second.outage and second.outage.skip_redis()
    assert second.get("k") == "v"


class FlakyRedis:
    """Stands in for RedisCache.get: refuses while ``down``, and counts the calls."""

    def __init__(self):
        self.down = True
        self.calls = 0

    def __call__(self, cache, key, default=None, version=None):
        self.calls += 1
        if self.down:
            raise RedisConnectionError("Connection refused")
        return "from redis"


def test_redis_is_not_asked_again_within_the_retry_interval(monkeypatch):
    redis = FlakyRedis()
    monkeypatch.setattr(RedisCache, "get", redis)
    cache = backend("redis://redis.example:6379/0")
    cache.fallback.set("k", "from fallback")
    assert [cache.get("k") for _ in range(5)] == ["from fallback"] * 5
    assert redis.calls == 1


def test_redis_is_used_again_once_it_answers_and_the_recovery_is_logged(monkeypatch, caplog):
    redis = FlakyRedis()
    monkeypatch.setattr(RedisCache, "get", redis)
    monkeypatch.setattr(fail_open_cache, "RETRY_AFTER_SECONDS", 0)
    cache = backend("redis://redis.example:6379/0")
    with caplog.at_level(logging.WARNING, logger=fail_open_cache.__name__):
        assert cache.get("k") is None
        redis.down = False
        assert cache.get("k") == "from redis"
        assert cache.get("k") == "from redis"
    assert [m.split(":")[0] for m in warnings(caplog)] == [
        "Redis cache unreachable (Connection refused)",
        "Redis cache reachable again",
    ]
    assert not cache.outage.down


def test_an_error_that_is_not_an_outage_still_raises(monkeypatch):
    def wrong_type(cache, key, default=None, version=None):
        raise ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value")

    monkeypatch.setattr(RedisCache, "get", wrong_type)
    with pytest.raises(ResponseError):
        backend("redis://redis.example:6379/0").get("k")
