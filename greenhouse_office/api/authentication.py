"""The API's token authentication, over greenhouse_office.accounts.tokens.

DRF imports this class from its settings, which may happen before Django's apps are loaded (a
management command, drf-spectacular): so it imports nothing that imports models until it is used,
as DRF's own TokenAuthentication does.
"""

from rest_framework import authentication, exceptions


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; an expired, revoked or superseded token is refused with why."""

    def authenticate_credentials(self, key):
        from greenhouse_office.accounts import mfa, tokens

        try:
            user, token = tokens.authenticate(key)  # one query: the token, its user, roles and TOTP
        except tokens.TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from refused
        if mfa.lacks_required_mfa(user):  # a token issued before the role was given, say
            raise exceptions.AuthenticationFailed(mfa.SET_UP_FIRST.split(". ")[0] + ".")
        return user, token
