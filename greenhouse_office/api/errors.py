"""One error shape for every API (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``).

Every error body is ``{"detail": str, "code": str, "messages": [str, ...], <field>: [str, ...]}``:
``detail`` the whole refusal in words, ``code`` a stable name for programs, ``messages`` each reason
(citing the section where a rule of the Bill refused, with its path where a field is at fault), and
one key per field that needs correcting. The three named keys win over a field of the same name,
whose message is still in ``messages``.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from greenhouse_office.statute import StatuteError
from greenhouse_office.workflow.errors import ActRefused

logger = logging.getLogger(__name__)

NEEDS_CORRECTING = "Some fields need correcting."
NOT_FOUND = "Not found, or not visible to you."
CONCURRENT = "Someone else changed this application at the same moment; reload it and try again."
NOT_NOW = "That is not possible in the application's current state; reload it to see what is."


class RuleRefused(exceptions.APIException):
    """A rule of the Bill refused the value of ``field``: 400 with the StatuteError's words and code."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, error: StatuteError, field: str | None = None):
        super().__init__(str(error), code=error.code)
        self.field = field


def exception_handler(exc, context) -> Response | None:
    """Answer ``exc`` in the one shape; None (a 500) for anything that is not a refusal."""
    if isinstance(exc, StatuteError):
        exc = RuleRefused(exc)
    if isinstance(exc, ActRefused):
        messages = _with_fields(exc.messages, exc.field_errors)
        response = _body(exc.detail, exc.code, messages, exc.field_errors, status_code=exc.status)
    elif isinstance(exc, exceptions.ValidationError):
        response = _validation(exc)
    elif isinstance(exc, RequestDataTooBig):  # above DATA_UPLOAD_MAX_MEMORY_SIZE, before any parser
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        detail = f"The request body is larger than {limit} MB, the most this API accepts."
        response = _body(detail, "too_large", status_code=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, ConcurrentTransition):
        response = _body(CONCURRENT, "conflict", status_code=status.HTTP_409_CONFLICT)
    elif isinstance(exc, TransitionNotAllowed):
        # A service should have refused with its cited reason first; this is the safety net.
        logger.warning("TransitionNotAllowed reached the API: %s", exc)
        response = _body(NOT_NOW, "not_available", status_code=status.HTTP_409_CONFLICT)
    else:
        return _api_exception(exc, context)
    set_rollback()
    return response


@csrf_exempt  # it changes nothing; a POST there is a 404 too, not the CSRF failure page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """A path under /api/v1/ that names nothing (an id that is not a whole number, say): 404 in the
    one shape, as the schema documents, rather than the site's HTML page (greenhouse_office/urls.py)."""
    return JsonResponse(error_shape(NOT_FOUND, "not_found"), status=status.HTTP_404_NOT_FOUND)


def error_shape(detail: str, code: str, messages=(), fields=None) -> dict:
    """The one error body, for a refusal made outside DRF's views (e.g. a middleware)."""
    return {**(fields or {}), "detail": str(detail), "code": code, "messages": list(messages) or [detail]}


def _body(detail: str, code: str, messages=(), fields=None, *, status_code: int) -> Response:
    return Response(error_shape(detail, code, messages, fields), status=status_code)


def _with_fields(messages: list[str], field_errors: dict) -> list[str]:
    """The refusal's messages, then each field's message (with its path) that they do not already say."""
    said = set(messages)
    fields = [m for m in _flatten(field_errors) if m.partition(": ")[2] not in said]
    return [m for m in messages if not (fields and m == NEEDS_CORRECTING)] + fields


def _validation(exc: exceptions.ValidationError) -> Response:
    detail = exc.detail
    fields = detail if isinstance(detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return _body(
        NEEDS_CORRECTING, "invalid", _flatten(fields), fields, status_code=status.HTTP_400_BAD_REQUEST
    )


def _api_exception(exc, context) -> Response | None:
    """DRF's own exceptions (401 with WWW-Authenticate, 403, 404, 405, 429 with Retry-After, ...)."""
    if isinstance(exc, Http404) or (
        isinstance(exc, exceptions.NotFound) and exc.detail == exceptions.NotFound.default_detail
    ):
        exc = exceptions.NotFound(NOT_FOUND)
    response = drf_exception_handler(exc, context)  # also turns Django's PermissionDenied into 403
    if response is None:
        return None
    # The response keeps DRF's status and headers (WWW-Authenticate, Retry-After); only the body changes.
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    if detail is None:  # an APIException raised with a list or dict of messages
        response.data = error_shape(NEEDS_CORRECTING, "invalid", _flatten(response.data))
        return response
    fields = {exc.field: [detail]} if isinstance(exc, RuleRefused) and exc.field else None
    response.data = error_shape(detail, getattr(detail, "code", None) or "error", [detail], fields)
    return response


def _flatten(errors, path: str = ""):
    """Each message of a (nested) DRF error, prefixed with where it applies ("newspapers[1].newspaper")."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                where = path
            elif isinstance(key, int):  # a ListField's errors are keyed by index
                where = f"{path}[{key}]"
            else:
                where = f"{path}.{key}".lstrip(".")
            yield from _flatten(value, where)
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            yield from _flatten(value, f"{path}[{index}]" if isinstance(value, dict | list) else path)
    else:
        yield f"{path}: {errors}" if path else str(errors)
