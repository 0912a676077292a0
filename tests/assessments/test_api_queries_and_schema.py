"""The API reads in a fixed number of queries (no N+1), and every endpoint is in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from assessments import services
from assessments.models import State

from .api_support import API, client_as
from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def several(people, make_application):
    """Applications in several states, with documents, events, notices and amendment requests."""
    applications = [
        make_application(state)
        for state in (State.DRAFT, State.RETURNED, State.OPEN_FOR_COMMENT, State.ADVICE_GIVEN, State.APPROVED)
    ]
    services.upload_document(application=applications[0], actor=people.proponent, kind="other", upload=pdf())
    return applications


@pytest.mark.parametrize("username", ["officer", "proponent", "auditor", "minister"])
def test_the_list_takes_a_fixed_number_of_queries(people, several, django_assert_max_num_queries, username):
    client = client_as(getattr(people, username))
    with django_assert_max_num_queries(3):
        response = client.get(f"{API}/applications")
    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize("username", ["officer", "proponent", "minister"])
def test_the_detail_takes_a_fixed_number_of_queries(people, several, django_assert_max_num_queries, username):
    application = several[3]  # advice given: the longest timeline, both documents, two notices
    client = client_as(getattr(people, username))
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/applications/{application.pk}")
    assert response.status_code == 200
    body = response.json()
    assert len([e for e in body["timeline"] if e["kind"] == "transition"]) == 6
    assert len(body["documents"]) == 2


def test_the_public_register_takes_a_fixed_number_of_queries(several, django_assert_max_num_queries):
    client = APIClient()
    with django_assert_max_num_queries(3):
        assert len(client.get(f"{API}/public/assessments").json()["results"]) == 3
    with django_assert_max_num_queries(4):
        assert client.get(f"{API}/public/assessments/{several[2].pk}").status_code == 200


EXPECTED_PATHS = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/applications": {"get", "post"},
    "/api/v1/applications/{id}": {"get", "patch"},
    "/api/v1/applications/{id}/documents": {"get", "post"},
    "/api/v1/applications/{id}/documents/{document_pk}/download": {"get"},
    "/api/v1/applications/{id}/amendment-requests/{request_pk}/answer": {"post"},
    "/api/v1/applications/{id}/comments": {"get", "post"},
    "/api/v1/applications/{id}/comments/{comment_pk}": {"patch"},
    "/api/v1/auditors": {"get"},
    "/api/v1/directions": {"get", "post"},
    "/api/v1/public/assessments": {"get"},
    "/api/v1/public/assessments/{id}": {"get"},
    "/api/v1/public/assessments/{id}/comments": {"post"},
    "/api/v1/public/assessments/{id}/documents/{document_pk}/download": {"get"},
}
TRANSITION_REQUESTS = {
    "lodge": None,
    "return_for_amendment": "ReturnForAmendmentPayload",
    "commission_evaluation": "CommissionEvaluationPayload",
    "record_evaluation": None,
    "publish_for_comment": "PublishForCommentPayload",
    "close_comments": None,
    "give_advice": "GiveAdvicePayload",
    "approve": "DecisionPayload",
    "refuse": "RefusePayload",
    "withdraw": "WithdrawPayload",
}


def test_every_endpoint_is_in_the_openapi_schema_with_its_shapes(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path, methods in EXPECTED_PATHS.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    for name, component in TRANSITION_REQUESTS.items():
        operation = paths[f"/api/v1/applications/{{id}}/transitions/{name}"]["post"]
        if component is None:
            assert "requestBody" not in operation  # nothing to send
        else:
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            assert body["$ref"] == f"#/components/schemas/{component}"
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"] == "#/components/schemas/TransitionResult"
        assert {"400", "403", "404", "409"} <= set(operation["responses"])
    detail = schema["components"]["schemas"]["ApplicationDetail"]["properties"]
    assert {"available_transitions", "timeline", "deadlines", "documents", "amendment_requests"} <= set(
        detail
    )
    timeline = schema["components"]["schemas"]["TimelineEvent"]["properties"]
    assert {"transition", "from", "to", "by", "role", "section", "at", "payload"} <= set(timeline)
    upload = paths["/api/v1/applications/{id}/documents"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    comment = paths["/api/v1/public/assessments/{id}/comments"]["post"]
    assert comment["security"] == [{}]  # no sign-in
    assert "429" in comment["responses"]
    # One error shape everywhere, the rules API and the token endpoint included.
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code", "messages"}
    for path, method in (
        ("/api/v1/auth/token", "post"),
        ("/api/v1/rules/comment-period", "get"),
        ("/api/v1/screening", "post"),
        ("/api/v1/applications/{id}", "patch"),
    ):
        refused = paths[path][method]["responses"]["400"]["content"]["application/json"]["schema"]
        assert refused["$ref"] == "#/components/schemas/Error", path
