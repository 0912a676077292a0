"""The demo accounts' sign-in: a verified email address each, and for the roles that must use
two-factor authentication an authenticator already set up with a secret derived from the username,
so the demo works without scanning a code (`manage.py demo_code <username>` prints the current code;
the secret can be typed into an authenticator app instead). Only seed_demo, which refuses to run with
debug off, calls these."""

import base64
import hashlib

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP


def totp_secret(username: str) -> str:
    """A fixed base32 secret per demo username (public: these are demonstration accounts)."""
    return base64.b32encode(hashlib.sha256(f"greenhouse-demo:{username}".encode()).digest()[:20]).decode()


def verified_email(user) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )


def authenticator(user) -> None:
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, totp_secret(user.username))
