"""The operations issue 14 sets targets for, measured through the running gunicorn like the pages.

- public comments: N clients POST the public comment API (s33(2)(c)) of an assessment open for
  comment, each request from a new client address through the trusted proxy header; then the rows
  are counted (every 201 a row: nothing lost), their receipts waited for (sent by the Celery worker)
  and both deleted, so runs do not grow the bench data;
- transitions: 4 clients run ``return_for_amendment`` (Office staff, API token) over a pool of lodged
  applications; the proponents then answer the requests (in process) and lodge again through the API
  (measured too), so the state mix is what it was (the events stay: they are append-only);
- screening: POST /api/v1/screening with profiles of 120 and 600 months and the largest allowed.
"""

import json
import math
import os
import random
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench import targets
from bench.run import Figures, Page, measure
from bench.targets import Operation

HERE = Path(__file__).resolve().parent
LOAD_DOMAIN = "bench-load.example"  # the comments and emails a run makes, found and removed by it
AMENDMENT = {"kind": "emission_profile", "detail": "Add the commissioning months to the profile."}


@dataclass
class Settings:
    port: int
    seconds: float
    minimum: int
    load_client: str = "auto"  # the public comments': wrk if installed ("auto"), "wrk" or "python"


def latency(f: Figures) -> str:
    return (
        f"p50 {f.quantile(0.5) * 1000:.1f} ms, p95 {f.quantile(0.95) * 1000:.1f} ms, "
        f"{f.rate:.1f}/s (n {len(f.latencies)}, {f.errors} errors)"
    )


# --- screening ---------------------------------------------------------------------------------


def profile_body(months: int) -> bytes:
    """``months`` consecutive months, CO2 and CH4 in each: from January 2027, or from January 1990
    where they would run past 2100 (the service screens months of 1990 to 2100)."""
    first = 2027 if 2027 + (months - 1) // 12 <= 2100 else 1990
    entries = [
        {"month": f"{first + n // 12}-{n % 12 + 1:02d}", "gases": {"CO2": "4000", "CH4": "12"}}
        for n in range(months)
    ]
    return json.dumps({"months": entries}).encode()


def screening(run: Settings, trivial: Figures, *, concurrency: int) -> list[Operation]:
    from greenhouse_office.emission_profiles import MAX_PROFILE_MONTHS

    rows = []
    for months, limit in (
        (120, targets.SCREENING_120_TIMES_TRIVIAL),
        (600, None),
        (MAX_PROFILE_MONTHS, targets.SCREENING_LARGEST_TIMES_TRIVIAL),
    ):
        body = profile_body(months)
        page = Page(
            f"screening {months} months",
            "/api/v1/screening",
            signed_in=False,
            method="POST",
            body=lambda n, body=body: body,
            distinct_clients=True,  # the screening rate (60/minute a client) keys on the address
        )
        f = measure(run.port, page, {}, seconds=run.seconds, concurrency=concurrency, minimum=run.minimum)
        times = targets.ratio(f.quantile(0.95), trivial.quantile(0.95))
        rows.append(
            Operation(
                f"screening API, {months} months ({concurrency} clients)",
                latency(f),
                f"trivial p95 {trivial.quantile(0.95) * 1000:.1f} ms",
                times,
                f"p95 <= {limit:g}x trivial" if limit else "none (between the two)",
                targets.at_most(times, limit) if limit and times is not None else "-",
                f"{len(body) / 1024:.0f} KB body",
            )
        )
    return rows


# --- public comments ---------------------------------------------------------------------------


def open_assessment():
    """An assessment open for comment now (the one with the latest closing day), or None."""
    from assessments.models import Application, State
    from assessments.services.comments import comments_open

    for application in Application.objects.filter(state=State.OPEN_FOR_COMMENT).order_by("-closing_day")[:20]:
        if comments_open(application):
            return application
    return None


def comment_body(n: int) -> bytes:
    return json.dumps(
        {
            "name": f"Bench commenter {n}",
            "email": f"commenter-{n}@{LOAD_DOMAIN}",
            "text": f"Comment {n}: the assessment understates the emissions of the construction phase.",
            "consent_to_publish": n % 2 == 0,
        }
    ).encode()


@dataclass
class Load:
    """What a load client measured: the answers expected (201), the others, seconds, p50 and p95."""

    client: str
    answered: int
    errors: int
    elapsed: float
    p50: float
    p95: float


def public_comments(run: Settings, *, clients: int) -> list[Operation]:
    from assessments.models import Comment
    from greenhouse_office.models import Email

    application = open_assessment()
    if application is None:
        return [Operation("public comments", "no assessment open for comment", verdict="not measured")]
    path = f"/api/v1/public/assessments/{application.pk}/comments"
    mine = Comment.objects.filter(application=application, email__endswith="@" + LOAD_DOMAIN)
    mine.filter(duplicate_of__isnull=False).delete()  # a run that stopped half-way
    mine.delete()
    wrk = shutil.which("wrk") if run.load_client in ("auto", "wrk") else None
    if run.load_client == "wrk" and wrk is None:
        raise SystemExit("--load-client wrk: wrk is not installed (apt-get install wrk).")
    load = _with_wrk(wrk, run, path, clients=clients) if wrk else _with_threads(run, path, clients=clients)
    rows = _settled(mine)
    lost = max(0, load.answered - rows)  # a 201 without its row
    # wrk stops at the second, dropping the answers in flight; their comments are recorded all the same.
    in_flight = max(0, rows - load.answered)
    receipts = Email.objects.filter(to__endswith="@" + LOAD_DOMAIN)
    sent, drained = _sent_by_the_worker(receipts, expected=rows)
    mine.filter(duplicate_of__isnull=False).delete()  # a duplicate protects its first
    mine.delete()
    receipts.delete()
    rate = load.answered / load.elapsed if load.elapsed else 0.0
    meets = rate >= targets.COMMENTS_PER_SECOND and load.errors == 0 and lost == 0
    verdict = "meets" if meets else targets.at_least(rate, targets.COMMENTS_PER_SECOND)
    if not meets and rate >= targets.COMMENTS_PER_SECOND:
        verdict = "misses (errors or lost)"
    return [
        Operation(
            f"public comments, API, {clients} clients ({load.client}), one address a request",
            f"{rate:.1f}/s; {load.answered} 201s, {rows} rows ({in_flight} in flight at the stop), "
            f"{lost} lost, {load.errors} errors; "
            f"p50 {load.p50 * 1000:.1f} ms, p95 {load.p95 * 1000:.1f} ms; {sent} of {rows} receipts sent "
            f"by the worker, {drained:.0f} s after the last request",
            target=f">= {targets.COMMENTS_PER_SECOND:g}/s, 0 errors, 0 lost (2 cores)",
            verdict=verdict,
            note=f"{application.reference}; rate limit unchanged (20/minute a client), each request its "
            "own X-Forwarded-For address (DJANGO_NUM_PROXIES=1); rows and emails deleted after",
        )
    ]


def _with_threads(run: Settings, path: str, *, clients: int) -> Load:
    """Python's threads (bench.run.measure): at a few hundred a second they take a core themselves."""
    page = Page(
        "public comments",
        path,
        signed_in=False,
        method="POST",
        body=comment_body,
        distinct_clients=True,
        expect=201,
    )
    f = measure(run.port, page, {}, seconds=run.seconds, concurrency=clients, minimum=run.minimum)
    return Load("Python threads", f.answered, f.errors, f.elapsed, f.quantile(0.5), f.quantile(0.95))


def _with_wrk(wrk: str, run: Settings, path: str, *, clients: int) -> Load:
    """wrk (C, an event loop a thread a core) with bench/comments.lua: far less CPU a request than
    Python's threads, so the server, PostgreSQL and Redis get the cores."""
    threads = max(1, min(clients, len(os.sched_getaffinity(0))))
    first = random.randrange(1 << 24)  # noqa: S311 - client addresses, not a secret
    command = [wrk, f"-t{threads}", f"-c{clients}", f"-d{max(1, math.ceil(run.seconds))}s", "--timeout=60s"]
    command += ["-s", str(HERE / "comments.lua"), f"http://127.0.0.1:{run.port}", "--", path, str(first)]
    command.append(LOAD_DOMAIN)
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=run.seconds + 180)  # noqa: S603
    figures = dict(line.rsplit(" ", 1) for line in out.stdout.splitlines() if line.count(" ") >= 1)
    statuses = {int(k.split()[1]): int(v) for k, v in figures.items() if k.startswith("status ")}
    answered = statuses.pop(201, 0)
    errors = sum(statuses.values()) + int(figures.get("socket_errors", 0))
    return Load(
        "wrk",
        answered,
        errors,
        int(figures["duration_us"]) / 1e6,
        int(figures["p50_us"]) / 1e6,
        int(figures["p95_us"]) / 1e6,
    )


def _settled(rows, *, quiet: float = 1.0, wait: float = 60) -> int:
    """How many ``rows`` there are once no more arrive for ``quiet`` seconds (the server finishes the
    requests a client dropped at its stop)."""
    began, count = time.monotonic(), rows.count()
    while time.monotonic() - began < wait:
        time.sleep(quiet)
        count, before = rows.count(), count
        if count == before:
            break
    return count


def _sent_by_the_worker(emails, *, expected: int, wait: float = 120) -> tuple[int, float]:
    """How many of ``emails`` the Celery worker has sent, waiting up to ``wait`` seconds for all
    ``expected``; and the seconds it took after the last request."""
    from greenhouse_office.models import Email

    began = time.monotonic()
    while True:
        sent = emails.filter(status=Email.Status.SENT).count()
        if sent >= expected or time.monotonic() - began > wait:
            return sent, time.monotonic() - began
        time.sleep(0.5)


# --- transitions -------------------------------------------------------------------------------


def _token(user, issued: list) -> str:
    from greenhouse_office.accounts.tokens import issue_token

    made = issue_token(user=user, name="bench run")
    issued.append(made.token)
    return made.key


def transitions(run: Settings, *, clients: int, pool_size: int) -> list[Operation]:
    """return_for_amendment over lodged applications, then answered and lodged again (both timed)."""
    from django.contrib.auth import get_user_model

    from assessments.models import AmendmentRequest, Application, State
    from assessments.services.applications import answer_amendment_request
    from greenhouse_office.accounts.tokens import revoke_token

    pool = list(
        Application.objects.filter(state=State.LODGED).order_by("pk").values_list("pk", flat=True)[:pool_size]
    )
    if not pool:
        return [Operation("transitions", "no lodged application", verdict="not measured")]
    issued: list = []
    try:
        officer = _token(get_user_model().objects.get(username="officer"), issued)
        body = json.dumps({"requests": [AMENDMENT], "ground": "other"}).encode()
        returning = Page(
            "return_for_amendment",
            "/api/v1/applications/<pk>/transitions/return_for_amendment",
            signed_in=False,
            method="POST",
            paths=lambda n: f"/api/v1/applications/{pool[n]}/transitions/return_for_amendment",
            body=lambda n: body,
            headers={"Authorization": f"Token {officer}"},
            limit=len(pool),
        )
        out = measure(run.port, returning, {}, seconds=run.seconds, concurrency=clients, minimum=1)
        returned = list(
            Application.objects.filter(pk__in=pool, state=State.RETURNED).select_related("created_by")
        )
        tokens = {}
        for application in returned:  # the proponent answers each request (not timed)
            for request in AmendmentRequest.objects.filter(application=application, answered_at=None):
                answer_amendment_request(
                    request=request, actor=application.created_by, response="Added the commissioning months."
                )
            if application.created_by_id not in tokens:
                tokens[application.created_by_id] = _token(application.created_by, issued)
        again = [(a.pk, tokens[a.created_by_id]) for a in returned]
        lodging = Page(
            "lodge again",
            "/api/v1/applications/<pk>/transitions/lodge",
            signed_in=False,
            method="POST",
            paths=lambda n: f"/api/v1/applications/{again[n][0]}/transitions/lodge",
            body=lambda n: b"{}",
            headers=lambda n: {"Authorization": f"Token {again[n][1]}"},
            limit=len(again),
        )
        back = measure(run.port, lodging, {}, seconds=0, concurrency=clients, minimum=len(again))
        still_returned = Application.objects.filter(pk__in=pool, state=State.RETURNED).count()
    finally:
        for token in issued:
            revoke_token(token=token, because="The bench run is over.")
    rows = []
    for name, f, note in (
        ("return_for_amendment (Office staff)", out, f"pool of {len(pool)} lodged applications"),
        (
            "lodge again (proponents)",
            back,
            f"after answering the requests in process; {still_returned} left returned; "
            "its receipt PDF is queued for the Celery worker (after commit), not rendered in the request",
        ),
    ):
        rate = f.answered / f.elapsed if f.elapsed else 0.0
        rows.append(
            Operation(
                f"API transition {name}, {clients} clients",
                f"{rate:.1f}/s; {f.answered} done, {f.errors} errors; p95 {f.quantile(0.95) * 1000:.1f} ms"
                if f.latencies
                else "none",
                target=f">= {targets.TRANSITIONS_PER_SECOND:g}/s with 4 clients",
                verdict=targets.at_least(rate, targets.TRANSITIONS_PER_SECOND),
                note=note,
            )
        )
    return rows
