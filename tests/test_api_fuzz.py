"""Schemathesis against the OpenAPI schema: no request it can make is a 500 or an undocumented status.

It generates the schema /api/schema/ serves and sends cases from it to the Django WSGI application,
every operation, anonymously and with a real API token of a proponent, a few examples each (seconds, not
minutes). ``not_a_server_error`` and ``status_code_conformance`` are the checks: the schema
(greenhouse_office.api.schema) must document every status the server answers.
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
from schemathesis.specs.openapi.checks import status_code_conformance

from greenhouse_office.accounts import tokens

pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db]

CHECKS = [not_a_server_error, status_code_conformance]
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


@pytest.fixture
def proponent_token(in_test_transaction, demo_data):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="proponent")
    return tokens.issue_token(user=user, name="schemathesis").key


def _schema(*, coverage: bool):
    """The schema /api/schema/ serves, generated when the module is collected (no database needed);
    schemathesis' fixture-loaded schemas do not work with pytest 9."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = WSGIHandler()  # cases are sent to the Django application in this process
    # The coverage phase (every enum value, boundary and missing field) is the thorough one, and the
    # slow one: anonymous callers get it (the public rules are where it found a 500); a token holder's
    # run is the examples and random cases, to stay within a minute.
    loaded.config.phases.coverage.enabled = coverage
    return loaded


anonymous_schema = _schema(coverage=True)
signed_in_schema = _schema(coverage=False)


@anonymous_schema.parametrize()
@EXAMPLES
def test_anonymous_callers_get_no_500_and_only_documented_statuses(case, in_test_transaction, demo_data):
    case.call_and_validate(checks=CHECKS)


@signed_in_schema.parametrize()
@settings(EXAMPLES, max_examples=8)
def test_a_proponent_with_a_token_gets_no_500_and_only_documented_statuses(
    case, in_test_transaction, proponent_token
):
    case.call_and_validate(headers={"Authorization": f"Token {proponent_token}"}, checks=CHECKS)


def test_s28_1_refuses_the_commonwealth_with_a_400_not_a_500():
    """Found by this module: s28(1) had no reason why it does not cover the Commonwealth (a KeyError)."""
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/rules/penalties", {"section": "28(1)", "person": "the_commonwealth"})
    assert response.status_code == 400
    assert "s29" in response.json()["detail"]
