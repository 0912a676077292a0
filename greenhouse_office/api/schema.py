"""The OpenAPI schema as strict as the server, every status it answers documented (issue 14).

``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``: drf-spectacular's AutoSchema, plus what every view's
classes already say, in one place rather than on each view:

- 401 (with ``WWW-Authenticate``) on every operation whose view authenticates: a missing, expired or
  revoked token is refused before the view runs;
- 403 where a permission beyond "signed in" is asked (a role), or a signed-in session posts without
  its CSRF token;
- 404 where the path names something (an id the caller may not see) or a page is asked for (a page
  number or cursor that does not exist);
- 429 (with ``Retry-After``) on every operation a throttle limits;
- request shapes as strict as their serializers: a StrictSerializer refuses unknown fields
  (``additionalProperties: false``), and a list that refuses to be empty or too long says so
  (``minItems``, ``maxItems``).

Each is the one error shape (greenhouse_office.api.errors). A status an operation documents itself
keeps its own description.

``add_links`` (a drf-spectacular postprocessing hook: drf-spectacular makes no OpenAPI links itself)
links each answer that names a resource to what may follow on it.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import is_list_serializer
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated
from rest_framework.throttling import ScopedRateThrottle

from .serializers import ErrorSerializer, StrictSerializer

UNAUTHENTICATED = (
    "No valid token: missing, expired, revoked or superseded (send `Authorization: Token <key>`)"
)
FORBIDDEN = "The caller's role may not do this (or a signed-in session sent no CSRF token)"
NOT_FOUND = "Not found, or not visible to the caller (an unknown page or cursor, too)"
THROTTLED = "Too many requests from this client; try again after Retry-After seconds"
PAGE_PARAMETERS = {"page", "cursor"}
ROLELESS = (AllowAny, IsAuthenticated)

HEADERS = {
    "401": {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": "How to authenticate: `Token`.",
        }
    },
    "429": {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": "Seconds to wait before trying again.",
        }
    },
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema with the statuses the view's classes imply (module docstring)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        descriptions = {
            "401": UNAUTHENTICATED if self.authenticates() else None,
            "403": FORBIDDEN if self.may_forbid() else None,
            "404": NOT_FOUND if self.may_not_find(operation) else None,
            "429": THROTTLED if self.throttles() else None,
        }
        for code, description in descriptions.items():
            if description is not None and code not in responses:
                responses[code] = self.error_response(code, description)
            if code in HEADERS and code in responses:
                responses[code].setdefault("headers", {}).update(HEADERS[code])
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_response(self, code: str, description: str) -> dict:
        return self._get_response_for_code(OpenApiResponse(ErrorSerializer, description=description), code)

    def authenticates(self) -> bool:
        """DRF authenticates every request to a view with authenticators (a bad token is a 401 even
        where anyone may read); the first one's header makes it 401 rather than 403."""
        authenticators = self.view.get_authenticators()
        return bool(authenticators) and bool(authenticators[0].authenticate_header(self.view.request))

    def may_forbid(self) -> bool:
        if not self.view.get_authenticators():
            return False
        roles = [p for p in self.view.get_permissions() if not isinstance(p, ROLELESS)]
        csrf = self.method not in SAFE_METHODS and any(
            isinstance(a, SessionAuthentication) for a in self.view.get_authenticators()
        )
        return bool(roles) or csrf

    @staticmethod
    def may_not_find(operation: dict) -> bool:
        parameters = operation.get("parameters", [])
        return any(p["in"] == "path" or p["name"] in PAGE_PARAMETERS for p in parameters)

    def throttles(self) -> bool:
        """A throttle limits this method; DRF's ScopedRateThrottle only where the view names a scope."""
        return any(
            not isinstance(throttle, ScopedRateThrottle) or getattr(self.view, "throttle_scope", None)
            for throttle in self.view.get_throttles()
        )

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        strict = isinstance(serializer, StrictSerializer) or (
            isinstance(serializer, type) and issubclass(serializer, StrictSerializer)
        )
        # Not on a shape without fields (NoPayload): drf-spectacular leaves its empty body out.
        if strict and schema.get("properties"):
            schema["additionalProperties"] = False  # "Unknown field; this endpoint accepts ..."
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema and schema.get("type") == "array" and (is_list_serializer(field) or _is_list(field)):
            _list_bounds(field, schema)
        return schema


def _is_list(field) -> bool:
    return isinstance(field, serializers.ListField)


def _list_bounds(field, schema: dict) -> None:
    """A list's allow_empty, min_length and max_length (a ListSerializer has no validators to read)."""
    if getattr(field, "allow_empty", True) is False:
        schema["minItems"] = max(schema.get("minItems", 0), 1)
    if getattr(field, "min_length", None) is not None:
        schema["minItems"] = max(schema.get("minItems", 0), field.min_length)
    if getattr(field, "max_length", None) is not None:
        schema["maxItems"] = min(schema.get("maxItems", field.max_length), field.max_length)


# OpenAPI links (drf-spectacular's POSTPROCESSING_HOOKS): where a response names a resource, how to
# follow up on it (read it, amend it, act on it, its documents, comments and amendment requests). They
# document the API's real sequences, and schemathesis' stateful phase follows them
# (tests/test_api_fuzz.py); Swagger UI and ReDoc show them.
#
# Each resource an answer can be, by its component: the path of the resource itself, whose last
# parameter its ``id`` fills. An application after a transition is the application.
RESOURCES = {
    "ApplicationDetail": "/api/v1/applications/{id}",
    "TransitionResult": "/api/v1/applications/{id}",
    "AmendmentRequest": "/api/v1/applications/{id}/amendment-requests/{request_pk}",
    "Comment": "/api/v1/applications/{id}/comments/{comment_pk}",
    "Document": "/api/v1/applications/{id}/documents/{document_pk}",
    "PublicAssessment": "/api/v1/public/assessments/{id}",
    "PublicDocument": "/api/v1/public/assessments/{id}/documents/{document_pk}",
}
# A page of a list: its first row (no link is followed from an empty page).
PAGES = {
    "PaginatedApplicationSummaryList": "/api/v1/applications/{id}",
    "PaginatedCommentList": "/api/v1/applications/{id}/comments/{comment_pk}",
    "PaginatedDocumentList": "/api/v1/applications/{id}/documents/{document_pk}",
    "PaginatedPublicAssessmentSummaryList": "/api/v1/public/assessments/{id}",
}
COMPONENT = "#/components/schemas/"


def add_links(result, generator, request, public):
    """Link each success response that names a resource to every operation on that resource's path
    (or below it) whose path parameters the response and the request's own path fill."""
    components = result.get("components", {}).get("schemas", {})
    paths = result.get("paths", {})
    operations = [(path, operation) for path, methods in paths.items() for operation in methods.values()]
    for path, operation in operations:
        for code, response in operation.get("responses", {}).items():
            ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            name = ref.removeprefix(COMPONENT)
            item = RESOURCES.get(name) or PAGES.get(name)
            if not code.startswith("2") or item is None:
                continue
            from_body = {_path_parameters(item)[-1]: "/id" if name in RESOURCES else "/results/0/id"}
            if name in RESOURCES:
                from_body = {**_ids_inside(components.get(name, {})), **from_body}
            links = {}
            for target_path, target in operations:
                if target is operation or not (target_path == item or target_path.startswith(item + "/")):
                    continue
                parameters = _link_parameters(path, target_path, from_body)
                if parameters is not None:
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": parameters,
                        "description": target.get("summary", ""),
                    }
            if links:
                response["links"] = links
    return result


def _ids_inside(component: dict) -> dict[str, str]:
    """The resources a body lists (an application's documents, its amendment requests): the path
    parameter each one's ``id`` fills, with the pointer to the first of them."""
    inside = {}
    for field, schema in component.get("properties", {}).items():
        listed = schema.get("items", {}).get("$ref", "").removeprefix(COMPONENT)
        if schema.get("type") == "array" and listed in RESOURCES:
            inside[_path_parameters(RESOURCES[listed])[-1]] = f"/{field}/0/id"
    return inside


def _link_parameters(source_path: str, target_path: str, from_body: dict[str, str]) -> dict | None:
    """``{"path.<name>": expression}`` for the target's path: from the response body where it names
    the parameter, else from the request's own path; None if one cannot be filled."""
    parameters = {}
    for name in _path_parameters(target_path):
        if name in from_body:
            parameters[f"path.{name}"] = f"$response.body#{from_body[name]}"
        elif name in _path_parameters(source_path):
            parameters[f"path.{name}"] = f"$request.path.{name}"
        else:
            return None
    return parameters


def _path_parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]
