"""API tokens: issued with an expiry, listed and revoked by their owner, void once the password changes.

The key is shown once, when issued; only its SHA-256 is stored. A token also carries the owner's
session hash of the moment (Django's ``get_session_auth_hash``, which changes with the password),
so a password changed by any path (the account page, a reset, the admin, ``changepassword``)
voids every token issued before it, as it ends every session.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.utils.crypto import constant_time_compare

from greenhouse_office import clock
from greenhouse_office.accounts import mfa
from greenhouse_office.models import ApiToken

# Seen often by a busy script: record use at most once a minute, not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
PASSWORD_CHANGED = "The password was changed."  # noqa: S105 (a reason, not a password)


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    key: str  # shown to the owner once, never stored


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(*, user, name: str, at: datetime | None = None) -> Issued:
    """A new token for ``user``, valid for GREENHOUSE_API_TOKEN_DAYS."""
    now = clock.moment(at)
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=key[:8],
        key_hash=_hash(key),
        password_fingerprint=user.get_session_auth_hash(),
        created_at=now,
        expires_at=now + timedelta(days=settings.GREENHOUSE_API_TOKEN_DAYS),
    )
    return Issued(token, key)


def revoke_token(*, token: ApiToken, because: str = "Revoked by its owner.", at=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.moment(at)
        token.revoked_because = because
        token.save(update_fields=["revoked_at", "revoked_because"])


def revoke_all(*, user, because: str, at=None) -> int:
    """Revoke every live token of ``user`` (e.g. their password changed); returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=clock.moment(at), revoked_because=because
    )


def status_of(token: ApiToken, *, at=None) -> str:
    """Why the token works or does not, in words: "Active", "Expired", "Revoked: ..."."""
    if token.revoked_at is not None:
        return f"Revoked: {token.revoked_because}" if token.revoked_because else "Revoked"
    if not constant_time_compare(token.password_fingerprint, token.user.get_session_auth_hash()):
        return f"Revoked: {PASSWORD_CHANGED}"
    if token.expires_at <= clock.moment(at):
        return "Expired"
    return "Active"


class TokenRefused(Exception):
    pass


def authenticate(key: str, *, at=None):
    """The user a presented key belongs to, or TokenRefused saying why it no longer works."""
    now = clock.moment(at)
    # One query: the token, its user, and (a row per group) the user's roles and whether a TOTP is set
    # up, which every API request asks next (mfa.lacks_required_mfa, access.role_names).
    totp = Authenticator.objects.filter(user_id=OuterRef("user_id"), type=Authenticator.Type.TOTP)
    rows = list(
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key))
        .annotate(role=F("user__groups__name"), has_totp=Exists(totp))
        .order_by()
    )
    token = rows[0] if rows else None
    if token is None or not token.user.is_active:
        raise TokenRefused("Invalid token.")
    state = status_of(token, at=now)
    if state != "Active":
        raise TokenRefused(
            f"This token no longer works ({state.lower().rstrip('.')}); sign in for a new one."
        )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    mfa.remember_roles_and_totp(token.user, ((row.role, row.has_totp) for row in rows))
    return token.user, token


def on_password_changed(sender, request=None, user=None, **kwargs) -> None:
    """allauth's password_changed, password_reset and password_set signals."""
    if user is not None:
        revoke_all(user=user, because=PASSWORD_CHANGED)
