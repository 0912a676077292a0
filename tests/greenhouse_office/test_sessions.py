"""Sessions with a copy in Redis (greenhouse_office/sessions.py): one query fewer on every signed-in
page, the database the record, never a per-process copy, and a sign-out that ends the session."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from greenhouse_office import sessions
from tests.assessments.test_redis_down import redis_down_for
from tests.sign_in import sign_in

pytestmark = [pytest.mark.services("redis"), pytest.mark.django_db]

PAGE = "/screening/"  # signed in: the session, the person, their roles and TOTP
LOGOUT = "/accounts/logout/"


def _officer():
    return get_user_model().objects.get(username="officer")


def _signed_in_client(user) -> Client:
    client = Client()
    response = sign_in(client, user)
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _copy_in_redis(session_key: str):
    """What Redis itself holds for the session (not the fallback cache)."""
    return RedisCache.get(caches["default"], sessions.SessionStore.cache_key_prefix + session_key)


def _copies_in_the_fallback() -> list[str]:
    fallback = caches["default"].fallback
    return [key for key in fallback._cache if sessions.SessionStore.cache_key_prefix in key]


def test_redis_as_the_cache_means_sessions_with_a_copy_in_redis():
    assert django_settings.REDIS_URL
    assert django_settings.SESSION_ENGINE == "greenhouse_office.sessions"


def test_a_signed_in_page_makes_one_query_fewer_with_the_session_in_redis(
    demo_data, settings, django_assert_num_queries
):
    officer = _officer()
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    in_the_database = Client()
    in_the_database.force_login(officer)
    in_the_database.get(PAGE)  # warm
    with django_assert_num_queries(3):  # the session, the person, roles and TOTP in one
        assert in_the_database.get(PAGE).status_code == 200

    settings.SESSION_ENGINE = "greenhouse_office.sessions"
    with_a_copy = Client()
    with_a_copy.force_login(officer)
    with_a_copy.get(PAGE)
    with django_assert_num_queries(2) as captured:  # the person, roles and TOTP
        assert with_a_copy.get(PAGE).status_code == 200
    assert not [q for q in captured.captured_queries if "django_session" in q["sql"]]
    # The copy is the database's session, and lives no longer than SESSION_CACHE_SECONDS.
    key = with_a_copy.session.session_key
    assert _copy_in_redis(key) == Session.objects.get(session_key=key).get_decoded()
    cache = caches["default"]
    redis_key = cache.make_and_validate_key(sessions.SessionStore.cache_key_prefix + key)
    ttl = cache._cache.get_client(redis_key).ttl(redis_key)
    assert 0 < ttl <= sessions.SESSION_CACHE_SECONDS


def test_sign_out_ends_the_session_though_redis_held_a_copy(demo_data):
    client = _signed_in_client(_officer())
    client.get(PAGE)
    key = client.session.session_key
    assert _copy_in_redis(key)["_auth_user_id"]

    assert client.post(LOGOUT).status_code == 302
    assert _copy_in_redis(key) is None
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, replayed, is no one's session.
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = key
    assert replay.get(PAGE).wsgi_request.user.is_authenticated is False


def test_a_session_still_works_while_redis_is_down_read_from_the_database(
    demo_data, settings, django_assert_num_queries
):
    client = _signed_in_client(_officer())
    client.get(PAGE)
    with redis_down_for(settings):
        client.get(PAGE)  # finds Redis down
        with django_assert_num_queries(3):  # the session from the database again
            response = client.get(PAGE)
        assert response.status_code == 200
        assert response.wsgi_request.user.username == "officer"
        # Never a per-process copy: another worker would not see a sign-out remove it.
        assert _copies_in_the_fallback() == []


def test_a_sign_out_while_redis_is_down_removes_its_copy_once_redis_is_back(demo_data, settings):
    client = _signed_in_client(_officer())
    client.get(PAGE)
    key = client.session.session_key
    assert _copy_in_redis(key) is not None

    with redis_down_for(settings):
        assert client.post(LOGOUT).status_code == 302
        assert not Session.objects.filter(session_key=key).exists()
    assert key in {k.removeprefix(sessions.SessionStore.cache_key_prefix) for k in sessions._stale_keys}

    # Redis is back (and kept the old copy): the first session read removes it before it could count.
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = key
    assert replay.get(PAGE).wsgi_request.user.is_authenticated is False
    assert _copy_in_redis(key) is None
    assert not sessions._stale_keys
