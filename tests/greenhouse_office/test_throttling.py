"""Rate limits count in a fixed window a client's first request opens, in one round trip to Redis
(greenhouse_office.throttling): the 429 says when the window ends, each client and each signed-in
person has their own count, windows end, and Redis down still counts (in the process's fallback)."""

import logging
import time
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory
from redis.connection import AbstractConnection
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from assessments.models import Comment, State
from greenhouse_office import cache as fail_open_cache
from greenhouse_office.cache import FailOpenRedisCache
from greenhouse_office.throttling import FixedWindowThrottle, ScopedFixedWindowThrottle
from tests.assessments import conftest as assessments_conftest

people = assessments_conftest.people
make_application = assessments_conftest.make_application

COMMENT = {"name": "Sam Citizen", "email": "sam@example.com", "text": "Consider carbon capture."}
SCREENING = {"gwp_set": "SAR", "months": [{"month": "2027-01", "gases": {"CO2": 1}}]}
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
PARAMS = {"KEY_PREFIX": "throttling-test", "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}}


def throttle(rate: str, cache) -> FixedWindowThrottle:
    class Counted(FixedWindowThrottle):
        scope = "test"

        def get_cache_key(self, request, view):
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    Counted.rate, Counted.cache = rate, cache
    return Counted()


def request_from(address: str, user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


def allowed(rate: str, cache, times: int, address: str = "192.0.2.1") -> list[bool]:
    return [throttle(rate, cache).allow_request(request_from(address), None) for _ in range(times)]


@pytest.fixture
def redis_cache():
    """A FailOpenRedisCache on the test Redis (its own key prefix), emptied before and after."""
    cache = FailOpenRedisCache(settings.REDIS_URL, PARAMS)
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def down_cache(monkeypatch):
    monkeypatch.setattr(fail_open_cache, "_outages", {})
    cache = FailOpenRedisCache(UNREACHABLE_REDIS, PARAMS)
    cache.fallback.clear()
    return cache


class RoundTrips:
    """What redis-py sends, one entry a round trip: a command, or a pipeline however many it holds."""

    def __init__(self, monkeypatch):
        self.sent: list[bytes] = []
        send = AbstractConnection.send_packed_command

        def counted(connection, command, check_health=True):
            self.sent.append(command if isinstance(command, bytes) else b"".join(command))
            return send(connection, command, check_health)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)


# --- The public comment rate, end to end ----------------------------------------------------------


@pytest.mark.django_db
def test_the_21st_public_comment_in_a_minute_from_one_address_is_429_and_another_address_is_not(
    make_application,
):
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_comments"]
    assert rate == "20/minute"
    application = make_application(State.OPEN_FOR_COMMENT)
    path = f"/api/v1/public/assessments/{application.pk}/comments"
    one = APIClient(REMOTE_ADDR="192.0.2.10")
    assert [one.post(path, COMMENT, format="json").status_code for _ in range(20)] == [201] * 20
    refused = one.post(path, COMMENT, format="json")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert Comment.objects.count() == 20
    assert APIClient(REMOTE_ADDR="192.0.2.11").post(path, COMMENT, format="json").status_code == 201
    assert one.post(path, COMMENT, format="json").status_code == 429  # still within its minute


# --- Counting, windows and keys, on each kind of cache ---------------------------------------------


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.services("redis"))])
def any_cache(request):
    """A plain LocMemCache (SQLite tests, `make run` without Redis) and the real Redis."""
    if request.param == "locmem":
        cache = LocMemCache("throttling-test", {})
        cache.clear()
        return cache
    return request.getfixturevalue("redis_cache")


def test_allowed_while_the_count_is_at_most_the_rate_and_wait_is_what_is_left_of_the_window(any_cache):
    assert allowed("3/minute", any_cache, 3) == [True, True, True]
    refused = throttle("3/minute", any_cache)
    assert refused.allow_request(request_from("192.0.2.1"), None) is False
    assert refused.count == 4
    assert 59 < refused.wait() <= 60
    assert allowed("3/minute", any_cache, 1, address="192.0.2.2") == [True]  # another client


def test_a_window_ends_a_period_after_the_clients_first_request_in_it(any_cache):
    if isinstance(any_cache, LocMemCache):
        with time_machine.travel(1_800_000_000, tick=False) as traveller:
            assert allowed("2/minute", any_cache, 3) == [True, True, False]
            traveller.shift(30)
            refused = throttle("2/minute", any_cache)
            assert refused.allow_request(request_from("192.0.2.1"), None) is False
            assert refused.wait() == pytest.approx(30)
            traveller.shift(30.5)
            assert allowed("2/minute", any_cache, 3) == [True, True, False]  # a new window
    else:  # Redis keeps time itself: a one-second window, waited out
        assert allowed("2/second", any_cache, 1) == [True]
        time.sleep(0.5)
        assert allowed("2/second", any_cache, 1) == [True]
        refused = throttle("2/second", any_cache)
        assert refused.allow_request(request_from("192.0.2.1"), None) is False
        assert refused.wait() < 0.6  # the window the first request opened, not one from the latest
        time.sleep(refused.wait() + 0.05)
        assert allowed("2/second", any_cache, 3) == [True, True, False]


@pytest.mark.django_db
def test_the_scoped_throttle_counts_a_signed_in_person_by_account_and_anyone_else_by_address(
    any_cache, people
):
    view = SimpleNamespace(throttle_scope="public_comments")

    def scoped(request) -> bool:
        limiter = ScopedFixedWindowThrottle()
        limiter.cache = any_cache
        return limiter.allow_request(request, view)

    shared_address = "192.0.2.20"
    assert [scoped(request_from(shared_address, people.proponent)) for _ in range(21)] == [True] * 20 + [
        False
    ]
    assert scoped(request_from(shared_address, people.officer))  # same address, another account
    assert scoped(request_from(shared_address))  # same address, not signed in


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(any_cache, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def from_client(client: str) -> bool:
        request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client)
        request.user = AnonymousUser()
        return throttle("1/minute", any_cache).allow_request(request, None)

    assert [from_client("198.51.100.1"), from_client("198.51.100.1")] == [True, False]
    assert from_client("198.51.100.2")


# --- One round trip ----------------------------------------------------------------------------------


@pytest.mark.services("redis")
def test_a_throttled_request_costs_one_round_trip_to_redis_where_drfs_throttle_costs_two(
    redis_cache, monkeypatch
):
    view = SimpleNamespace(throttle_scope="screening")
    counts = {}
    for kind in (ScopedRateThrottle, ScopedFixedWindowThrottle):
        limiter = kind()
        limiter.cache = redis_cache
        assert limiter.allow_request(request_from("192.0.2.30"), view)  # the pool's connection made
        trips = RoundTrips(monkeypatch)
        assert limiter.allow_request(request_from("192.0.2.30"), view)
        counts[kind.__name__] = len(trips.sent)
        monkeypatch.undo()
    assert counts == {"ScopedRateThrottle": 2, "ScopedFixedWindowThrottle": 1}


@pytest.mark.services("redis")
@pytest.mark.django_db
def test_the_screening_api_asks_redis_once_a_request(monkeypatch):
    assert isinstance(caches["default"], FailOpenRedisCache)
    api = APIClient()
    assert api.post("/api/v1/screening", SCREENING, format="json").status_code == 200
    trips = RoundTrips(monkeypatch)
    assert api.post("/api/v1/screening", SCREENING, format="json").status_code == 200
    assert len(trips.sent) == 1
    assert all(command in trips.sent[0] for command in (b"INCR", b"EXPIRE", b"NX", b"PTTL"))


@pytest.mark.services("redis")
def test_a_key_left_by_drfs_throttle_does_not_break_the_count(redis_cache):
    """Deploying over DRF's throttle: its keys (a list of times, which INCR refuses) are not ours."""
    redis_cache.set("throttle_test_192.0.2.1", [time.time()], 60)
    assert allowed("2/minute", redis_cache, 3) == [True, True, False]


# --- Redis down -------------------------------------------------------------------------------------


def test_while_redis_is_down_the_process_counts_in_its_fallback_and_says_so_once(down_cache, caplog):
    with caplog.at_level(logging.WARNING, logger=fail_open_cache.__name__):
        assert allowed("2/minute", down_cache, 3) == [True, True, False]
        refused = throttle("2/minute", down_cache)
        assert refused.allow_request(request_from("192.0.2.1"), None) is False
        assert 0 < refused.wait() <= 60
    assert down_cache.outage.skip_redis()  # not asked again until the retry interval
    assert down_cache.fallback.get("throttle_window_test_192.0.2.1") == 4
    warnings = [r for r in caplog.records if r.name == fail_open_cache.__name__]
    assert len(warnings) == 1 and "Redis cache unreachable" in warnings[0].getMessage()
