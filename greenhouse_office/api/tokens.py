"""POST /api/v1/auth/token: a username (or email) and password, and the authenticator code where the
account has one, exchanged for an API token that expires (greenhouse_office.accounts.tokens).

The password is checked by allauth's adapter, so a wrong one here counts towards the same lockout
as at the sign-in page, and a locked account is locked here too.
"""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from greenhouse_office.accounts import mfa, tokens
from greenhouse_office.accounts.adapter import LONGEST_LOGIN, account_key
from greenhouse_office.throttling import ScopedFixedWindowThrottle

from .serializers import ErrorSerializer, StrictSerializer


class CredentialsRefused(exceptions.APIException):
    """400: the sign-in failed, said plainly (not "Unable to log in with provided credentials")."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The username or password is wrong."
    default_code = "invalid_credentials"


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class MultiFactorNeeded(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = mfa.SET_UP_FIRST.split(". ")[0] + " (at /accounts/2fa/), then ask for a token."
    default_code = "mfa_required"


class TokenRequest(StrictSerializer):
    username = serializers.CharField(max_length=LONGEST_LOGIN, help_text="Username or email address.")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, max_length=4096)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The 6-digit code of the account's authenticator app (or a recovery code), if it has one.",
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="What the token is for (shown in the list).",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as the header `Authorization: Token <token>`.")
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenView(APIView):
    """Exchange a username and password (and authenticator code) for an API token."""

    authentication_classes: list = []  # no session, so no CSRF; the credentials are the request
    permission_classes: list = []
    throttle_classes = [ScopedFixedWindowThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        tags=["auth"],
        summary="Obtain an API token",
        request=TokenRequest,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="The username, password or code is wrong, or the account inactive",
            ),
            403: OpenApiResponse(
                ErrorSerializer, description="The account must set up its authenticator first"
            ),
            429: OpenApiResponse(ErrorSerializer, description="Too many attempts; try again later"),
        },
    )
    def post(self, request):
        query = TokenRequest(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        login, password = data["username"], data["password"]
        django_request = request._request  # allauth's rate limits read the client's address from it
        try:
            user = get_adapter(django_request).authenticate(django_request, username=login, password=password)
        except ValidationError as locked:
            raise LockedOut(locked.messages[0]) from locked
        if user is None:
            raise CredentialsRefused()
        if not user.is_active:  # allauth's backend lets the password be checked, to say this plainly
            raise CredentialsRefused(
                "This account is inactive; ask the Greenhouse Office to reactivate it.",
                code="inactive_account",
            )
        if mfa.lacks_required_mfa(user):
            raise MultiFactorNeeded()
        if mfa.totp_of(user) is not None and not mfa.code_is_valid(user, data.get("otp", "")):
            # A wrong code is a failed sign-in too: it counts towards the account's lockout.
            ratelimit.consume(django_request, action="login_failed", key=account_key(login))
            raise exceptions.ValidationError(
                {
                    "otp": [
                        "Give the 6-digit code your authenticator app shows now (or an unused recovery code)."
                    ]
                }
            )
        issued = tokens.issue_token(user=user, name=data.get("name") or "Obtained at /api/v1/auth/token")
        return Response(
            TokenSerializer(
                {"token": issued.key, "name": issued.token.name, "expires_at": issued.token.expires_at}
            ).data
        )
