"""The pages measured after the trivial view, and the sessions they are measured with.

Office staff and the Minister sign in through the pages (password, then the TOTP code: run.sign_in);
the portal's proponent gets a session made in the database (the bench's proponents have no password).
"""

from bench.run import Client, Figures, Page, measure, sign_in

_ISSUED: list[str] = []  # the API tokens page_list issues, revoked when run_pages is done


def session_cookies(user) -> dict:
    """A signed-in session for ``user`` made in the database: the bench's proponents have no password
    (generate.py), and a proponent needs no authenticator code. The page is what is measured."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {settings.SESSION_COOKIE_NAME: store.session_key}


def busiest_proponent():
    """The bench proponent whose organisation has the most applications (the portal's longest list)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from assessments.models import Application

    top = (
        Application.objects.values("created_by")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("created_by", "n")
    ).first()
    return get_user_model().objects.get(pk=top[0]), top[1]


def page_list(port: int, largest: int) -> list[Page]:
    """The pages after the trivial view, with the sessions they need (staff sign in with TOTP)."""
    from assessments.models import Application

    officer, minister = Client(port), Client(port)
    sign_in(officer, "officer")
    sign_in(minister, "minister")
    proponent, count = busiest_proponent()
    commented = Application.objects.get(pk=largest)
    return [
        Page("health check", "/healthz", signed_in=False),
        Page("trivial admin page", "/admin/password_change/", cookies=officer.cookies),
        Page("admin index", "/admin/", cookies=officer.cookies),
        Page("admin today", "/admin/assessments/application/today/", cookies=officer.cookies),
        Page("application changelist", "/admin/assessments/application/", cookies=officer.cookies),
        Page(
            "change page, most comments",
            f"/admin/assessments/application/{largest}/change/",
            cookies=officer.cookies,
        ),
        Page("public register", "/assessments/", signed_in=False),
        Page("assessment page, most comments", f"/assessments/{commented.reference}/", signed_in=False),
        Page(f"portal list ({count} applications)", "/portal/", cookies=session_cookies(proponent)),
        Page("Minister's queue", "/minister/", cookies=minister.cookies),
        Page("plans (Part 7)", "/plans/", signed_in=False),
        # The JSON API's lists; the anonymous ones each from its own address, as their rate is a client's.
        Page("API: public assessments", "/api/v1/public/assessments", signed_in=False, distinct_clients=True),
        Page(
            "API: published comments, most comments",
            f"/api/v1/public/assessments/{largest}/comments",
            signed_in=False,
            distinct_clients=True,
        ),
        Page(
            "API: applications (Office staff)",
            "/api/v1/applications",
            signed_in=False,
            headers=_token_header("officer"),
        ),
        Page(
            "API: comments, most comments (Office staff)",
            f"/api/v1/applications/{largest}/comments",
            signed_in=False,
            headers=_token_header("officer"),
        ),
    ]


def _token_header(username: str) -> dict:
    from django.contrib.auth import get_user_model

    from greenhouse_office.accounts.tokens import issue_token

    made = issue_token(user=get_user_model().objects.get(username=username), name="bench pages")
    _ISSUED.append(made.token)
    return {"Authorization": f"Token {made.key}"}


def run_pages(port: int, pages: list[Page], args) -> list[Figures]:
    results = []
    for page in pages:
        warm = Client(port)
        warm.cookies = dict(page.cookies or {})
        for n in range(2):  # warm: templates compiled, connections open
            method, path, body, headers = page.request(n)
            warm.request(method, path, body, headers=headers)
        results.append(
            measure(
                port,
                page,
                page.cookies or {},
                seconds=args.seconds,
                concurrency=args.concurrency,
                minimum=args.minimum,
            )
        )
        print(f"  {page.name}: {len(results[-1].latencies)} requests", flush=True)
    from greenhouse_office.accounts.tokens import revoke_token

    while _ISSUED:
        revoke_token(token=_ISSUED.pop(), because="The bench run is over.")
    return results
