"""The web security scan (README, Web security scan): wapiti against a live server on 127.0.0.1 with
demo-like records, over the public register (an open assessment's page, its comment form and copy
request), the plans, the home page, the API docs and a proponent's portal, signed in. Every finding is
fixed or justified in the README's table: a finding not in it fails the test, and so does a row of it
that the scan no longer finds.

About 90 seconds on two busy cores: the surfaces are scanned at once, and each attack module has
web_scan.ATTACK_SECONDS on each. A module that runs out of time covers less (said as a warning: on
these runs the portal's file module), and then a row the scan did not find is only warned about.
"""

import warnings

import pytest
from django.conf import settings
from django.test import Client

from assessments import services
from assessments.models import Comment, State
from tests.assessments import conftest as assessments_conftest
from tests.sign_in import sign_in
from tests.taskforces import conftest as taskforces_conftest

from . import web_scan

people = assessments_conftest.people
make_application = assessments_conftest.make_application
officer = taskforces_conftest.officer
transport = taskforces_conftest.transport
make_plan = taskforces_conftest.make_plan
appoint = taskforces_conftest.appoint

pytestmark = [pytest.mark.services("postgres", "wapiti"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unthrottled(monkeypatch):
    """The scan's thousands of requests reach the forms, not the rate limits (tested on their own)."""
    from greenhouse_office.throttling import FixedWindowThrottle

    monkeypatch.setattr(FixedWindowThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def prompt_answers(monkeypatch):
    """The live server sends each answer at once: with Nagle's algorithm on, each answer on a kept-alive
    connection waits about 40 ms for the client's delayed ACK (a scan ten times slower)."""
    from django.test.testcases import QuietWSGIRequestHandler

    monkeypatch.setattr(QuietWSGIRequestHandler, "disable_nagle_algorithm", True)


@pytest.fixture
def demo_records(make_application, make_plan, transport, appoint, people):
    """As the demo has them: an assessment open for comment with a published comment, a published
    plan with its task force, and a draft of another proponent's (the portal's, so no attack on the
    portal changes what the public register shows)."""
    open_for_comment = make_application(State.OPEN_FOR_COMMENT, title="Geelong kiln 3 expansion")
    comment = services.record_comment(
        application=open_for_comment,
        actor=None,
        name="Rosa Diaz",
        email="rosa.diaz@example.com",
        text="The kiln's emissions in chapter 4 leave out the quarry trucks.",
        channel=Comment.Channel.WEB,
        consent_to_publish=True,
    )
    services.moderate_comment(comment=comment, actor=people.officer)
    appoint(transport)
    make_plan("published")
    draft = services.create_application(
        actor=people.proponent2,
        data={
            "title": "Karratha gas plant train 2",
            "description": "A second processing train.",
            "location_state": "WA",
            "limb": "emissions",
            "gwp_set": "SAR",
            "emission_profile": assessments_conftest.PROFILE,
        },
    )
    return {"open": open_for_comment, "draft": draft}


def signed_in(user) -> Client:
    client = Client()
    assert sign_in(client, user).status_code == 302, f"{user} could not sign in"
    return client


def assert_refused_without_a_csrf_token(paths, user):
    """The README's CSRF row: wapiti 3.0.4 looks for a token by name and does not know Django's
    csrfmiddlewaretoken; each form it reports has one, and a POST without it is refused."""
    client = signed_in(user)
    client.handler.enforce_csrf_checks = True  # as a browser's request is checked
    token = client.cookies[settings.CSRF_COOKIE_NAME].value  # set by the sign-in
    for path in paths:
        assert client.post(path, {"name": "Rosa Diaz"}).status_code == 403, path
        with_token = client.post(path, {"name": "Rosa Diaz", "csrfmiddlewaretoken": token})
        assert with_token.status_code != 403, path


def test_every_finding_of_the_web_scan_is_fixed_or_justified_in_the_readme(
    live_server, demo_records, people, unthrottled, prompt_answers, tmp_path
):
    # The comment form and sign-up send emails: to the test outbox, never out.
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    justified = web_scan.justifications()
    assert justified, f"no table of justified findings under {web_scan.SECTION!r} in the README"
    reference = demo_records["open"].reference
    surfaces = [
        web_scan.Surface("home", "/", scope="page"),
        web_scan.Surface("api-docs", "/api/docs/", scope="page"),
        # The register's list (its search and filters), one assessment, its comment form and copy request.
        web_scan.Surface("register", f"/assessments/{reference}/", start=("/assessments/",)),
        web_scan.Surface("plans", "/plans/1.A.3/", start=("/plans/",)),
        # The proponent's home, a new application, and each lodging step of their draft.
        web_scan.Surface(
            "portal",
            "/portal/",
            start=(f"/portal/applications/{demo_records['draft'].pk}/lodging/check/",),
            cookie=signed_in(people.proponent2).cookies,
        ),
    ]
    base_url = live_server.url.replace("localhost", "127.0.0.1")

    findings, truncated = web_scan.scan(base_url, surfaces, tmp_path)

    unjustified = [f for f in findings if not any(j.covers(f) for j in justified)]
    assert not unjustified, "Fix these, or justify them in the README's table:\n" + "\n".join(
        sorted(map(str, set(unjustified)))
    )
    gone = [j for j in justified if not any(j.covers(f) for f in findings)]
    csrf = {f.path for f in findings if f.category == "Cross Site Request Forgery"}
    assert f"/assessments/{reference}/comment/" in csrf, "the comment form was not scanned"
    assert_refused_without_a_csrf_token(csrf, people.proponent2)
    if truncated:
        warnings.warn(f"the scan ran out of time on {', '.join(truncated)}: it covered less", stacklevel=1)
        if gone:
            warnings.warn(f"not found this time (scan cut short): {'; '.join(map(str, gone))}", stacklevel=1)
    else:
        assert not gone, "No longer found: remove from the README's table:\n" + "\n".join(map(str, gone))
