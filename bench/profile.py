"""Profile one request of a page: where its time goes (issue 14), before anything is made faster.

Signs in as a bench user the way bench.run measures them (Office staff and the Minister through the
pages: password, then the authenticator's current code, so the TOTP middleware passes as in real
use; the portal's proponent, who has no password, with a session made in the database, as
bench.pages does). For each path: one request to warm it (templates compiled, connection open), one
measured (status, size, wall and CPU time, the queries and their total time in SQL), then ``--repeat``
requests under pyinstrument, and the top of the call tree (bench/PROFILES.md reads them).

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.profile [--as office|proponent|minister|anonymous]
        [--repeat 1] [--threshold 2] [--lines 60] [--sql] [--flat] [--all] PATH [PATH...]

A development tool: pyinstrument is pinned in requirements-dev.txt (`make install-dev`), not in the
run requirements `make bench` installs, since the bench's figures never need it.
"""

import argparse
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

USERS = {"office": "officer", "minister": "minister"}  # bench/generate.py's people
# Django's frames that say where a request's time goes (session, user, view, template), shown in the
# tree among the project's; the rest of a library's frames are folded.
LANDMARKS = (
    r".*/django/(shortcuts|template/response|contrib/admin/sites|contrib/auth/__init__"
    r"|contrib/sessions/backends/(db|cached_db))\.py|.*/greenhouse_office/sessions\.py"
)


@dataclass
class Queries:
    """Every query the request sends, with the time each took in the database driver."""

    sql: list[tuple[float, str]] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql.append((time.perf_counter() - began, sql))

    @property
    def seconds(self) -> float:
        return sum(took for took, _ in self.sql)


def signed_in_client(who: str):
    """A test client holding ``who``'s session (``anonymous``: none)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import busiest_proponent, session_cookies
    from greenhouse_office.accounts.mfa import current_code

    client = Client(HTTP_HOST="127.0.0.1")
    if who == "proponent":
        proponent, _ = busiest_proponent()
        for name, value in session_cookies(proponent).items():
            client.cookies[name] = value
    elif who in USERS:
        username = USERS[who]
        response = client.post("/accounts/login/", {"login": username, "password": settings.DEMO_PASSWORD})
        if response.status_code == 302 and response["Location"].startswith("/accounts/2fa/authenticate/"):
            user = get_user_model().objects.get(username=username)
            response = client.post("/accounts/2fa/authenticate/", {"code": current_code(user)})
            if response.status_code == 200:  # each code works once: a run just before used it
                time.sleep(30 - time.time() % 30 + 1)
                response = client.post("/accounts/2fa/authenticate/", {"code": current_code(user)})
        if response.status_code != 302 or response["Location"].startswith("/accounts/"):
            sys.exit(f"signing {username} in failed ({response.status_code})")
    return client


@contextmanager
def counting():
    from django.db import connection

    queries = Queries()
    with connection.execute_wrapper(queries):
        yield queries


def profile(
    client,
    path: str,
    *,
    repeat: int,
    threshold: float,
    lines: int,
    show_sql: bool,
    flat: bool,
    show_all: bool,
) -> None:
    from pyinstrument import Profiler

    client.get(path)  # warm
    with counting() as queries:
        began, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(
        f"\n== GET {path}: {response.status_code}, {len(response.content) // 1024} KB; not profiled: "
        f"{wall * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU in this process), "
        f"{len(queries.sql)} queries, {queries.seconds * 1000:.1f} ms in SQL"
    )
    if show_sql:
        for took, sql in queries.sql:
            print(f"  {took * 1000:6.2f} ms  {sql[:160]}")
    profiler = Profiler(interval=0.0001)
    profiler.start()
    for _ in range(repeat):
        client.get(path)
    profiler.stop()
    tree = profiler.output_text(
        unicode=True,
        color=False,
        flat=flat,
        show_all=show_all,
        processor_options={"filter_threshold": 0 if flat else threshold / 100, "show_regex": LANDMARKS},
    ).splitlines()
    print("\n".join(line for line in tree[:lines] if line.strip()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile one request of each path (after a warm-up).")
    parser.add_argument(
        "--as", dest="who", choices=["office", "proponent", "minister", "anonymous"], default="office"
    )
    parser.add_argument("--repeat", type=int, default=1, help="requests profiled together (default 1)")
    parser.add_argument("--threshold", type=float, default=2.0, help="hide frames under this %% of the time")
    parser.add_argument("--lines", type=int, default=60, help="lines of the call tree printed")
    parser.add_argument("--sql", action="store_true", help="print each query and its time")
    parser.add_argument("--flat", action="store_true", help="the functions by their own time, not the tree")
    parser.add_argument("--all", action="store_true", help="library frames too (Django's, allauth's)")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage

    if not getattr(staticfiles_storage, "hashed_files", True):  # debug off: the manifest is needed
        call_command("collectstatic", interactive=False, verbosity=0)  # once (a minute): not every run
    client = signed_in_client(args.who)
    for path in args.paths:
        profile(
            client,
            path,
            repeat=args.repeat,
            threshold=args.threshold,
            lines=args.lines,
            show_sql=args.sql,
            flat=args.flat,
            show_all=args.all,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
