#!/usr/bin/env bash
# `make run`: migrate, seed the demo, serve http://127.0.0.1:8000, and with REDIS_URL set also run
# a Celery worker and beat, stopping them on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-greenhouse_office.settings.base}"
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
BASE="http://${HOST}:${PORT}"

"$PY" manage.py migrate --no-input
"$PY" manage.py seed_demo

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

if [ -n "${REDIS_URL:-}" ]; then
  mkdir -p var
  "$PY" -m celery -A greenhouse_office worker --loglevel=INFO --concurrency=2 &
  pids+=($!)
  "$PY" -m celery -A greenhouse_office beat --loglevel=INFO --schedule var/celerybeat-schedule &
  pids+=($!)
  jobs_line="Background jobs: a Celery worker and beat over ${REDIS_URL}"
else
  jobs_line="Background jobs: run in-process (no REDIS_URL); set REDIS_URL=redis://127.0.0.1:6379/0 for a worker and scheduled jobs"
fi

cat <<INFO

Greenhouse Office demo
  Home (public, every user group): ${BASE}/
  Sign in (every role):            ${BASE}/accounts/login/
  Office staff and Director:       ${BASE}/admin/
  API documentation:               ${BASE}/api/docs/
  ${jobs_line}
  Demo logins are listed above (password from DEMO_PASSWORD, default greenhouse-demo).
  Press Ctrl-C to stop.

INFO

# In the foreground, so Ctrl-C reaches the server; the EXIT trap then stops the worker and beat.
"$PY" manage.py runserver "${HOST}:${PORT}"
