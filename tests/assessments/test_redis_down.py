"""Redis down must not take the site down (docs/adr/0007-email-outbox.md).

The cache and the Celery broker point at a port where nothing listens: rate-limited answers, sign-in
and acts still work, an act answers within a second, and its email waits in the outbox until the
resend job sends it once the broker is back.
"""

import logging
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from assessments.models import Comment, State
from greenhouse_office import cache as fail_open_cache
from greenhouse_office.celery import app as celery_app
from greenhouse_office.models import Email
from greenhouse_office.tasks import resend_queued_emails
from tests.sign_in import sign_in

from .conftest import PROFILE

# Nothing listens on port 1: every connection is refused.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
COMMENT = {"name": "Sam Citizen", "email": "sam@example.com", "text": "Consider carbon capture."}
SCREENING = {"gwp_set": "SAR", "months": PROFILE["months"]}
# An act must answer well within this with Redis down (it connects and gives up in well under it).
ACT_SECONDS = 1.0


def _drop_broker_connections():
    """Celery caches its connection and producer pools: forget them so a new broker_url is used.

    Not closed: kombu keeps one pool per broker address for the process and hands the same one back.
    """
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str, *, eager: bool = False):
    """Publish tasks to ``url`` (not run in-process) while inside; restore the test broker after."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, eager
    _drop_broker_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        _drop_broker_connections()


@contextmanager
def redis_down_for(settings):
    """The cache and the broker point at a Redis that refuses connections, while inside."""
    original_outages = fail_open_cache._outages
    fail_open_cache._outages = {}  # a fresh outage, whatever ran before
    saved_caches = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "greenhouse_office.cache.FailOpenRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "KEY_PREFIX": "greenhouse",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    caches["default"].fallback.clear()  # what earlier tests counted there
    try:
        with broker(UNREACHABLE_REDIS):
            yield
    finally:
        settings.CACHES = saved_caches
        fail_open_cache._outages = original_outages


@pytest.fixture
def redis_down(settings):
    with redis_down_for(settings):
        yield


def _outage_warnings(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "greenhouse_office.cache" and r.levelname == "WARNING"
    ]


@pytest.mark.django_db
def test_the_throttled_screening_api_answers_200_and_warns_once_per_outage(redis_down, caplog):
    api = APIClient()
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.cache"):
        responses = [api.post("/api/v1/screening", SCREENING, format="json") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200], responses[0].content
    assert responses[0].json()["exceeds_threshold"] is True
    warnings = _outage_warnings(caplog)
    assert len(warnings) == 1 and "Redis cache unreachable" in warnings[0]


@pytest.mark.django_db
def test_rate_limits_still_count_in_the_fallback_cache(redis_down, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"screening": "2/minute"})
    api = APIClient()
    codes = [api.post("/api/v1/screening", SCREENING, format="json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_sign_in_works_with_redis_down(client, demo_data, redis_down):
    response = sign_in(client, get_user_model().objects.get(username="officer"))
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session["_auth_user_id"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_act_answers_within_a_second_and_its_email_waits_for_the_broker(
    make_application, settings, caplog
):
    """A public comment (s33(2)(c)) queues its receipt; the real commit runs the publish in the request."""
    application = make_application(State.OPEN_FOR_COMMENT)
    Email.objects.all().delete()  # the emails of the steps that built the application
    mail.outbox.clear()
    url = f"/api/v1/public/assessments/{application.pk}/comments"

    with redis_down_for(settings), caplog.at_level(logging.WARNING):
        started = time.monotonic()
        response = APIClient().post(url, COMMENT, format="json")
        elapsed = time.monotonic() - started

    assert response.status_code == 201, response.content
    assert elapsed < ACT_SECONDS, f"the act took {elapsed:.2f} s with Redis down"
    assert Comment.objects.filter(reference=response.json()["reference"]).exists()
    receipt = Email.objects.get(template="comment_received", to=COMMENT["email"])
    assert (receipt.status, receipt.attempts) == (Email.Status.QUEUED, 0)
    assert any(
        f"Email {receipt.pk} stays queued" in r.getMessage() and r.levelname == "WARNING"
        for r in caplog.records
    )
    assert not mail.outbox

    # The broker is back (tasks run in-process here); the next resend run sends the receipt.
    Email.objects.filter(pk=receipt.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert resend_queued_emails() == 1
    receipt.refresh_from_db()
    assert receipt.status == Email.Status.SENT
    assert [m.to for m in mail.outbox] == [[COMMENT["email"]]]


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_waiting_email_once_redis_is_back(make_application, settings, real_worker):
    application = make_application(State.OPEN_FOR_COMMENT)
    Email.objects.all().delete()
    with redis_down_for(settings):
        response = APIClient().post(
            f"/api/v1/public/assessments/{application.pk}/comments", COMMENT, format="json"
        )
    assert response.status_code == 201, response.content
    receipt = Email.objects.get(template="comment_received")
    assert receipt.status == Email.Status.QUEUED
    Email.objects.filter(pk=receipt.pk).update(created_at=timezone.now() - timedelta(minutes=11))

    # Back at the real Redis; send_email goes to the test worker's private queue.
    saved_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = real_worker.queue
    try:
        with broker(django_settings.REDIS_URL):
            assert resend_queued_emails() == 1
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                receipt.refresh_from_db()
                # Claimed (sending) before it is sent: wait for the end of both.
                if receipt.status not in (Email.Status.QUEUED, Email.Status.SENDING):
                    break
                time.sleep(0.5)
    finally:
        celery_app.conf.task_default_queue = saved_queue
    output = real_worker.stop()
    assert receipt.status == Email.Status.SENT, output[-3000:]
    assert "greenhouse_office.tasks.send_email" in output
