"""Test settings: the base settings with fast, isolated choices.

PostgreSQL and Redis are used when DATABASE_URL / REDIS_URL are set (CI), SQLite otherwise.
"""

import os

# Tests must not depend on a developer's secret; set before the base settings read it.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")
# Tests run as production does (debug off), whatever a developer's .env says.
os.environ.setdefault("DJANGO_DEBUG", "false")

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
