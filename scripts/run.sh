#!/usr/bin/env bash
# `make run`: migrate, seed the demo, serve http://127.0.0.1:8000, and with REDIS_URL set also run
# a Celery worker and beat, stopping them on Ctrl-C. HOST and PORT choose the address.
# The terminal keeps to what a newcomer needs: the seed runs quietly, the demo logins and
# addresses come last, then the server's own lines. Emails go to files under var/mail/.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-greenhouse_office.settings.base}"
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
BASE="http://${HOST}:${PORT}"
export GREENHOUSE_SITE_URL="${GREENHOUSE_SITE_URL:-$BASE}"  # the links in the demo's emails
mkdir -p var/log

# Unless the developer chose a backend, each email is written to a file instead of the terminal
# (the outbox records every one either way).
if [ -z "${EMAIL_URL:-}" ] && ! grep -qs '^EMAIL_URL=' .env; then
  export EMAIL_URL="filemail:///${PWD}/var/mail"  # django-environ drops one slash of the path
  mail_line="Emails (notices to the demo people): written to var/mail/, one file each"
else
  mail_line="Emails: sent with EMAIL_URL"
fi

echo "Migrating the database and seeding the demo (a few seconds)..."
"$PY" manage.py migrate --no-input --verbosity 0
# The seed's log lines (each PDF, each email task) are of no use here: warnings and errors only.
# Its own output, the logins, is kept for the banner.
logins="$(DJANGO_LOG_LEVEL=WARNING "$PY" manage.py seed_demo)"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

if [ -n "${REDIS_URL:-}" ]; then
  # Their own log files, so their lines do not bury the logins (`tail -f var/log/worker.log`).
  "$PY" -m celery -A greenhouse_office --quiet worker --loglevel=INFO --concurrency=2 \
    >var/log/worker.log 2>&1 &
  pids+=($!)
  "$PY" -m celery -A greenhouse_office --quiet beat --loglevel=INFO --schedule var/celerybeat-schedule \
    >var/log/beat.log 2>&1 &
  pids+=($!)
  sleep 2  # a worker that cannot reach Redis or import the project stops within this
  for i in 0 1; do
    name=$([ "$i" = 0 ] && echo worker || echo beat)
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "The Celery ${name} stopped; the end of var/log/${name}.log:" >&2
      tail -n 20 "var/log/${name}.log" >&2
      exit 1
    fi
  done
  jobs_line="Background jobs: a Celery worker and beat over ${REDIS_URL} (logs in var/log/)"
else
  jobs_line="Background jobs: run in-process (set REDIS_URL=redis://127.0.0.1:6379/0 for a worker and beat)"
fi

cat <<INFO

Greenhouse Office demo
  Home (public, every user group): ${BASE}/
  The public: assessments, comment: ${BASE}/assessments/  decisions: ${BASE}/decisions/
  The public: greenhouse plans:    ${BASE}/plans/  (Part 7: task forces, plans, reviews)
  Sign in (every role):            ${BASE}/accounts/login/  (new proponents: ${BASE}/accounts/signup/)
  Proponents and auditors:         ${BASE}/portal/
  Office staff and Director:       ${BASE}/admin/  (today: ${BASE}/admin/assessments/application/today/)
  The Minister:                    ${BASE}/minister/
  API documentation:               ${BASE}/api/docs/
  ${jobs_line}
  ${mail_line}
  Options: HOST=0.0.0.0 PORT=8080 make run; DJANGO_LOG_LEVEL=DEBUG (or WARNING) make run
  Start the demo afresh: make reset-demo (deletes db.sqlite3, media-private/ and var/)

${logins}

Press Ctrl-C to stop.

INFO

# In the foreground, so Ctrl-C reaches the server; the EXIT trap then stops the worker and beat.
"$PY" manage.py runserver "${HOST}:${PORT}"
