"""What every assessments API view shares: one error shape, and refusals mapped to HTTP statuses.

An error body is ``{"detail": ..., "code": ..., "messages": [...], <field>: [...]}``: ``detail`` the
whole refusal in words, ``messages`` each reason (citing the section where a rule refused),
and one key per field that needs correcting.
"""

from django.http import FileResponse, Http404
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.errors import AssessmentError, Refusal

STATUS = {
    Refusal.RULE: status.HTTP_400_BAD_REQUEST,
    Refusal.INVALID: status.HTTP_400_BAD_REQUEST,
    Refusal.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    Refusal.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    Refusal.NOT_AVAILABLE: status.HTTP_409_CONFLICT,
    Refusal.CONFLICT: status.HTTP_409_CONFLICT,
}
NEEDS_CORRECTING = "Some fields need correcting."
NOT_FOUND = "Not found, or not visible to you."


def refusal_response(error: AssessmentError) -> Response:
    body = {"detail": str(error), "code": error.code, "messages": error.messages or [str(error)]}
    body.update(error.field_errors)
    return Response(body, status=STATUS[error.kind])


def validation_response(error: exceptions.ValidationError) -> Response:
    detail = error.detail
    fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    messages = list(_flatten(fields))
    return Response(
        {"detail": NEEDS_CORRECTING, "code": "invalid", "messages": messages, **fields},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _flatten(errors, path: str = ""):
    """Each message of a (nested) DRF error, prefixed with where it applies ("newspapers[1].newspaper")."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from _flatten(value, "" if key == "non_field_errors" else f"{path}.{key}".lstrip("."))
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            yield from _flatten(value, f"{path}[{index}]" if isinstance(value, dict | list) else path)
    else:
        yield f"{path}: {errors}" if path else str(errors)


class AssessmentsAPIView(APIView):
    # Signed in with a token (or the session, for the browsable API); refusals as JSON.

    # Token first, so an anonymous caller gets 401 with WWW-Authenticate: Token.
    authentication_classes = [TokenAuthentication, SessionAuthentication]

    def handle_exception(self, exc):
        if isinstance(exc, AssessmentError):
            return refusal_response(exc)
        if isinstance(exc, exceptions.ValidationError):
            return validation_response(exc)
        if isinstance(exc, Http404):
            exc = exceptions.NotFound(NOT_FOUND)
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:  # 401, 403, 404, 405, 429
            detail = response.data["detail"]
            response.data = {"detail": detail, "code": getattr(detail, "code", ""), "messages": [detail]}
        return response


class JSONErrorsNegotiation(BaseContentNegotiation):
    """Downloads answer with a PDF whatever the Accept header; their refusals with JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def pdf_download(document, filename: str, *, public: bool) -> FileResponse:
    """Stream a stored PDF as an attachment; never shown inline, never sniffed as another type."""
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
