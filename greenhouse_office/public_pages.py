"""The public pages' caching and rate limit: ``public_page`` wraps a public GET view.

For everyone not signed in it counts the view against a generous per-address rate (``page_views`` in
DEFAULT_THROTTLE_RATES, keyed as the API's throttles key a client) and answers a conditional GET with a
304 before the view runs. Signed-in people are neither throttled nor given an ETag: their copy carries
their name and sign-out form (base.html), so it is ``private`` and rendered each time.

Why an ETag from the data and not from the body: ConditionalGetMiddleware hashes the rendered page,
which saves the bandwidth but not the work (every query and the render still run). Here each page
names a cheap *version* of what it shows (one query of scalar subqueries: the latest change time,
newest id and count of the rows it lists, see ``fingerprint``), folded with the address asked for, the
legal day (comment windows and "overdue" are worded by day) and the hour (a bound on how long a change
no version sees, such as a deploy's new templates, can go unnoticed). The ETag is weak (equal
versions mean the same page, not the same bytes). No Last-Modified: a page shows rows of several tables
and some changes move only a count, so only the ETag is trustworthy.
"""

import hashlib
import math
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Func
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import condition

from greenhouse_office import clock
from greenhouse_office.throttling import FixedWindowThrottle

PER = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}


class PageViewThrottle(FixedWindowThrottle):
    """Anonymous views of the public pages, per client address (settings: DEFAULT_THROTTLE_RATES)."""

    scope = "page_views"

    def get_rate(self):
        # Read now, not at import (DRF's class attribute), so a deployment's or a test's setting counts.
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def cacheable(request, response):
    """A public page is the same for everyone not signed in (shared caches may keep it a while);
    a signed-in person's copy carries their name and sign-out form, so it is theirs only."""
    response["Cache-Control"] = "public, max-age=300" if not request.user.is_authenticated else "private"
    patch_vary_headers(response, ["Cookie"])
    return response


def latest(queryset, field: str):
    """The greatest ``field`` of the rows (one value: read by ``fingerprint``)."""
    return queryset.order_by().values(value=Func(F(field), function="MAX"))


def count(queryset):
    return queryset.order_by().values(value=Func(F("pk"), function="COUNT"))


def fingerprint(*values) -> tuple:
    """Each of ``values`` (``latest``/``count`` querysets) in one query, as scalar subqueries."""
    parts, params = [], []
    for queryset in values:
        try:
            sql, part_params = queryset.query.sql_with_params()
        except EmptyResultSet:  # no row can match (an id beyond the column's range): nothing to version
            parts.append("NULL")
            continue
        parts.append(f"({sql})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)  # noqa: S608 - the ORM's own SQL and params
        return cursor.fetchone()


def public_page(version=None, *, shared: bool = True, form: bool = False):
    """Throttle anonymous views and answer their conditional GETs (module docstring).

    ``version(request, *args, **kwargs)`` says what the page shows now (``fingerprint``), or None
    where the page shows nothing from the database. ``shared``: Cache-Control as ``cacheable`` sets
    it (off for a page with a form: its CSRF token is the visitor's). ``form``: the page has a CSRF
    token, so the visitor's CSRF cookie is part of its version (no cookie: rendered, and set).
    """

    def decorator(view):
        def etag(request, *args, **kwargs):
            if messages.get_messages(request):  # a message shows once: render it (len() reads none)
                return None
            extra = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "") if form else ""
            # Kept for the view, which may key a cached answer by it (the register's count).
            request.public_version = version(request, *args, **kwargs) if version else None
            return _etag(view, request, request.public_version, extra)

        conditional = condition(etag_func=etag)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
            else:
                throttle = PageViewThrottle()
                if not throttle.allow_request(request, None):
                    return too_many_requests(request, throttle)
                response = conditional(request, *args, **kwargs)
            if shared:
                return cacheable(request, response)
            response["Cache-Control"] = "private"
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapped

    return decorator


def conditional_api(version):
    """A public API list's conditional GET (its throttles are DRF's): the ETag as the pages', with the
    Accept header (JSON, or the browsable API's HTML), for ``method_decorator`` on ``get``."""

    def decorator(method):
        def etag(request, *args, **kwargs):
            accept = request.META.get("HTTP_ACCEPT", "")
            return _etag(method, request, version(request, *args, **kwargs), accept)

        conditional = condition(etag_func=etag)(method)

        def with_vary(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            patch_vary_headers(response, ["Accept"])
            return response

        return wraps(method)(with_vary)

    return decorator


def _etag(view, request, version, extra: str = "") -> str:
    parts = [
        view.__module__,
        view.__qualname__,
        request.get_full_path(),
        clock.legal_now().strftime("%Y-%m-%dT%H"),  # the legal day, and the hour
        repr(version),
        extra,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def too_many_requests(request, throttle: FixedWindowThrottle):
    """429: the limit in words and when to try again (and Retry-After); no cache may keep it."""
    wait = math.ceil(throttle.wait() or 1)
    context = {"wait": wait, "limit": throttle.num_requests, "per": PER.get(throttle.duration, "period")}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response
