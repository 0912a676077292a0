"""Rate limits (DRF throttles) in one round trip to Redis: a count per client and window, not a list.

Why: DRF's SimpleRateThrottle reads a client's request times and writes them back, two round trips
a request (8.5% of a public comment, 25% of a 120-month screening); one pipelined INCR counts here.

A window opens at the client's first request and its key expires a period later, in Redis's clock (one
for every process; a window on the wall clock's minutes would split a burst that straddles one, and
each server's clock would draw the edge), so ``wait()``, the 429's Retry-After, is what is left of it.
"""

from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from greenhouse_office.cache import incr_window


class FixedWindowThrottle(SimpleRateThrottle):
    """SimpleRateThrottle's API (``scope`` or ``rate``, ``get_cache_key``, ``wait``), counted in a
    fixed window; a subclass says whom it counts by ``get_cache_key``, as with DRF's."""

    # Not DRF's keys: left from before, those hold a list of times, which INCR refuses.
    cache_format = "throttle_window_%(scope)s_%(ident)s"
    count = 0
    seconds_left: float | None = None

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.count, self.seconds_left = incr_window(self.cache, self.key, self.duration)
        if self.count > self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def throttle_success(self):
        return True

    def wait(self):
        """Seconds until the window ends and the client may make requests again."""
        return self.seconds_left


class ScopedFixedWindowThrottle(ScopedRateThrottle, FixedWindowThrottle):
    """DRF's ScopedRateThrottle (a view's ``throttle_scope``, per user when signed in, otherwise per
    client address, NUM_PROXIES deep), counted in a fixed window (settings: DEFAULT_THROTTLE_CLASSES)."""
