"""The API's token authentication, over greenhouse_office.accounts.tokens."""

from rest_framework import authentication, exceptions

from greenhouse_office.accounts import tokens


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; an expired, revoked or superseded token is refused with why."""

    def authenticate_credentials(self, key):
        try:
            return tokens.authenticate(key)
        except tokens.TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from refused
