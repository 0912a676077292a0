"""Test settings: the base settings with fast, isolated choices.

PostgreSQL and Redis are used when DATABASE_URL / REDIS_URL are set (CI), SQLite otherwise.
"""

import os
import tempfile

TEMPORARY_MEDIA_PREFIX = "greenhouse-test-media-"

# Tests must not depend on a developer's secret; set before the base settings read it.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")
os.environ.setdefault("GREENHOUSE_EVENT_LOG_KEYS", "test:test-only-event-log-key")
# Tests run as production does (debug off), whatever a developer's .env says.
os.environ.setdefault("DJANGO_DEBUG", "false")
# Every test client is 127.0.0.1, and test sessions may share one Redis: the page-view limit is out of
# reach here (tests/assessments/test_public_caching.py sets a low one to test it).
os.environ.setdefault("GREENHOUSE_PAGE_VIEW_RATE", "100000/minute")
# Uploads and generated PDFs go to a throwaway folder, never the project's media-private/. Through
# the environment, so the real Celery worker a test starts (tests/conftest.py) uses the same one;
# tests/conftest.py removes it when the session ends.
if not os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT"):
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix=TEMPORARY_MEDIA_PREFIX)

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production

# Unit tests run tasks in-process; the Celery integration tests start a real worker over Redis.
CELERY_TASK_ALWAYS_EAGER = True

# No collectstatic in tests: plain storage instead of the manifest one.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# The tests' own HTTP client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
