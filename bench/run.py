"""Measure the pages against trivial baselines served by the same gunicorn in the same run.

Starts gunicorn (production settings, debug off: bench.settings) on a free loopback port over the
bench database, with a real Celery worker beside it over Redis (REDIS_URL, default db 3: the emails
and PDFs an act queues are the worker's, as in production, not the request's), signs an Office staff
session in through the pages (password, then the TOTP code), and for each page sends requests from a
few threads for some seconds: p50, p95, requests per second and the response size, each latency also
as a ratio to the trivial view (no database query) and to a trivial admin page (the password change
form: a signed-in admin page that reads no records).
Then the operations of issue 14 (bench/operations.py, bench/offline.py): the screening API, public
comment submissions, API transitions, ``verify_log`` and the advice PDF, and the workers' memory, in a
second table, each next to its baseline and its target (bench/targets.py: "meets" or "misses by Nx").
Prints both and appends them to bench/RESULTS.md with the date and the machine (not with --no-record).

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.run [--seconds 10] [--concurrency 2]
        [--only pages,screening,comments,transitions,verify,pdf] [--no-record]
"""

import argparse
import http.client
import itertools
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
TIMEOUT = 300  # seconds: the slowest page must still answer, however slowly


@dataclass
class Page:
    """A page, or any request measured like one: ``paths``/``body`` give the n-th request's path and
    JSON body; ``distinct_clients`` sends each from a new address through the trusted proxy header."""

    name: str
    path: str
    signed_in: bool = True
    method: str = "GET"
    paths: Callable[[int], str] | None = None
    body: Callable[[int], bytes] | None = None
    headers: dict | Callable[[int], dict] = field(default_factory=dict)
    distinct_clients: bool = False
    expect: int = 200
    limit: int | None = None  # at most this many requests (a pool that runs out)
    cookies: dict | None = None  # the session it is measured with (None: signed_in uses measure's)

    def request(self, n: int) -> tuple[str, str, bytes | None, dict]:
        headers = dict(self.headers(n) if callable(self.headers) else self.headers)
        if self.distinct_clients:
            headers["X-Forwarded-For"] = client_address()
        path = self.paths(n) if self.paths else self.path
        return self.method, path, self.body(n) if self.body else None, headers


# From a random point: the rate limits count in Redis, which outlives a run, so a second run within the
# minute must not reuse the first's addresses.
_ADDRESSES = itertools.count(random.randrange(1 << 24))  # noqa: S311 - not a secret


def client_address() -> str:
    """A new client address for each request of the run (10.x.y.z): with DJANGO_NUM_PROXIES=1
    (bench.settings) the rate limits key on it, as behind the real proxy."""
    n = next(_ADDRESSES) % (1 << 24)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@dataclass
class Figures:
    page: Page
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    size: int = 0
    elapsed: float = 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if len(ordered) == 1:
            return ordered[0]
        return statistics.quantiles(ordered, n=100, method="inclusive")[round(q * 100) - 1]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != self.page.expect)

    @property
    def answered(self) -> int:
        return self.statuses.get(self.page.expect, 0)


class Client:
    """Plain HTTP/1.1 to the loopback server; one connection per request (gunicorn's sync workers
    close each one), cookies kept by hand (the session's are Secure, as behind TLS)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: dict | bytes | None = None,
        cookies: bool = True,
        headers: dict | None = None,
    ):
        """``body``: a dict is sent as a form, bytes as JSON."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if isinstance(body, bytes):
            data = body
            headers["Content-Type"] = "application/json"
        elif body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content
        finally:
            connection.close()

    def form_post(self, path: str, fields: dict):
        """GET the form for its CSRF token, then POST it."""
        status, _, page = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path} gave {status} without a CSRF token")
        return self.request("POST", path, {**fields, "csrfmiddlewaretoken": match.group(1).decode()})


def sign_in(client: Client, username: str) -> None:
    """Through the pages, as a person does: password, then the authenticator's current code."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from greenhouse_office.accounts.mfa import current_code

    status, headers, _ = client.form_post(
        "/accounts/login/", {"login": username, "password": settings.DEMO_PASSWORD}
    )
    if status == 302 and headers["Location"].startswith("/accounts/2fa/authenticate/"):
        user = get_user_model().objects.get(username=username)
        status, headers, _ = client.form_post("/accounts/2fa/authenticate/", {"code": current_code(user)})
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing {username} in failed (status {status})")


def measure(
    port: int, page: Page, cookies: dict, *, seconds: float, concurrency: int, minimum: int
) -> Figures:
    """Requests from ``concurrency`` threads until ``seconds`` have passed and ``minimum`` were answered."""
    figures = Figures(page)
    lock = threading.Lock()
    start = time.perf_counter()
    issued = 0

    def worker():
        nonlocal issued
        client = Client(port)
        client.cookies = dict(page.cookies if page.cookies is not None else cookies) if page.signed_in else {}
        while True:
            with lock:
                if time.perf_counter() - start >= seconds and issued >= minimum:
                    return
                if page.limit is not None and issued >= page.limit:
                    return
                n = issued
                issued += 1
            method, path, body, headers = page.request(n)
            began = time.perf_counter()
            status, _, content = client.request(method, path, body, headers=headers)
            took = time.perf_counter() - began
            with lock:
                figures.latencies.append(took)
                figures.statuses[status] = figures.statuses.get(status, 0) + 1
                figures.size = max(figures.size, len(content))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.elapsed = time.perf_counter() - start
    return figures


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "greenhouse_office.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--timeout={TIMEOUT}",
        "--log-level=warning",
        "--access-logfile=/dev/null",  # gunicorn.conf.py logs every request; the bench's table is its log
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own gunicorn, fixed arguments
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Client(port).request("GET", "/bench/trivial")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def default_workers() -> int:
    """gunicorn.conf.py's: 2 x the cores this process may use + 1 (gunicorn's advice), at most 12."""
    return int(os.environ.get("GUNICORN_WORKERS", min(2 * len(os.sched_getaffinity(0)) + 1, 12)))


def check_redis() -> str:
    """REDIS_URL, if Redis answers there; otherwise stop with what to do (the bench needs a broker)."""
    import redis
    from django.conf import settings

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(
            f"Redis is not answering at {settings.REDIS_URL} ({error}). The bench runs a Celery worker "
            "over it: start Redis (`redis-server --daemonize yes`, or `docker compose up -d redis`) or "
            "set REDIS_URL."
        ) from error
    return settings.REDIS_URL


def start_celery_worker() -> subprocess.Popen:
    """A real worker over the bench's Redis, as in production (one process; niced, so on a small
    machine it drains the queue in the time the requests leave, and the table measures requests)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [
        "nice",
        "-n",
        "10",
        sys.executable,
        "-m",
        "celery",
        "-A",
        "greenhouse_office",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=WARNING",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own worker, fixed arguments


def worker_memory_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (Linux /proc), largest first."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sorted(sizes, reverse=True)
    except (OSError, AttributeError):
        return []


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory = re.search(r"MemTotal:\s+(\d+)", _read("/proc/meminfo"))
    ram = f"{int(memory.group(1)) / 1024**2:.0f} GB RAM" if memory else "RAM unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({cpu}), {ram}, {platform.system()} {platform.release()}, load {load}"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def data_description() -> tuple[str, int]:
    """What the database holds, and the application with the most comments (the change page's)."""
    from django.db import connection
    from django.db.models import Count

    from assessments.models import Application, ApplicationEvent, Comment, Document

    largest = Application.objects.annotate(n=Count("comments")).order_by("-n").values_list("pk", "n").first()
    if largest is None:
        raise RuntimeError("The bench database has no applications: run python -m bench.generate first.")
    counts = (
        f"{Application.objects.count():,} applications, {ApplicationEvent.objects.count():,} events, "
        f"{Comment.objects.count():,} comments (GHO-{largest[0]:05d}: {largest[1]:,}), "
        f"{Document.objects.count():,} documents; {connection.vendor} {connection.pg_version // 10000}"
        if connection.vendor == "postgresql"
        else f"{Application.objects.count():,} applications; {connection.vendor}"
    )
    return counts, largest[0]


SECTIONS = ("pages", "screening", "comments", "transitions", "verify", "pdf")
BASELINES = ("trivial view (no query)", "trivial admin page")


def table(results: list[Figures], trivial: Figures, trivial_admin: Figures | None) -> str:
    from bench.targets import PAGE_P95_TIMES_TRIVIAL, at_most

    lines = [
        "| page | path | n | p50 ms | p95 ms | req/s | KB | p50 / trivial | p95 / trivial "
        "| p50 / trivial admin | p95 / trivial admin | not 200 "
        f"| p95 <= {PAGE_P95_TIMES_TRIVIAL:g}x trivial |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in results:
        p50, p95 = f.quantile(0.5), f.quantile(0.95)
        admin = (
            f"{p50 / trivial_admin.quantile(0.5):.1f}x | {p95 / trivial_admin.quantile(0.95):.1f}x"
            if trivial_admin
            else "- | -"
        )
        times = p95 / trivial.quantile(0.95)
        verdict = "baseline" if f.page.name in BASELINES else at_most(times, PAGE_P95_TIMES_TRIVIAL)
        lines.append(
            f"| {f.page.name} | `{f.page.path}` | {len(f.latencies)} | {p50 * 1000:.1f} | {p95 * 1000:.1f} "
            f"| {f.rate:.1f} | {f.size / 1024:.0f} | {p50 / trivial.quantile(0.5):.1f}x "
            f"| {times:.1f}x | {admin} | {f.errors} | {verdict} |"
        )
    return "\n".join(lines)


def sections(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown: {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per page (default 10)")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (default 2)")
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="gunicorn sync workers (default GUNICORN_WORKERS, else 2 x cores + 1 as gunicorn.conf.py)",
    )
    parser.add_argument("--minimum", type=int, default=5, help="requests per page at least (default 5)")
    parser.add_argument(
        "--only",
        type=sections,
        default=SECTIONS,
        help=f"comma-separated, of {', '.join(SECTIONS)} (default all; the trivial view always runs)",
    )
    parser.add_argument("--comment-clients", type=int, default=8, help="public comment clients (default 8)")
    parser.add_argument(
        "--load-client",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="public comments' client: wrk if installed (auto, the default), wrk, or Python threads",
    )
    parser.add_argument("--transition-pool", type=int, default=300, help="lodged applications at most")
    parser.add_argument("--no-results", "--no-record", action="store_true", help="print only; do not append")
    args = parser.parse_args(argv)

    from bench.generate import setup

    setup()
    from django.core.management import call_command

    from bench import offline, operations, pages, targets

    call_command("collectstatic", interactive=False, verbosity=0)  # debug off: the manifest is needed
    described, largest = data_description()
    broker = check_redis()
    port = free_port()
    celery_worker = start_celery_worker()
    server = start_server(port, args.workers)
    rows: list = []
    try:
        memory_before = worker_memory_mb(server)
        run = operations.Settings(port, args.seconds, args.minimum, args.load_client)
        trivial_page = Page(BASELINES[0], "/bench/trivial", signed_in=False)
        results = pages.run_pages(port, [trivial_page], args)
        trivial = results[0]
        if "pages" in args.only:
            results += pages.run_pages(port, pages.page_list(port, largest), args)
        if "screening" in args.only:
            rows += operations.screening(run, trivial, concurrency=args.concurrency)
        if "comments" in args.only:
            rows += operations.public_comments(run, clients=args.comment_clients)
        if "transitions" in args.only:
            rows += operations.transitions(run, clients=4, pool_size=args.transition_pool)
        memory = worker_memory_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
        celery_worker.terminate()  # warm shutdown: the task it runs finishes
        celery_worker.wait(timeout=60)
    if "verify" in args.only:
        rows += offline.verify_log()
    if "pdf" in args.only:
        rows += offline.advice_pdf()
    megabytes = lambda sizes: ", ".join(f"{m:.0f} MB" for m in sizes) or "unknown"  # noqa: E731
    rows.append(
        targets.Operation(
            "worker memory",
            f"before the first request: {megabytes(memory_before)}; after the last: {megabytes(memory)}",
            note="resident, each gunicorn worker, largest first",
        )
    )
    admin = next((f for f in results if f.page.name == BASELINES[1]), None)
    report = "\n".join(
        [
            f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {machine()}. Python {platform.python_version()}.",
            f"Data: {described}.",
            f"Server: gunicorn, {args.workers} sync workers (2 x cores + 1 unless --workers), debug off "
            "(bench.settings), loopback, behind one trusted proxy (DJANGO_NUM_PROXIES=1: the bench "
            f"client is the proxy); Redis {broker} as broker and cache, one Celery worker (solo pool, "
            "nice 10) sending the emails and rendering the PDFs the requests queue; "
            f"client: {args.concurrency} threads, {args.seconds:g} s a page (at least {args.minimum} "
            f"requests), one connection per request. Measured: {', '.join(args.only)}.",
            "",
            table(results, trivial, admin),
            "",
            "Operations:",
            "",
            targets.operations_table(rows),
            "",
        ]
    )
    print(report)
    if not args.no_results:
        with RESULTS.open("a") as out:
            if out.tell() == 0:
                out.write("# Bench results\n\nEach run of `make bench` appends its table (bench/run.py).\n\n")
            out.write(report + "\n")
        print(f"Appended to {RESULTS.relative_to(ROOT)}.")
    failed = [f.page.name for f in results if f.errors]
    if failed:
        print(f"Some answers were not what was expected: {', '.join(failed)}.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
