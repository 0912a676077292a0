"""gunicorn's settings for the web container (read from the working directory; the command line wins).

Workers are recycled after a number of requests, with jitter so they do not all restart at once: a
worker that grew while serving a large page gives its memory back (issue 14).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside its container, behind the proxy
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Request lines and headers are bounded here; bodies by the proxy and the first middleware (413).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
