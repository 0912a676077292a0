"""Every URL x every role: the HTTP status each person gets (STYLE 19; after manage.get.gov's
test_url_auth.py).

The sweep walks the project's URL resolver (pages, accounts, the Django admin, the API) and requests
every pattern as each role: the anonymous, ``proponent`` (whose organisation owns the applications),
``proponent2`` (another organisation), ``officer`` (Office staff), ``director``, ``auditor`` (appointed
to evaluate them), ``auditor2`` (not appointed) and ``minister``. Selectors hide what a person may not
see (404); a role that may never do an act is refused (403) before the state (409) or the Act's rules
(400) are asked; the anonymous are sent to a login page (302) or, on the API, asked for credentials
(401); a wrong method is 405. Nothing answers 500.

How to classify a new URL (``test_every_url_is_classified`` fails until it is):

1. A page or API endpoint: add a row to ``URLS`` under its URL name (or, if it has none, its route),
   with one ``Probe`` per request worth making: the method, the URL arguments from the ``World`` (an
   application in a state where the URL makes sense), a body if it takes one, and the status for each
   role, e.g. ``roles(200, anonymous=401, proponent2=404)``. For a POST act, a role that may gets one of
   ``MAY`` (never 403, 404 or 500) and a role that may not its refusal (401, 403 or 404); send the
   smallest body that reaches the role check.
2. A Django admin page: a ModelAdmin's standard pages (list, add, change, delete, history and the
   ``<id>/`` redirect) are classified by ``admin_model_probes`` from ``admin.site``: anyone who is not
   Office staff is sent to the admin login (302); Office staff get 200 where their role holds the
   permission (view or change for the list, change page and history; add; delete), else 403; a page
   of an object that does not exist redirects to the admin index. A custom admin view (``get_urls``)
   needs its own row in ``URLS``; so does a page whose ModelAdmin allows less than the permissions say
   (a row in ``URLS`` overrides the rule for that name).
3. If a status is wrong (a 500, another organisation's data shown, a refusal given as 200), fix the
   view; if that cannot be done in the same change, add the case to ``KNOWN_WRONG`` (a strict xfail,
   with the reason) and open an issue.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone

from assessments import services
from assessments.models import (
    AmendmentRequest,
    Application,
    Comment,
    Direction,
    Document,
    IndependentAuditor,
    MinisterialOpinion,
)
from assessments.services.opinions import form_opinion
from greenhouse_office import statute
from greenhouse_office.accounts import tokens
from greenhouse_office.models import ApiToken, JobRun
from tests.assessments.api_support import PASSWORD, application_payload, as_json
from tests.assessments.conftest import pdf, publication

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister")
OFFICE = ("officer", "director")  # the roles that work in the Django admin (is_staff)


# --- What a role may get ------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with ``to``."""

    to: str

    def __repr__(self) -> str:
        return f"302 to {self.to}"


LOGIN = Redirect("/accounts/login/")
ADMIN_LOGIN = Redirect("/admin/login/")
ADMIN_INDEX = Redirect("/admin/")
# A role that may do an act: done (200/201), or refused by the state (409) or by the Act's rules or
# the body's shape (400). Never a refusal of the role (403), hidden (404) or a crash (500).
MAY = frozenset({200, 201, 400, 409})

Expect = int | Redirect | frozenset
Expectation = Callable[["World", str], Expect]


def roles(default: Expect, **by_role: Expect) -> Expectation:
    """``default`` for every role not named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"no such roles: {unknown}"
    return lambda world, role: by_role.get(role, default)


def admin_page(status: Expect, **by_role: Expect) -> Expectation:
    """Office staff get ``status``; anyone else is sent to the admin's login."""
    return roles(ADMIN_LOGIN, **{**dict.fromkeys(OFFICE, status), **by_role})


def api(default: Expect, **by_role: Expect) -> Expectation:
    """The signed-in API: the anonymous are asked for credentials (401)."""
    return roles(default, anonymous=401, **by_role)


# Who sees an application of ``proponent``'s organisation, by the selectors' rules (404 for the rest).
def appointed_before_advice(status: Expect, **by_role: Expect) -> Expectation:
    """``auditor`` appointed (s32(2)), no advice yet: hidden from proponent2, auditor2 and the Minister."""
    return api(status, proponent2=404, auditor2=404, minister=404, **by_role)


def before_appointment(status: Expect, **by_role: Expect) -> Expectation:
    """No auditor appointed yet (draft, lodged, returned): only its proponent and the Office see it."""
    return api(status, proponent2=404, auditor=404, auditor2=404, minister=404, **by_role)


def after_advice(status: Expect, **by_role: Expect) -> Expectation:
    """Advice given (s34), or decided after it: the Minister sees it too."""
    return api(status, proponent2=404, auditor2=404, **by_role)


@dataclass(frozen=True)
class Probe:
    """One request to a pattern and the status each role must get."""

    expect: Expectation
    method: str = "get"
    args: Callable[["World"], dict] = lambda world: {}
    query: str = ""
    body: Callable[["World", str], dict] | None = None  # (world, role) -> body
    encoding: str = "json"  # "json" (the API), "multipart" (uploads, the admin's forms)
    label: str = ""
    # A list: of the world's records (``among``), the ids each role must see (``visible``).
    among: Callable[["World"], set[int]] | None = None
    visible: Callable[["World", str], set[int]] | None = None

    @property
    def id(self) -> str:
        return self.label or self.method.upper()


def body(value: dict | Callable[["World"], dict]) -> Callable[["World", str], dict]:
    """The same body for every role."""
    return lambda world, role: as_json(value(world) if callable(value) else value)


# --- The URLs, classified -------------------------------------------------------------------------


def open_app(world):
    return {"pk": world.open.pk}


def transition(right: str, may: Expectation, wrong: str, too_late_or_early: Expectation) -> list[Probe]:
    """A transition POSTed with an empty body, to an application in a state it runs from (``right``)
    and in one it does not (``wrong``). The executor's order: a role that may never do it is refused
    (403) whatever the state; a role that may is refused by the state (409) before the payload or the
    Act's rules (400) are judged.
    """
    return [
        Probe(
            may,
            method="post",
            args=lambda world: {"pk": getattr(world, right).pk},
            body=body({}),
            label=f"POST-{right}",
        ),
        Probe(
            too_late_or_early,
            method="post",
            args=lambda world: {"pk": getattr(world, wrong).pk},
            body=body({}),
            label=f"POST-{wrong}",
        ),
    ]


ANYONE = roles(200)
ANYONE_SIGNED_IN = roles(200, anonymous=LOGIN)
HOME = Redirect("/")
REAUTHENTICATE = Redirect("/accounts/reauthenticate/")
SIGNED_IN_SENT_HOME = roles(HOME, anonymous=200)
WITH_TOTP = ("officer", "director", "minister")  # greenhouse_office.accounts.mfa requires it of them
GET_NOT_ALLOWED = roles(405)


def auditors_only(status: Expect, **by_role: Expect) -> Expectation:
    """A portal page of independent environmental auditors: everyone else signed in 403."""
    return roles(403, **{"anonymous": LOGIN, "auditor": status, "auditor2": status, **by_role})


def of_own_organisation(status: Expect, **by_role: Expect) -> Expectation:
    """An organisation page (accounts area) of the person's own organisation: its administrator
    (proponent) gets ``status``; the other people of theirs (proponent2, the auditors of their firms)
    403; a person of no organisation (officer, director, minister) 404; the anonymous to the login."""
    return roles(
        403, **{"anonymous": LOGIN, "proponent": status, **dict.fromkeys(NO_ORGANISATION, 404), **by_role}
    )


NO_ORGANISATION = ("officer", "director", "minister")


def waiting_invitation(world):
    """A new invitation from proponent (its organisation's administrator); the raw token on it."""
    from greenhouse_office.organisations import invite_member

    proponent = world.users["proponent"]
    return invite_member(organisation=proponent.organisation, by=proponent, email="invitee@example.com")


def fellow_member(world):
    """Another person of proponent's organisation."""
    from tests.factories import UserFactory

    return UserFactory(organisation=world.users["proponent"].organisation, roles=["Proponent"])


def proponents_only(status: Expect, **by_role: Expect) -> Expectation:
    """A portal page of the proponent's, on ``proponent``'s application: proponent2 404 (another
    organisation's), everyone else signed in 403, the anonymous to the login page."""
    return roles(403, **{"anonymous": LOGIN, "proponent": status, "proponent2": 404, **by_role})


def minister_only(status: Expect) -> Expectation:
    """A page of the Minister's dashboard: everyone else signed in 403, the anonymous to the login."""
    return roles(403, anonymous=LOGIN, minister=status)


def advised_app(world):
    return {"pk": world.advised.pk}


def decided_app(world):
    return {"pk": world.decided.pk}


URLS: dict[str, list[Probe]] = {
    # Pages
    "home": [Probe(ANYONE)],
    "screening": [Probe(ANYONE)],
    "screening-template": [Probe(ANYONE)],
    "healthz": [Probe(ANYONE)],
    # Browsers report Content-Security-Policy violations here: no sign-in, no CSRF token, POST only.
    "csp-report": [
        Probe(
            roles(204),
            method="post",
            body=body(
                {
                    "csp-report": {
                        "document-uri": "http://testserver/",
                        "violated-directive": "script-src-elem",
                        "blocked-uri": "inline",
                    }
                }
            ),
        ),
        Probe(GET_NOT_ALLOWED),
    ],
    # The public register of assessments (s33; no sign-in): published assessments only, by reference.
    "register:assessments": [
        Probe(ANYONE),
        Probe(ANYONE, query="q=kiln&state=VIC&open=on&sort=title", label="GET-searched"),
    ],
    "register:assessment": [
        Probe(ANYONE, args=lambda world: {"reference": world.open.reference}, label="GET-open"),
        Probe(roles(404), args=lambda world: {"reference": world.draft.reference}, label="GET-draft"),
    ],
    "register:document": [
        Probe(
            ANYONE,
            args=lambda world: {"reference": world.open.reference, "document_pk": world.gia.pk},
            label="GET-open",
        ),
        Probe(
            roles(404),
            args=lambda world: {"reference": world.draft.reference, "document_pk": world.draft_gia.pk},
            label="GET-draft",
        ),
    ],
    "register:copy-request": [
        Probe(ANYONE, args=lambda world: {"reference": world.open.reference}, label="GET-open"),
        Probe(
            roles(Redirect("/assessments/")),
            method="post",
            args=lambda world: {"reference": world.open.reference},
            body=body(
                {"name": "A. Resident", "documents": "both", "format": "post", "postal_address": "1 Main St"}
            ),
            encoding="multipart",
            label="POST-open",
        ),
        Probe(roles(404), args=lambda world: {"reference": world.draft.reference}, label="GET-draft"),
    ],
    "register:copy-request-sent": [
        Probe(ANYONE, args=lambda world: {"reference": world.open.reference}, label="GET-open"),
        Probe(roles(404), args=lambda world: {"reference": world.draft.reference}, label="GET-draft"),
    ],
    # s33(2)(c): the comment form (anyone; a comment made is a redirect to its confirmation) and the
    # confirmation of a comment made on that assessment (404 for another's reference).
    "register:comment": [
        Probe(ANYONE, args=lambda world: {"reference": world.open.reference}, label="GET-open"),
        Probe(
            roles(Redirect("/assessments/")),
            method="post",
            args=lambda world: {"reference": world.open.reference},
            body=body({"name": "A. Resident", "email": "resident@example.com", "text": "Too loud."}),
            encoding="multipart",
            label="POST-open",
        ),
        Probe(ANYONE, args=lambda world: {"reference": world.closed.reference}, label="GET-closed"),
        Probe(roles(404), args=lambda world: {"reference": world.draft.reference}, label="GET-draft"),
    ],
    "register:comment-received": [
        Probe(
            ANYONE,
            args=lambda world: {"reference": world.open.reference, "comment": world.comment.reference},
            label="GET-open",
        ),
        Probe(
            roles(404),
            args=lambda world: {"reference": world.closed.reference, "comment": world.comment.reference},
            label="GET-other-assessment",
        ),
    ],
    # s42(1): the register of decisions, each decision's PDF (404 before the decision), the s35
    # directions, the open data (404 for an unknown register) and the Atom feed: anyone, no sign-in.
    "register:decisions": [
        Probe(ANYONE),
        Probe(ANYONE, query="q=kiln&outcome=approved&year=2027", label="GET-search"),
    ],
    "register:decision-pdf": [
        Probe(ANYONE, args=lambda world: {"reference": world.decided.reference}, label="GET-decided"),
        Probe(roles(404), args=lambda world: {"reference": world.advised.reference}, label="GET-advised"),
    ],
    # s33(2): the notice inviting comments (PDF), once published.
    "register:notice": [
        Probe(ANYONE, args=lambda world: {"reference": world.open.reference}, label="GET-open"),
        Probe(roles(404), args=lambda world: {"reference": world.draft.reference}, label="GET-draft"),
    ],
    "register:directions": [Probe(ANYONE)],
    "register:open-data": [Probe(ANYONE)],
    "register:open-data-download": [
        Probe(ANYONE, args=lambda world: {"register": "decisions", "extension": "csv"}, label="GET-csv"),
        Probe(ANYONE, args=lambda world: {"register": "comments", "extension": "json"}, label="GET-json"),
        Probe(roles(404), args=lambda world: {"register": "people", "extension": "csv"}, label="GET-unknown"),
    ],
    "register:feed": [Probe(ANYONE)],
    # Part 7's public pages (no sign-in): every source category and its task force and plan; a plan
    # from its publication (s38; one given to the Minister shows only its dates), each published
    # version's PDF (404 before), and copies on request of a published plan (404 before).
    "plans:plans": [Probe(ANYONE)],
    "plans:plan": [
        Probe(ANYONE, args=lambda world: {"code": world.plans["published"]}, label="GET-published"),
        Probe(ANYONE, args=lambda world: {"code": world.plans["given"]}, label="GET-given"),
        Probe(ANYONE, args=lambda world: {"code": world.plans["drafting"]}, label="GET-drafting"),
        Probe(roles(404), args=lambda world: {"code": "9.Z"}, label="GET-unknown"),
    ],
    "plans:version-pdf": [
        Probe(
            ANYONE, args=lambda world: {"code": world.plans["published"], "number": 1}, label="GET-published"
        ),
        Probe(roles(404), args=lambda world: {"code": world.plans["published"], "number": 2}, label="GET-v2"),
        Probe(roles(404), args=lambda world: {"code": world.plans["given"], "number": 1}, label="GET-given"),
        Probe(
            roles(404),
            args=lambda world: {"code": world.plans["drafting"], "number": 1},
            label="GET-drafting",
        ),
    ],
    "plans:copy-request": [
        Probe(ANYONE, args=lambda world: {"code": world.plans["published"]}, label="GET-published"),
        Probe(
            roles(Redirect("/plans/")),
            method="post",
            args=lambda world: {"code": world.plans["published"]},
            body=body({"name": "A. Resident", "format": "post", "postal_address": "1 Main St"}),
            encoding="multipart",
            label="POST-published",
        ),
        Probe(roles(404), args=lambda world: {"code": world.plans["given"]}, label="GET-given"),
        Probe(
            roles(404),
            method="post",
            args=lambda world: {"code": world.plans["drafting"]},
            body=body({"name": "A. Resident", "format": "post", "postal_address": "1 Main St"}),
            encoding="multipart",
            label="POST-drafting",
        ),
    ],
    "plans:copy-request-sent": [
        Probe(ANYONE, args=lambda world: {"code": world.plans["published"]}, label="GET-published"),
        Probe(roles(404), args=lambda world: {"code": world.plans["given"]}, label="GET-given"),
    ],
    # Accounts (django-allauth): a signed-in person is sent on from the sign-in and sign-up pages.
    "account_login": [Probe(SIGNED_IN_SENT_HOME)],
    "account_signup": [Probe(SIGNED_IN_SENT_HOME)],
    "account_logout": [
        Probe(roles(200, anonymous=HOME)),
        Probe(roles(HOME), method="post", body=body({}), encoding="multipart"),
    ],
    "account_inactive": [Probe(ANYONE)],
    "account_email_verification_sent": [Probe(ANYONE)],
    "account_confirm_email": [Probe(ANYONE, args=lambda world: {"key": "not-a-key"})],
    # Sign-in by emailed code is not offered: there is no code to confirm.
    "account_confirm_login_code": [Probe(roles(HOME, anonymous=LOGIN))],
    "account_reset_password": [Probe(ANYONE)],
    "account_reset_password_done": [Probe(ANYONE)],
    "account_reset_password_from_key": [
        Probe(ANYONE, args=lambda world: {"uidb36": "0", "key": "not-a-key"})
    ],
    "account_reset_password_from_key_done": [Probe(ANYONE)],
    "account_email": [Probe(ANYONE_SIGNED_IN)],
    "account_change_password": [Probe(ANYONE_SIGNED_IN)],
    # Everyone has a password: setting one is changing it.
    "account_set_password": [Probe(roles(Redirect("/accounts/password/change/"), anonymous=LOGIN))],
    "account_reauthenticate": [Probe(ANYONE_SIGNED_IN)],
    "account-home": [Probe(ANYONE_SIGNED_IN)],
    "api-tokens": [
        Probe(ANYONE_SIGNED_IN),
        Probe(ANYONE_SIGNED_IN, method="post", body=body({"name": "Probe"}), encoding="multipart"),
    ],
    # proponent's own token: only proponent may revoke it; to anyone else it does not exist.
    "api-token-revoke": [
        Probe(roles(405, anonymous=LOGIN), args=lambda world: {"pk": world.token.pk}),
        Probe(
            roles(404, anonymous=LOGIN, proponent=Redirect("/accounts/api-tokens/")),
            method="post",
            args=lambda world: {"pk": world.token.pk},
            body=body({}),
            encoding="multipart",
        ),
    ],
    # Two-factor authentication (allauth.mfa): Office staff, the Director and the Minister have it.
    "mfa_index": [Probe(ANYONE_SIGNED_IN)],
    # Setting up or removing an authenticator asks for the password again first.
    "mfa_activate_totp": [Probe(roles(REAUTHENTICATE, anonymous=LOGIN))],
    "mfa_deactivate_totp": [Probe(roles(404, anonymous=LOGIN, **dict.fromkeys(WITH_TOTP, REAUTHENTICATE)))],
    "mfa_authenticate": [Probe(roles(HOME))],  # only in the middle of a sign-in
    # Asking for the code again needs an authenticator; without one, the password is asked for.
    "mfa_reauthenticate": [Probe(roles(REAUTHENTICATE, anonymous=LOGIN, **dict.fromkeys(WITH_TOTP, 200)))],
    # Nobody has generated recovery codes yet.
    "mfa_view_recovery_codes": [Probe(roles(404, anonymous=LOGIN))],
    "mfa_generate_recovery_codes": [Probe(roles(REAUTHENTICATE, anonymous=LOGIN))],
    "mfa_download_recovery_codes": [Probe(roles(404, anonymous=LOGIN))],
    # The admin's own pages (its ModelAdmins' pages: admin_model_probes).
    "admin:index": [Probe(admin_page(200))],
    # The admin signs in at the site's sign-in page (allauth's secure_admin_login).
    "admin:login": [Probe(roles(403, anonymous=LOGIN, officer=ADMIN_INDEX, director=ADMIN_INDEX))],
    # Django 5 logs out on POST only; the admin sends anyone not staff to its index (then the login).
    "admin:logout": [Probe(roles(ADMIN_INDEX, officer=405, director=405))],
    "admin:password_change": [Probe(admin_page(200))],
    "admin:password_change_done": [Probe(admin_page(200))],
    "admin:autocomplete": [
        Probe(admin_page(200), query="app_label=assessments&model_name=engagement&field_name=organisation")
    ],
    "admin:jsi18n": [Probe(admin_page(200))],
    # An application has no public page of its own (no get_absolute_url).
    "admin:view_on_site": [
        Probe(
            admin_page(404),
            args=lambda world: {
                "content_type_id": ContentType.objects.get_for_model(Application).pk,
                "object_id": world.open.pk,
            },
        )
    ],
    "admin:app_list": [Probe(admin_page(200), args=lambda world: {"app_label": "assessments"})],
    "admin/(?P<url>.*)$": [Probe(admin_page(404), args=lambda world: {"url": "no-such-page/"})],
    # UserAdmin's own view: setting a password needs change_user, which no role holds.
    "admin:auth_user_password_change": [
        Probe(admin_page(403), args=lambda world: {"id": world.users["proponent"].pk})
    ],
    # The Office's act buttons: the form for the Director; others back to the record with a message.
    # POSTed, the executor refuses a role that may never appoint (403) whatever the state.
    "admin:assessments_application_transition": [
        Probe(
            admin_page(200, officer=Redirect("/admin/assessments/application/")),
            args=lambda world: {"object_id": world.lodged.pk, "name": "commission_evaluation"},
            label="GET-lodged",
        ),
        Probe(
            admin_page(frozenset({200, 302}), officer=403),
            method="post",
            args=lambda world: {"object_id": world.lodged.pk, "name": "commission_evaluation"},
            body=lambda world, role: {"auditor": world.auditor.pk},
            encoding="multipart",
            label="POST-lodged",
        ),
        Probe(
            admin_page(404),
            args=lambda world: {"object_id": world.open.pk, "name": "no_such_act"},
            label="GET-unknown",
        ),
    ],
    # The Office's today page (assessments.admin.today), linked first from the admin index.
    "admin:assessments_application_today": [Probe(admin_page(200))],
    # Assign an officer (services.assignment): POST only, then back to the record with a message.
    "admin:assessments_application_assign": [
        Probe(admin_page(405), args=lambda world: {"object_id": world.lodged.pk}, label="GET"),
        Probe(
            admin_page(Redirect("/admin/assessments/application/")),
            method="post",
            args=lambda world: {"object_id": world.lodged.pk},
            body=lambda world, role: {"officer": "me"},
            encoding="multipart",
            label="POST",
        ),
    ],
    # s26, s29(2): Office staff record what the Office did about the Minister's opinion; empty is 400.
    "admin:assessments_ministerialopinion_acknowledge": [
        Probe(admin_page(200), args=lambda world: {"object_id": world.opinion.pk}, label="GET"),
        Probe(
            admin_page(400),
            method="post",
            args=lambda world: {"object_id": world.opinion.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    # Part 7's plan acts (taskforces.admin.acts): the form for Office staff on a plan being prepared,
    # POSTed back to the plan; a published version's PDF (the world's plan has none yet: 404).
    "admin:taskforces_industrygreenhouseplan_act": [
        Probe(
            admin_page(200),
            args=lambda world: {"object_id": world.drafting_plan.pk, "name": "give_to_minister"},
            label="GET-drafting",
        ),
        Probe(
            admin_page(Redirect("/admin/taskforces/industrygreenhouseplan/")),
            method="post",
            args=lambda world: {"object_id": world.drafting_plan.pk, "name": "give_to_minister"},
            body=lambda world, role: {"received_on": statute.legal_today().isoformat()},
            encoding="multipart",
            label="POST-drafting",
        ),
        Probe(
            admin_page(404),
            args=lambda world: {"object_id": world.drafting_plan.pk, "name": "no_such_act"},
            label="GET-unknown",
        ),
    ],
    "admin:taskforces_industrygreenhouseplan_revise": [
        Probe(
            admin_page(Redirect("/admin/taskforces/industrygreenhouseplan/")),
            args=lambda world: {"object_id": world.drafting_plan.pk},
            label="GET",
        ),
        Probe(
            admin_page(Redirect("/admin/taskforces/industrygreenhouseplan/")),
            method="post",
            args=lambda world: {"object_id": world.drafting_plan.pk},
            body=lambda world, role: {"summary": "Revised.", "text": "The plan, revised."},
            encoding="multipart",
            label="POST",
        ),
    ],
    "admin:taskforces_industrygreenhouseplan_version_pdf": [
        Probe(admin_page(404), args=lambda world: {"object_id": world.drafting_plan.pk, "number": 1})
    ],
    # s35: the direction's PDF, for Office staff.
    "admin:assessments_direction_pdf": [
        Probe(admin_page(200), args=lambda world: {"object_id": world.direction.pk})
    ],
    "admin:assessments_application_document": [
        Probe(admin_page(200), args=lambda world: {"object_id": world.open.pk, "document_id": world.gia.pk})
    ],
    # Comment moderation (what the register shows): POSTed to its service, then back to the comment.
    "admin:assessments_comment_moderate": [
        Probe(admin_page(405), args=lambda world: {"object_id": world.comment.pk}, label="GET"),
        Probe(
            admin_page(Redirect("/admin/assessments/comment/")),
            method="post",
            args=lambda world: {"object_id": world.comment.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST",
        ),
    ],
    "admin:assessments_comment_redact": [
        Probe(admin_page(200), args=lambda world: {"object_id": world.comment.pk}, label="GET"),
        Probe(
            admin_page(Redirect("/admin/assessments/comment/")),
            method="post",
            args=lambda world: {"object_id": world.comment.pk},
            body=lambda world, role: {"public_text": "[removed: personal information]", "reason": "A phone."},
            encoding="multipart",
            label="POST",
        ),
    ],
    # The world's comment has no attachment: staff get 404, everyone else the admin's login.
    "admin:assessments_comment_attachment": [
        Probe(admin_page(404), args=lambda world: {"object_id": world.comment.pk})
    ],
    # Record a comment received by email or post: Office staff by role (services.record_comment's
    # rule), not by the add_comment permission. An empty POST is the form's 400; the changelist's
    # "consider by theme" action is a POST to the list (assessments.admin.comment_themes).
    "admin:assessments_comment_add": [
        Probe(admin_page(200), label="GET"),
        Probe(
            admin_page(400), method="post", body=lambda world, role: {}, encoding="multipart", label="POST"
        ),
    ],
    # The organisation's pages: each of the person's own organisation (of_own_organisation); an
    # invitation or a person of another organisation is 404. The emailed link: the anonymous see the
    # organisation and where to sign in; a person of an organisation already is refused (409), one
    # with another role (403), as is anyone signed in with another address (invitee@example.com).
    "organisation:detail": [Probe(roles(200, anonymous=LOGIN, **dict.fromkeys(NO_ORGANISATION, 404)))],
    "organisation:create": [
        Probe(roles(409, anonymous=LOGIN, **dict.fromkeys(NO_ORGANISATION, 403))),
        Probe(
            roles(409, anonymous=LOGIN, **dict.fromkeys(NO_ORGANISATION, 403)),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    "organisation:edit": [
        Probe(of_own_organisation(200)),
        Probe(
            of_own_organisation(400),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    "organisation:invite": [
        Probe(of_own_organisation(200)),
        Probe(
            of_own_organisation(400),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    "organisation:revoke": [
        Probe(
            roles(405, anonymous=LOGIN, **dict.fromkeys(NO_ORGANISATION, 404)),
            args=lambda world: {"pk": waiting_invitation(world).pk},
        ),
        Probe(
            roles(404, anonymous=LOGIN, proponent=Redirect("/accounts/organisation/")),
            method="post",
            args=lambda world: {"pk": waiting_invitation(world).pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-waiting",
        ),
    ],
    "organisation:accept": [
        Probe(
            roles(409, anonymous=200, **dict.fromkeys(NO_ORGANISATION, 403)),
            args=lambda world: {"token": waiting_invitation(world).token},
        ),
        Probe(roles(404), args=lambda world: {"token": "no-such-token"}, label="GET-unknown"),
        Probe(
            roles(409, anonymous=LOGIN, **dict.fromkeys(NO_ORGANISATION, 403)),
            method="post",
            args=lambda world: {"token": waiting_invitation(world).token},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-waiting",
        ),
    ],
    "organisation:remove-member": [
        Probe(roles(404, anonymous=LOGIN, proponent=200), args=lambda world: {"pk": fellow_member(world).pk}),
        Probe(
            roles(404, anonymous=LOGIN, proponent=Redirect("/accounts/organisation/")),
            method="post",
            args=lambda world: {"pk": fellow_member(world).pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-member",
        ),
    ],
    # The portal: the home and an application's pages answer by role (the auditor's appointments,
    # the proponent's own applications); others 403, the anonymous to the login page. An auditor
    # sees only the applications it is appointed to (auditor2: 404), a proponent only its
    # organisation's (proponent2: 404).
    "portal:home": [Probe(auditors_only(200, proponent=200, proponent2=200))],
    "portal:application": [
        Probe(
            auditors_only(200, auditor2=404, proponent=200, proponent2=404),
            args=lambda world: {"pk": world.commissioned.pk},
            label="GET-commissioned",
        ),
        Probe(
            auditors_only(404, proponent=200, proponent2=404),
            args=lambda world: {"pk": world.lodged.pk},
            label="GET-lodged",
        ),
        # No file and no confirmation: the form's errors (400), before any act. The proponent's page
        # is read only (its acts have their own URLs).
        Probe(
            auditors_only(400, auditor2=404, proponent=405, proponent2=405),
            method="post",
            args=lambda world: {"pk": world.commissioned.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-commissioned",
        ),
        # Already evaluated: the executor's refusal of the state (409), in its words.
        Probe(
            auditors_only(409, auditor2=404, proponent=405, proponent2=405),
            method="post",
            args=lambda world: {"pk": world.evaluated.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-evaluated",
        ),
    ],
    "portal:document": [
        Probe(
            auditors_only(200, auditor2=404, proponent=200, proponent2=404),
            args=lambda world: {"pk": world.open.pk, "document_pk": world.gia.pk},
        )
    ],
    # s30: the Minister's decision (PDF) for the proponent's organisation, the Office and the Minister;
    # 404 for everyone else, and before the decision.
    "portal:decision": [
        Probe(
            roles(200, anonymous=LOGIN, proponent2=404, auditor=404, auditor2=404),
            args=lambda world: {"pk": world.decided.pk},
            label="GET-decided",
        ),
        Probe(
            roles(404, anonymous=LOGIN),
            args=lambda world: {"pk": world.advised.pk},
            label="GET-advised",
        ),
        Probe(roles(405, anonymous=LOGIN), method="post", args=lambda world: {"pk": world.decided.pk}),
    ],
    # s31, s33(2): the receipt (once lodged) and the notice (once published), for the proponent's
    # organisation; s35: a direction, for the organisation directed. 404 for another organisation's.
    "portal:receipt": [
        Probe(proponents_only(200), args=lambda world: {"pk": world.lodged.pk}, label="GET-lodged"),
        Probe(proponents_only(404), args=lambda world: {"pk": world.draft.pk}, label="GET-draft"),
        Probe(roles(405, anonymous=LOGIN), method="post", args=lambda world: {"pk": world.lodged.pk}),
    ],
    "portal:notice": [
        Probe(proponents_only(200), args=lambda world: {"pk": world.open.pk}, label="GET-open"),
        Probe(proponents_only(404), args=lambda world: {"pk": world.lodged.pk}, label="GET-lodged"),
    ],
    "portal:direction": [Probe(proponents_only(200), args=lambda world: {"pk": world.direction.pk})],
    # The proponent's acts on its application (s31): lodge again, answer a request, withdraw.
    "portal:lodge": [
        Probe(proponents_only(405, proponent2=405), args=lambda world: {"pk": world.returned.pk}),
        # A request unanswered: the guard's refusal (400), in its words.
        Probe(
            proponents_only(400),
            method="post",
            args=lambda world: {"pk": world.returned.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-returned",
        ),
        Probe(
            proponents_only(409),
            method="post",
            args=lambda world: {"pk": world.open.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-open",
        ),
    ],
    "portal:answer": [
        Probe(
            proponents_only(405, proponent2=405),
            args=lambda world: {"pk": world.returned.pk, "request_pk": world.amendment_request.pk},
        ),
        # No answer: the form's error (400), nothing saved.
        Probe(
            proponents_only(400),
            method="post",
            args=lambda world: {"pk": world.returned.pk, "request_pk": world.amendment_request.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-returned",
        ),
    ],
    "portal:withdraw": [
        Probe(proponents_only(200), args=lambda world: {"pk": world.lodged.pk}, label="GET-lodged"),
        # Decided: the executor's refusal of the state (409), in its words.
        Probe(proponents_only(409), args=lambda world: {"pk": world.decided.pk}, label="GET-decided"),
        # No reason and no confirmation: the form's errors (400), before the act.
        Probe(
            proponents_only(400),
            method="post",
            args=lambda world: {"pk": world.lodged.pk},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-lodged",
        ),
    ],
    # Lodging step by step (s31): any proponent may start one; its steps are its organisation's.
    "portal:lodging-start": [
        Probe(roles(403, anonymous=LOGIN, proponent=200, proponent2=200)),
        # Nothing filled in: the form's errors (400), no draft created.
        Probe(
            roles(403, anonymous=LOGIN, proponent=400, proponent2=400),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    # From "Do I need approval?": anyone may post the screened profile; then on to the start page.
    "portal:lodging-from-screening": [
        Probe(roles(405), label="GET"),
        Probe(
            roles(302),
            method="post",
            body=lambda world, role: {"csv_text": "month,CO2\n2027-01,60000\n"},
            encoding="multipart",
            label="POST",
        ),
    ],
    "portal:lodging-step": [
        Probe(
            proponents_only(200),
            args=lambda world: {"pk": world.draft.pk, "step": "action"},
            label="GET-action",
        ),
        Probe(
            proponents_only(200),
            args=lambda world: {"pk": world.draft.pk, "step": "profile"},
            label="GET-profile",
        ),
        Probe(
            proponents_only(200),
            args=lambda world: {"pk": world.draft.pk, "step": "check"},
            label="GET-check",
        ),
        Probe(
            proponents_only(404),
            args=lambda world: {"pk": world.draft.pk, "step": "nowhere"},
            label="GET-unknown",
        ),
        # Lodged: the service refuses the change (409), in its words.
        Probe(
            proponents_only(409),
            method="post",
            args=lambda world: {"pk": world.lodged.pk, "step": "limb"},
            body=lambda world, role: {"limb": "targets"},
            encoding="multipart",
            label="POST-limb-lodged",
        ),
        # No declaration: the form's error (400), before the act.
        Probe(
            proponents_only(400),
            method="post",
            args=lambda world: {"pk": world.draft.pk, "step": "check"},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-check-draft",
        ),
    ],
    "portal:lodging-confirmation": [
        Probe(proponents_only(200), args=lambda world: {"pk": world.lodged.pk}, label="GET-lodged"),
    ],
    "portal:register": [
        Probe(auditors_only(200)),
        # An empty body: the qualifications are required (400), nothing saved.
        Probe(
            auditors_only(400),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    # The Minister's dashboard (s30, s34): the Minister only; what the Minister may not see is 404.
    "minister:queue": [Probe(minister_only(200)), Probe(minister_only(405), method="post", body=body({}))],
    "minister:overview": [Probe(minister_only(200)), Probe(minister_only(405), method="post", body=body({}))],
    "minister:plans": [Probe(minister_only(200)), Probe(minister_only(405), method="post", body=body({}))],
    "minister:application": [
        Probe(minister_only(200), args=advised_app, label="GET-advised"),
        Probe(minister_only(200), args=decided_app, label="GET-decided"),
        Probe(minister_only(404), args=lambda world: {"pk": world.closed.pk}, label="GET-closed"),
    ],
    "minister:advice-pdf": [
        Probe(minister_only(200), args=advised_app, label="GET-advised"),
        Probe(minister_only(404), args=lambda world: {"pk": world.closed.pk}, label="GET-closed"),
    ],
    "minister:evaluation-pdf": [Probe(minister_only(200), args=advised_app, label="GET-advised")],
    "minister:decision-pdf": [
        Probe(minister_only(200), args=decided_app, label="GET-decided"),
        Probe(minister_only(404), args=advised_app, label="GET-advised"),
    ],
    "minister:decided": [
        Probe(minister_only(200), args=decided_app, label="GET-decided"),
        Probe(minister_only(Redirect("/minister/applications/")), args=advised_app, label="GET-advised"),
    ],
    "minister:decide": [
        Probe(
            minister_only(200),
            args=lambda world: {**advised_app(world), "name": "approve"},
            label="GET-approve",
        ),
        Probe(
            minister_only(200),
            args=lambda world: {**advised_app(world), "name": "refuse"},
            label="GET-refuse",
        ),
        Probe(
            minister_only(404),
            args=lambda world: {**advised_app(world), "name": "withdraw"},
            label="GET-other",
        ),
        # Already decided: the executor's refusal of the state (409), in its words.
        Probe(
            minister_only(409),
            args=lambda world: {**decided_app(world), "name": "approve"},
            label="GET-decided",
        ),
        # No findings and no reasons: the guards' refusals (400), nothing decided.
        Probe(
            minister_only(400),
            method="post",
            args=lambda world: {**advised_app(world), "name": "approve"},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-approve-empty",
        ),
        Probe(
            minister_only(400),
            method="post",
            args=lambda world: {**advised_app(world), "name": "refuse"},
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-refuse-empty",
        ),
    ],
    # s42(2)-(4): an empty determination is the form's error (400), nothing withheld.
    "minister:withhold": [
        Probe(minister_only(200), args=advised_app, label="GET-advised"),
        Probe(minister_only(404), args=lambda world: {"pk": world.closed.pk}, label="GET-closed"),
        Probe(
            minister_only(400),
            method="post",
            args=advised_app,
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    # s35: the Minister's directions; an empty direction is the form's error (400), nothing directed.
    "minister:directions": [Probe(minister_only(200))],
    "minister:direction-new": [
        Probe(minister_only(200)),
        Probe(
            minister_only(400),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    "minister:direction-pdf": [
        Probe(minister_only(200), args=lambda world: {"pk": world.direction.pk}),
        Probe(minister_only(404), args=lambda world: {"pk": 0}, label="GET-missing"),
    ],
    # s26, s29(2): the Minister's opinions; an empty opinion is the form's error (400), nothing recorded.
    "minister:opinions": [Probe(minister_only(200))],
    "minister:opinion-new": [
        Probe(minister_only(200)),
        Probe(minister_only(200), query="application=not-a-number", label="GET-bad-application"),
        Probe(
            minister_only(400),
            method="post",
            body=lambda world, role: {},
            encoding="multipart",
            label="POST-empty",
        ),
    ],
    # The public rules of the Bill (no sign-in).
    "rules-comment-period": [Probe(ANYONE, query="gazette=2027-03-03")],
    "rules-evaluation-deadline": [Probe(ANYONE, query="received=2027-03-03")],
    "api-not-found": [Probe(roles(404)), Probe(roles(404), method="post", body=body({}))],
    "rules-penalties": [Probe(ANYONE, query=f"section=25&person={statute.Person.BODY_CORPORATE}")],
    "screening-api": [
        Probe(GET_NOT_ALLOWED),
        Probe(roles(400), method="post", body=body({})),
    ],
    # Tokens: anyone may ask with their own password.
    "api-token": [
        Probe(GET_NOT_ALLOWED),
        # With an authenticator set up, a password alone is not enough: the code is asked for (400).
        Probe(
            roles(200, anonymous=400, **dict.fromkeys(WITH_TOTP, 400)),
            method="post",
            body=lambda world, role: {} if role == "anonymous" else {"username": role, "password": PASSWORD},
        ),
    ],
    # The signed-in API.
    "api-applications": [
        Probe(
            api(200),
            among=lambda world: world.application_ids(),
            visible=lambda world, role: world.visible_applications(role),
        ),
        Probe(
            api(403, proponent=201, proponent2=201),
            method="post",
            body=body(application_payload()),
        ),
    ],
    "api-application": [
        Probe(appointed_before_advice(200), args=open_app, label="GET-open"),
        Probe(
            after_advice(200),
            args=lambda world: {"pk": world.advised.pk},
            label="GET-advised",
        ),
        Probe(
            before_appointment(403, proponent=200),
            method="patch",
            args=lambda world: {"pk": world.draft.pk},
            body=body({}),
            label="PATCH-draft",
        ),
    ],
    "api-application-documents": [
        Probe(appointed_before_advice(200), args=open_app),
        Probe(
            before_appointment(403, proponent=201),
            method="post",
            args=lambda world: {"pk": world.draft.pk},
            body=lambda world, role: {"kind": Document.Kind.GIA, "file": pdf()},
            encoding="multipart",
            label="POST-draft",
        ),
    ],
    "api-application-document": [
        Probe(
            appointed_before_advice(200),
            args=lambda world: {"pk": world.open.pk, "document_pk": world.gia.pk},
        )
    ],
    "api-application-lodge": transition(
        "draft",
        before_appointment(403, proponent=MAY),
        "open",
        appointed_before_advice(403, proponent=409),
    ),
    "api-application-return-for-amendment": transition(
        "lodged",
        before_appointment(403, officer=MAY, director=MAY),
        "open",
        appointed_before_advice(403, officer=409, director=409),
    ),
    "api-application-commission-evaluation": transition(
        "lodged",
        before_appointment(403, director=MAY),
        "open",
        appointed_before_advice(403, director=409),
    ),
    "api-application-record-evaluation": transition(
        "commissioned",
        appointed_before_advice(403, officer=MAY, director=MAY, auditor=MAY),
        "open",
        appointed_before_advice(403, officer=409, director=409, auditor=409),
    ),
    "api-application-publish-for-comment": transition(
        "evaluated",
        appointed_before_advice(403, officer=MAY, director=MAY),
        "open",
        appointed_before_advice(403, officer=409, director=409),
    ),
    "api-application-close-comments": transition(
        "open",
        appointed_before_advice(403, officer=MAY, director=MAY),
        "advised",
        after_advice(403, officer=409, director=409),
    ),
    "api-application-give-advice": transition(
        "closed",
        appointed_before_advice(403, officer=MAY, director=MAY),
        "open",
        appointed_before_advice(403, officer=409, director=409),
    ),
    "api-application-approve": transition(
        "advised",
        after_advice(403, minister=MAY),
        "decided",
        after_advice(403, minister=409),
    ),
    "api-application-refuse": transition(
        "advised",
        after_advice(403, minister=MAY),
        "decided",
        after_advice(403, minister=409),
    ),
    "api-application-withdraw": transition(
        "open",
        appointed_before_advice(403, proponent=MAY),
        "decided",
        after_advice(403, proponent=409),
    ),
    "api-application-unknown-transition": [
        Probe(
            api(404),
            method="post",
            args=lambda world: {"pk": world.open.pk, "name": "no_such_act"},
            body=body({}),
        )
    ],
    "api-amendment-answer": [
        Probe(
            before_appointment(403, proponent=MAY),
            method="post",
            args=lambda world: {"pk": world.returned.pk, "request_pk": world.amendment_request.pk},
            body=body({"response": "The kiln is described in section 2."}),
        )
    ],
    # Comments and the auditor register are the Office's (IsOffice: 403 before the application is read).
    "api-application-comments": [
        Probe(api(403, officer=200, director=200), args=open_app),
        Probe(
            api(403, officer=201, director=201),
            method="post",
            args=open_app,
            body=body(
                lambda world: {
                    "name": "A. Resident",
                    "text": "The kiln will be loud.",
                    "received_at": timezone.now().isoformat(),
                    "channel": Comment.Channel.EMAIL,
                }
            ),
        ),
    ],
    "api-application-comment": [
        Probe(
            api(403, officer=405, director=405),
            args=lambda world: {"pk": world.open.pk, "comment_pk": world.comment.pk},
        ),
        Probe(
            api(403, officer=200, director=200),
            method="patch",
            args=lambda world: {"pk": world.open.pk, "comment_pk": world.comment.pk},
            body=body({"considered": True, "response": "Noted in the advice."}),
        ),
    ],
    "api-auditors": [Probe(api(403, officer=200, director=200))],
    "api-directions": [
        Probe(
            api(200),
            among=lambda world: {world.direction.pk},
            visible=lambda world, role: world.visible_directions(role),
        ),
        Probe(
            api(403, minister=201),
            method="post",
            body=body(
                lambda world: {
                    "organisation": world.users["proponent2"].organisation_id,
                    "action": "A second gas plant.",
                    "due_on": statute.legal_today() + timedelta(days=90),
                }
            ),
        ),
    ],
    # The public register (no sign-in, no session): published assessments only.
    "api-public-assessments": [
        Probe(
            ANYONE, among=lambda world: world.application_ids(), visible=lambda world, role: world.published()
        )
    ],
    "api-public-assessment": [
        Probe(ANYONE, args=open_app, label="GET-open"),
        Probe(roles(404), args=lambda world: {"pk": world.draft.pk}, label="GET-draft"),
    ],
    "api-public-assessment-comments": [
        Probe(ANYONE, args=open_app),
        Probe(
            roles(201),
            method="post",
            args=open_app,
            body=body({"name": "A. Resident", "email": "resident@example.com", "text": "Too loud."}),
        ),
    ],
    "api-public-assessment-document": [
        Probe(
            ANYONE, args=lambda world: {"pk": world.open.pk, "document_pk": world.gia.pk}, label="GET-open"
        ),
        Probe(
            roles(404),
            args=lambda world: {"pk": world.draft.pk, "document_pk": world.draft_gia.pk},
            label="GET-draft",
        ),
    ],
    "api-schema": [Probe(ANYONE)],
    "api-docs": [Probe(ANYONE)],
    "api-redoc": [Probe(ANYONE)],
}

# (pattern, probe, role) -> why its status is wrong today (a strict xfail: fixing it must remove it).
KNOWN_WRONG: dict[tuple[str, str, str], str] = {}


# --- The Django admin's model pages, by rule ------------------------------------------------------

ADMIN_PAGES = {  # page -> the permissions any one of which opens it (Django's ModelAdmin defaults)
    "changelist": ("view", "change"),
    "add": ("add",),
    "change": ("view", "change"),
    "delete": ("delete",),
    "history": ("view", "change"),
}


def admin_model_probes() -> dict[str, list[Probe]]:
    """The standard pages of every ModelAdmin on admin.site, keyed as the resolver names them."""
    probes = {}
    for model in admin.site._registry:
        opts = model._meta
        for page in ADMIN_PAGES:
            object_page = page not in ("changelist", "add")
            probes[f"admin:{opts.app_label}_{opts.model_name}_{page}"] = [
                Probe(
                    _admin_model_expectation(model, page),
                    args=(lambda world, model=model: {"object_id": world.admin_object_id(model)})
                    if object_page
                    else (lambda world: {}),
                )
            ]
        # admin/<app>/<model>/<id>/ redirects to the change page (or to the login).
        probes[f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/"] = [
            Probe(
                admin_page(Redirect(f"/admin/{opts.app_label}/{opts.model_name}/")),
                args=lambda world, model=model: {"object_id": world.admin_object_id(model)},
            )
        ]
    return probes


def _admin_model_expectation(model, page: str) -> Expectation:
    def expect(world, role):
        if role not in OFFICE:
            return ADMIN_LOGIN
        user = world.users[role]
        opts = model._meta
        permitted = any(
            user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ADMIN_PAGES[page]
        )
        exists = world.admin_objects[model] is not None
        if page == "history" and not exists:
            return ADMIN_INDEX  # the history page asks whether the object exists first
        if not permitted:
            return 403
        return 200 if exists or page in ("changelist", "add") else ADMIN_INDEX

    return expect


# --- The resolver ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route if the pattern has no name
    route: str


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Pattern(key=name or route, route=route)


@cache
def table() -> dict[str, list[Probe]]:
    return {**admin_model_probes(), **URLS}


@cache
def patterns() -> dict[str, Pattern]:
    return {pattern.key: pattern for pattern in url_patterns()}


def fill(route: str, kwargs: dict) -> str:
    """The URL of ``route`` with its converters (``<int:pk>``) and regex groups filled in."""
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: str(kwargs[match.group(1)]), route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match.group(1)]), url)
    return "/" + url.replace("^", "").replace("$", "")


def cases():
    for key, probes in table().items():
        if key not in patterns():
            continue  # a stale row: test_every_url_is_classified says so
        for probe in probes:
            for role in ROLES:
                reason = KNOWN_WRONG.get((key, probe.id, role))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                yield pytest.param(key, probe.id, role, marks=marks, id=f"{key}-{probe.id}-{role}")


def test_every_url_is_classified():
    resolved, classified = set(patterns()), set(table())
    unclassified = sorted(resolved - classified)
    assert not unclassified, (
        "Classify these URLs in tests/test_url_auth.py (a row in URLS; see the module docstring). "
        f"A new URL fails the sweep until it is classified: {unclassified}"
    )
    stale = sorted(classified - resolved)
    assert not stale, f"These rows of tests/test_url_auth.py name URLs that no longer exist: {stale}"
    for key, probes in table().items():
        ids = [probe.id for probe in probes]
        assert len(ids) == len(set(ids)), f"{key}: give each probe its own label"


# --- The world the sweep runs in (built once per module) -------------------------------------------


@dataclass
class World:
    users: dict
    auditor: IndependentAuditor
    draft: Application  # proponent's, with its GIA
    draft_gia: Document
    other: Application  # proponent2's draft
    lodged: Application
    returned: Application  # with an unanswered amendment request
    amendment_request: AmendmentRequest
    commissioned: Application  # auditor appointed, evaluation uploaded, not yet recorded
    evaluated: Application
    open: Application  # returned once, re-lodged, evaluated by auditor, open for comment, one comment
    gia: Document
    comment: Comment
    closed: Application
    advised: Application
    decided: Application  # approved by the Minister
    direction: Direction  # to proponent's organisation
    opinion: MinisterialOpinion | None = None  # s26, about proponent's organisation's action
    drafting_plan: object = None  # an industry greenhouse plan being prepared (Part 7), for the admin
    token: ApiToken | None = None  # proponent's API token
    plans: dict = field(default_factory=dict)  # Part 7: source category code of a plan by its state
    sessions: dict = field(default_factory=dict)
    admin_objects: dict = field(default_factory=dict)

    def mine(self) -> list[Application]:
        return [
            self.draft,
            self.lodged,
            self.returned,
            self.commissioned,
            self.evaluated,
            self.open,
            self.closed,
            self.advised,
            self.decided,
        ]

    def appointed(self) -> list[Application]:
        return [self.commissioned, self.evaluated, self.open, self.closed, self.advised, self.decided]

    def visible_applications(self, role: str) -> set[int]:
        """Written out from the rules in assessments/selectors.py's docstring, not asked of the selectors."""
        everything = [*self.mine(), self.other]
        seen = {
            "proponent": self.mine(),
            "proponent2": [self.other],
            "officer": everything,
            "director": everything,
            "auditor": self.appointed(),
            "auditor2": [],
            "minister": [self.advised, self.decided],
        }[role]
        return {application.pk for application in seen}

    def visible_directions(self, role: str) -> set[int]:
        return {self.direction.pk} if role in ("proponent", "officer", "director", "minister") else set()

    def published(self) -> set[int]:
        return {self.open.pk, self.closed.pk, self.advised.pk, self.decided.pk}

    def application_ids(self) -> set[int]:
        return {application.pk for application in [*self.mine(), self.other]}

    def admin_object_id(self, model) -> str:
        obj = self.admin_objects[model]
        return "0" if obj is None else str(obj.pk)


class _Acts:
    """The acts that walk an application through its states, as the demo people do them."""

    def __init__(self, users):
        self.users = users
        self.auditor = IndependentAuditor.objects.get(user=users["auditor"])

    def new(self, username="proponent") -> Application:
        actor = self.users[username]
        application = services.create_application(actor=actor, data=application_payload())
        services.upload_document(application=application, actor=actor, kind=Document.Kind.GIA, upload=pdf())
        return application

    def walk(self, *steps, username="proponent") -> Application:
        """A new application of ``username``'s organisation, with its GIA, taken through ``steps``."""
        application = self.new(username)
        for step in steps:
            step(application)
            application.refresh_from_db()
        return application

    def lodge(self, application):
        services.lodge(application=application, actor=self.users["proponent"])

    def give_back(self, application):
        services.return_for_amendment(
            application=application,
            actor=self.users["officer"],
            requests=[{"kind": "description", "detail": "Describe the kiln."}],
        )

    def answer(self, application):
        for request in application.amendment_requests.all():
            services.answer_amendment_request(
                request=request, actor=self.users["proponent"], response="Described."
            )

    def commission(self, application):
        services.commission_evaluation(
            application=application, actor=self.users["director"], auditor=self.auditor
        )
        application.refresh_from_db()  # the auditor it now has
        services.upload_document(
            application=application, actor=self.users["auditor"], kind=Document.Kind.EVALUATION, upload=pdf()
        )

    def evaluate(self, application):
        services.record_evaluation(application=application, actor=self.users["auditor"])

    def publish(self, application):
        services.publish_for_comment(application=application, actor=self.users["officer"], **publication())

    def close(self, application):
        """The closing day passes, and the scheduled job closes comments."""
        past = statute.legal_today() - timedelta(days=10)
        Application.objects.filter(pk=application.pk).update(closing_day=past)
        application.refresh_from_db()
        services.close_comments(application=application, actor=None)

    def advise(self, application):
        services.give_advice(
            application=application, actor=self.users["officer"], recommendation="approve", summary="Approve."
        )

    def approve(self, application):
        services.decide(
            application=application,
            actor=self.users["minister"],
            approve=True,
            advice_considered=True,
            no_prudent_or_feasible_alternative=True,
            targets_not_prevented=True,
            reasons="No prudent or feasible alternative; targets not prevented.",
        )


def _plans(officer) -> dict[str, str]:
    """Industry greenhouse plans (Part 7) through their acts: one published (its PDF not yet rendered),
    one given to the Minister, one being prepared; each by its source category's code."""
    from taskforces import services as plans
    from taskforces.models import SourceCategory, Taskforce

    codes = {"published": "1.A.3", "given": "2.A", "drafting": "4.A"}
    for state, code in codes.items():
        category = SourceCategory.objects.get(code=code)
        Taskforce.objects.create(
            source_category=category,
            name=f"{category.name} Greenhouse Taskforce",
            appointed_on=statute.legal_today() - timedelta(days=400),
            instrument="Sweep appointment",
        )
        plan = plans.prepare_plan(
            source_category=category,
            prepared_by="taskforce",
            title=f"Industry greenhouse plan: {category.name}",
            summary="How the category reaches its targets.",
            text="# Measures\n\nFuel.",
            actor=officer,
        )
        if state != "drafting":
            plans.give_to_minister(plan=plan, actor=officer)
        if state == "published":
            plans.publish(plan=plan, actor=officer)
    return codes


def _build_world() -> World:
    call_command("seed_demo", "--no-applications", "--force", stdout=io.StringIO())
    users = {user.username: user for user in get_user_model().objects.filter(username__in=ROLES)}
    acts = _Acts(users)
    published = (acts.lodge, acts.commission, acts.evaluate, acts.publish)
    draft = acts.walk()
    returned = acts.walk(acts.lodge, acts.give_back)
    open_ = acts.walk(acts.lodge, acts.give_back, acts.answer, *published)
    world = World(
        users=users,
        auditor=acts.auditor,
        draft=draft,
        draft_gia=draft.documents.get(kind=Document.Kind.GIA),
        other=acts.walk(username="proponent2"),
        lodged=acts.walk(acts.lodge),
        returned=returned,
        amendment_request=returned.amendment_requests.get(),
        commissioned=acts.walk(acts.lodge, acts.commission),
        evaluated=acts.walk(acts.lodge, acts.commission, acts.evaluate),
        open=open_,
        gia=open_.documents.get(kind=Document.Kind.GIA),
        comment=services.record_comment(
            application=open_,
            actor=users["officer"],
            name="A. Resident",
            email="",
            text="The kiln will be loud.",
            channel=Comment.Channel.EMAIL,
            received_at=timezone.now(),
        ),
        closed=acts.walk(*published, acts.close),
        advised=acts.walk(*published, acts.close, acts.advise),
        decided=acts.walk(*published, acts.close, acts.advise, acts.approve),
        direction=services.direct_assessment(
            actor=users["minister"],
            organisation=users["proponent"].organisation,
            action="A fourth kiln.",
            due_on=statute.legal_today() + timedelta(days=90),
        ),
    )
    world.opinion = form_opinion(
        actor=users["minister"],
        organisation=users["proponent"].organisation,
        action="A fifth kiln.",
        commonwealth=False,
        limb="likely_to_inhibit",
        reasons="It would add to emissions.",
    )
    JobRun.objects.create(name="heartbeat", started_at=timezone.now(), finished_at=timezone.now())
    world.token = tokens.issue_token(user=users["proponent"], name="Sweep").token
    world.plans = _plans(users["officer"])
    world.drafting_plan = _drafting_plan(users["officer"])
    world.admin_objects = {
        model: model._default_manager.order_by("pk").first() for model in admin.site._registry
    }
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


def _drafting_plan(officer):
    """A plan being prepared, for the last source category without one (others' probes use the first)."""
    from taskforces.models import SourceCategory
    from taskforces.services import prepare_plan

    category = SourceCategory.objects.filter(plan__isnull=True).order_by("-position").first()
    return prepare_plan(
        source_category=category,
        prepared_by="taskforce",
        title=f"Industry greenhouse plan: {category.name}",
        summary="How the category reaches its targets.",
        text="# Measures\n\nFewer emissions.",
        actor=officer,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once in a transaction that is rolled back after the module; each test rolls back its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --- The sweep -------------------------------------------------------------------------------------


def _request(world: World, pattern: Pattern, probe: Probe, role: str):
    url = fill(pattern.route, probe.args(world))
    reached = resolve(url).route
    assert reached.replace("^", "") == pattern.route.replace("^", ""), (
        f"{url} reaches {reached}, not {pattern.key}"
    )
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    send = getattr(client, probe.method)
    if probe.query:
        url = f"{url}?{probe.query}"
    if probe.body is None:
        return send(url)
    data = probe.body(world, role)
    if probe.encoding == "multipart":
        return send(url, data)
    return send(url, data, content_type="application/json")


def _check(response, expected: Expect) -> None:
    shown = b"<a file>" if response.streaming else response.content[:300]
    where = (
        f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']} answered "
        f"{response.status_code} ({response.get('Location', '')}): {shown!r}"
    )
    assert response.status_code != 500, where
    if isinstance(expected, Redirect):
        assert response.status_code == 302, f"expected {expected!r}, {where}"
        assert response["Location"].startswith(expected.to), f"expected {expected!r}, {where}"
    elif isinstance(expected, frozenset):
        assert response.status_code in expected, f"expected one of {sorted(expected)}, {where}"
    else:
        assert response.status_code == expected, f"expected {expected}, {where}"


def _items(response) -> list[dict]:
    data = response.json()
    return data["results"] if isinstance(data, dict) else data  # paginated or not


@pytest.mark.parametrize(("key", "probe_id", "role"), list(cases()))
def test_url_answers_each_role(world, key, probe_id, role):
    probe = next(probe for probe in table()[key] if probe.id == probe_id)
    response = _request(world, patterns()[key], probe, role)
    if response.streaming:  # read a download to its end: the test client then closes its file
        b"".join(response.streaming_content)
    _check(response, probe.expect(world, role))
    if probe.visible is not None and response.status_code == 200:
        shown = {item["id"] for item in _items(response)} & probe.among(world)
        assert shown == probe.visible(world, role), f"{role} sees the wrong records"
