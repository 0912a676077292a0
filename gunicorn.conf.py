"""gunicorn's settings for the web container (read from the working directory; the command line wins).

Workers are recycled after a number of requests, with jitter so they do not all restart at once: a
worker that grew while serving a large page gives its memory back (issue 14).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside its container, behind the proxy
# Sync workers, each one request at a time: gunicorn's advice is 2 x cores + 1, so one worker's wait on
# PostgreSQL or Redis leaves the cores busy with the others. The cores this process may run on (a
# container's CPU set, not the host's), and at most 12 workers (each holds ~200 MB once warm).
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * len(os.sched_getaffinity(0)) + 1, 12)))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Request lines and headers are bounded here; bodies by the proxy and the first middleware (413).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"

# The cyclic garbage collector's thresholds in each worker (gen0 allocations, then gen1 and gen2
# passes). Python's default (700, 10, 10) runs a full collection over a warm worker's ~100 MB of
# objects every few requests that build large answers: at 1,200 months the screening API had one request
# in 20 take 100-300 ms, a p95 of 130 ms against a p50 of 14 ms (bench/RESULTS.md). Collecting young
# objects 70x less often removes that tail (p95 31 ms); garbage is still collected, and max_requests
# bounds what a worker can accumulate.
GC_THRESHOLDS = (50_000, 20, 100)


def post_fork(server, worker):
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
