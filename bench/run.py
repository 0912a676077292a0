"""Measure the pages against trivial baselines served by the same gunicorn in the same run.

Starts gunicorn (production settings, debug off: bench.settings) on a free loopback port over the
bench database, signs an Office staff session in through the pages (password, then the TOTP code),
and for each page sends requests from a few threads for some seconds: p50, p95, requests per second
and the response size, each latency also as a ratio to the trivial view (no database query) and to
a trivial admin page (the password change form: a signed-in admin page that reads no records).
Prints one table and appends it to bench/RESULTS.md with the date and the machine.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.run [--seconds 10] [--concurrency 2]
"""

import argparse
import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
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
    name: str
    path: str
    signed_in: bool = True


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
        return sum(count for status, count in self.statuses.items() if status != 200)


class Client:
    """Plain HTTP/1.1 to the loopback server; one connection per request (gunicorn's sync workers
    close each one), cookies kept by hand (the session's are Secure, as behind TLS)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, cookies: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = {"Host": "127.0.0.1"}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
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
        client.cookies = dict(cookies) if page.signed_in else {}
        while True:
            with lock:
                if time.perf_counter() - start >= seconds and issued >= minimum:
                    return
                issued += 1
            began = time.perf_counter()
            status, _, content = client.request("GET", page.path)
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


def table(results: list[Figures], trivial: Figures, trivial_admin: Figures) -> str:
    lines = [
        "| page | path | n | p50 ms | p95 ms | req/s | KB | p50 / trivial | p95 / trivial "
        "| p50 / trivial admin | p95 / trivial admin | not 200 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in results:
        p50, p95 = f.quantile(0.5), f.quantile(0.95)
        lines.append(
            f"| {f.page.name} | `{f.page.path}` | {len(f.latencies)} | {p50 * 1000:.1f} | {p95 * 1000:.1f} "
            f"| {f.rate:.1f} | {f.size / 1024:.0f} | {p50 / trivial.quantile(0.5):.1f}x "
            f"| {p95 / trivial.quantile(0.95):.1f}x | {p50 / trivial_admin.quantile(0.5):.1f}x "
            f"| {p95 / trivial_admin.quantile(0.95):.1f}x | {f.errors} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per page (default 10)")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--minimum", type=int, default=5, help="requests per page at least (default 5)")
    parser.add_argument("--no-results", action="store_true", help="print only; do not append to RESULTS.md")
    args = parser.parse_args(argv)

    from bench.generate import setup

    setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # debug off: the manifest is needed
    described, largest = data_description()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        client = Client(port)
        sign_in(client, "officer")
        pages = [
            Page("trivial view (no query)", "/bench/trivial", signed_in=False),
            Page("health check", "/healthz", signed_in=False),
            Page("trivial admin page", "/admin/password_change/"),
            Page("admin index", "/admin/"),
            Page("admin today", "/admin/assessments/application/today/"),
            Page("application changelist", "/admin/assessments/application/"),
            Page("change page, most comments", f"/admin/assessments/application/{largest}/change/"),
            Page("public register", "/assessments/", signed_in=False),
        ]
        results = []
        for page in pages:
            warm = client if page.signed_in else Client(port)
            for _ in range(2):  # warm: templates compiled, connections open
                warm.request("GET", page.path)
            results.append(
                measure(
                    port,
                    page,
                    client.cookies,
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                    minimum=args.minimum,
                )
            )
            print(f"  {page.name}: {len(results[-1].latencies)} requests", flush=True)
        memory = worker_memory_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)

    report = "\n".join(
        [
            f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {machine()}. Python {platform.python_version()}.",
            f"Data: {described}.",
            f"Server: gunicorn, {args.workers} sync workers, debug off (bench.settings), loopback; "
            f"client: {args.concurrency} threads, {args.seconds:g} s a page (at least {args.minimum} "
            "requests), one connection per request.",
            f"Worker memory after the run: {', '.join(f'{m:.0f} MB' for m in memory) or 'unknown'}.",
            "",
            table(results, results[0], results[2]),
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
        print(f"Some answers were not 200: {', '.join(failed)}.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
