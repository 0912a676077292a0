"""The bench's settings: production's (debug off) over the bench database, plus one trivial view.

Every value is a default a real environment variable overrides, except debug, which is always off:
a figure measured with debug on would say nothing about production. The log key and secret key are
fixed and public, so the data generated in one run verify in the next (never use them elsewhere).
"""

import os
from pathlib import Path

_BENCH_VAR = Path(__file__).resolve().parent.parent / "var" / "bench"

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gh_bench")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-public-never-used-outside-the-bench")
os.environ.setdefault("GREENHOUSE_EVENT_LOG_KEYS", "bench:bench-only-event-log-key-public")
# gunicorn on loopback speaks plain HTTP, as behind the TLS-terminating proxy.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", str(_BENCH_VAR / "media"))
os.environ.setdefault("DJANGO_STATIC_ROOT", str(_BENCH_VAR / "static"))
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
# Behind one trusted proxy, as in production: the bench's client plays it, giving each public comment
# and screening request its own X-Forwarded-For address, so the per-client rate limits (unchanged)
# count clients, not the loopback address they all share.
os.environ.setdefault("DJANGO_NUM_PROXIES", "1")
os.environ.setdefault("EMAIL_URL", "dummymail://")
# Redis, as in production: the broker a real Celery worker (started beside gunicorn by bench.run) takes
# the emails and PDFs from, so a request is measured alone; and the shared cache the rate limits count
# in. A database of its own (3), so a run neither reads nor flushes another's keys.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
# The pages are measured from a few loopback clients, not the throttle's refusals: its check still runs
# on every anonymous request (one cache increment), at a rate the bench never reaches.
os.environ.setdefault("GREENHOUSE_PAGE_VIEW_RATE", "1000000/minute")

from greenhouse_office.settings.base import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
