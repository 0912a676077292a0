"""Multi-factor authentication: required of the people who act for the Commonwealth.

Office staff, the Director and the Minister hold the Office's records and make its decisions, so
each must have an authenticator app (TOTP) set up before the system lets them do anything else;
anyone else may set one up (allauth's pages at /accounts/2fa/).
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from django.contrib import messages
from django.db.models import Exists
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from greenhouse_office.access import remember_role_names, role_names, role_names_known
from greenhouse_office.roles import OFFICE_ROLES, Role

MFA_REQUIRED_ROLES = frozenset(role.value for role in (*OFFICE_ROLES, Role.MINISTER))

# Pages a person without TOTP may still reach: setting it up (allauth asks for the password again
# first), signing out, their email and password, the static files. Not API tokens or the organisation.
_EXEMPT_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/accounts/password/",
    "/static/",
    "/csp-report/",  # a browser's violation report: never a page to redirect
    "/healthz",
)
_EXEMPT_PATHS = ("/accounts/",)

SET_UP_FIRST = (
    "Office staff, the Director and the Minister must set up an authenticator app before using "
    "the system. Scan the code below with the app, then type the 6-digit code it shows."
)


def requires_mfa(user) -> bool:
    return bool(role_names(user) & MFA_REQUIRED_ROLES)


def totp_of(user) -> Authenticator | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_greenhouse_totp", False)
    if cached is False:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        user._greenhouse_totp = cached
    return cached


def current_code(user) -> str:
    """The code ``user``'s authenticator app shows now: for the demo's `demo_code` and for tests."""
    counters = list(yield_hotp_counters_from_time())
    secret = decrypt(totp_of(user).data["secret"])
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def _read_roles_and_totp(user) -> None:
    """The user's groups and whether a TOTP authenticator is set up, in one query, as every signed-in
    request asks both. Holding no group a person needs no TOTP, so it is then left unread."""
    totp = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP)
    remember_roles_and_totp(user, user.groups.annotate(has_totp=Exists(totp)).values_list("name", "has_totp"))


def remember_roles_and_totp(user, rows) -> None:
    """Keep ``rows`` ((group name, TOTP set up?) pairs, read in one query) as the user's roles and TOTP
    state, so neither is read again in this request (also greenhouse_office.accounts.tokens)."""
    rows = [(name, has) for name, has in rows if name is not None]
    remember_role_names(user, (name for name, _ in rows))
    if rows:
        user._greenhouse_has_totp = rows[0][1]


def has_totp(user) -> bool:
    known = getattr(user, "_greenhouse_has_totp", None)
    return totp_of(user) is not None if known is None else known


def lacks_required_mfa(user) -> bool:
    if getattr(user, "is_authenticated", False) and not role_names_known(user):
        _read_roles_and_totp(user)
    return requires_mfa(user) and not has_totp(user)


def code_is_valid(user, code: str) -> bool:
    """A current TOTP code (each accepted once) or an unused recovery code of ``user``."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        return False
    authenticator = totp_of(user)
    if authenticator is not None and TOTP(authenticator).validate_code(code):
        authenticator.record_usage()
        return True
    recovery = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    if recovery is not None and recovery.wrap().validate_code(code):
        recovery.record_usage()
        return True
    return False


class RequireMultiFactorMiddleware:
    """Sends a signed-in person who must use TOTP and has none to set it up (the API gets a 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        exempt = path in _EXEMPT_PATHS or path.startswith(_EXEMPT_PREFIXES)
        if not exempt and lacks_required_mfa(request.user):
            if path.startswith("/api/"):
                # Imported here: DRF's settings import the token authentication, which imports this.
                from greenhouse_office.api.errors import error_shape

                return JsonResponse(error_shape(SET_UP_FIRST, "mfa_required"), status=403)
            messages.warning(request, SET_UP_FIRST)
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
