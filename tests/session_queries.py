"""The query a signed-in request reads its session with, for the query-count tests."""

from django.conf import settings


def session_queries() -> int:
    """1 with sessions in the database only; 0 where Redis is the cache and holds a copy of the
    session, read before the database (greenhouse_office/sessions.py; the tests warm it first)."""
    return 0 if settings.SESSION_ENGINE == "greenhouse_office.sessions" else 1
