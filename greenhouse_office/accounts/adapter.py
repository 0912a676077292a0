"""allauth's adapter, where this system's account policy differs from allauth's defaults."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

# The longest a username (150) or an email address (254) can be.
LONGEST_LOGIN = 254


def account_key(login: str) -> str:
    """The account a login names, for the lockout: its username and its email count as one.

    An unknown login keys on itself, so guessing at names that do not exist is limited too.
    """
    login = (login or "").strip().lower()
    if len(login) > LONGEST_LOGIN:  # no account has it; and SQLite refuses a LIKE that long
        return f"login:{login[:LONGEST_LOGIN]}"
    user_id = (
        get_user_model()
        .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .values_list("pk", flat=True)
        .first()
    )
    return f"user:{user_id}" if user_id is not None else f"login:{login}"


def lockout_minutes() -> int:
    """How long one account stays locked after too many wrong passwords (ACCOUNT_RATE_LIMITS)."""
    rates = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    return max(round(rate.duration / 60) for rate in rates if rate.per == "key")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": "Too many wrong passwords have been given for this account, so it is "
        "locked for a while. Try again in {minutes} minutes, or reset your password.",
        "username_password_mismatch": "The username (or email address) or the password is wrong.",
        "email_password_mismatch": "The username (or email address) or the password is wrong.",
    }

    def validation_error(self, code, *args):
        error = super().validation_error(code, *args)
        if code == "too_many_login_attempts":
            error.message = error.message.format(minutes=lockout_minutes())
        return error

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys failed sign-ins on the login string typed; "one account, every login path"
        # needs the account, whether it was named by username or by email (pinned allauth 65.21).
        return account_key(credentials.get("email", credentials.get("username", "")))
