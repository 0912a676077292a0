"""Schemathesis against the OpenAPI schema: no request it can make is a 500, an undocumented status,
or an answer whose content type, headers or body the schema does not describe (issue 14).

It generates the schema /api/schema/ serves and sends cases from it to the Django WSGI application:
every operation anonymously (with the coverage phase), and with a real API token of each role, a few
examples each; then the stateful phase follows the schema's OpenAPI links
(greenhouse_office.api.schema.add_links) through the whole demo with ids from earlier answers: the
anonymous through the public register, each role through the applications.
The schema (greenhouse_office.api.schema) must document every status the server answers. Runs are
derandomized, so a failure here is the same on every run; the module takes about a minute.

Not checked: ``negative_data_rejection``. A ``page_size`` that is not a positive whole number falls
back to the default rather than being refused (greenhouse_office.api.pagination, ADR 0005), so the
schema's ``integer`` is stricter than the server there, by choice; never looser.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from greenhouse_office.accounts import tokens
from greenhouse_office.roles import Role

pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is reproducible, not luck
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_test_transaction():
    """The WSGI handler would close the test's connection at each request's end (Django's test
    client disconnects these signals for the same reason)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Every role a person can hold, by a demo person who holds it (the Director holds Office staff too).
ROLE_HOLDERS = {
    Role.PROPONENT: "proponent",
    Role.OFFICE_STAFF: "officer",
    Role.DIRECTOR: "director",
    Role.INDEPENDENT_AUDITOR: "auditor",
    Role.MINISTER: "minister",
}


def authorization(username: str) -> dict:
    """The header of a real API token of a demo person (who has the authenticator their role needs)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    return {"Authorization": f"Token {tokens.issue_token(user=user, name='schemathesis').key}"}


@pytest.fixture(params=list(ROLE_HOLDERS), ids=lambda role: role.name.lower())
def role_headers(request, in_test_transaction, demo_data) -> dict:
    return authorization(ROLE_HOLDERS[request.param])


def _schema(*, coverage: bool):
    """The schema /api/schema/ serves, generated when the module is collected (no database needed);
    schemathesis' fixture-loaded schemas do not work with pytest 9."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = WSGIHandler()  # cases are sent to the Django application in this process
    # The coverage phase (every enum value, boundary and missing field) is the thorough one, and the
    # slow one: anonymous callers get it (the public rules are where it found a 500); each role's run
    # is the examples and random cases, to stay within a minute or two.
    loaded.config.phases.coverage.enabled = coverage
    return loaded


anonymous_schema = _schema(coverage=True)
signed_in_schema = _schema(coverage=False)


@anonymous_schema.parametrize()
@EXAMPLES
def test_anonymous_callers_get_no_500_and_only_documented_statuses(case, in_test_transaction, demo_data):
    case.call_and_validate(checks=CHECKS)


@signed_in_schema.parametrize()
@settings(EXAMPLES, max_examples=6)
def test_each_role_with_a_token_gets_no_500_and_only_documented_statuses(case, role_headers):
    case.call_and_validate(headers=role_headers, checks=CHECKS)


def test_s28_1_refuses_the_commonwealth_with_a_400_not_a_500():
    """Found by this module: s28(1) had no reason why it does not cover the Commonwealth (a KeyError)."""
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/rules/penalties", {"section": "28(1)", "person": "the_commonwealth"})
    assert response.status_code == 400
    assert "s29" in response.json()["detail"]


# --- Stateful: sequences of calls along the schema's links (greenhouse_office.api.schema.add_links)


def _stateful_schema():
    loaded = _schema(coverage=False)
    # Only the links the schema documents, not schemathesis' guesses: this proves ours lead somewhere.
    loaded.config.phases.stateful.inference.algorithms = []
    return loaded


stateful_schema = _stateful_schema()
# Where the links are: the public register for the anonymous (every other operation answers them
# 401, so a sequence there would end at its first step), the applications for a token holder. The
# stateless tests above send every operation as each of them.
public_schema = stateful_schema.include(path_regex=r"^/api/v1/public/")
applications_schema = stateful_schema.include(path_regex=r"^/api/v1/applications")


def run_statefully(schema, headers: dict) -> list[str]:
    """Run schemathesis' state machine with ``headers`` on every call and CHECKS on every answer;
    the links it followed with values taken from an earlier answer."""
    followed = []

    class Sequences(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def step(self, input):
            output = super().step(input)
            if input.transition is not None and not input.transition.is_inferred and input.is_applied:
                followed.append(input.transition.id)
            return output

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

    Sequences.run(settings=settings(EXAMPLES, max_examples=10, stateful_step_count=6))
    return followed


def test_the_anonymous_following_the_public_registers_links_get_no_500_and_only_documented_statuses(
    in_test_transaction, whole_demo
):
    followed = run_statefully(public_schema, {})
    assert any(link.endswith("GET /api/v1/public/assessments/{id}") for link in followed), followed


@pytest.mark.parametrize("holder", ROLE_HOLDERS.values())
def test_each_role_following_the_applications_links_gets_no_500_and_only_documented_statuses(
    holder, in_test_transaction, whole_demo
):
    followed = run_statefully(applications_schema, authorization(holder))
    assert any("/api/v1/applications/{id}" in link for link in followed), followed
