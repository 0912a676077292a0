"""The schema's OpenAPI links (greenhouse_office.api.schema.add_links), and the JSON 404 under /api/v1/.

A response that names a resource links to each operation on it, filling the resource's own path
parameter from the response body and the others from the request's path: schemathesis' stateful
phase follows them (tests/test_api_fuzz.py), and Swagger UI and ReDoc show them.
"""

import re

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

BODY_ID = "$response.body#/id"
FIRST_ROW_ID = "$response.body#/results/0/id"


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def links(schema, path, method, status):
    return schema["paths"][path][method]["responses"][status].get("links", {})


def test_a_new_application_links_to_reading_amending_and_each_transition_of_it(schema):
    created = links(schema, "/api/v1/applications", "post", "201")
    assert created["v1_applications_retrieve"]["parameters"] == {"path.id": BODY_ID}
    assert created["v1_applications_partial_update"]["parameters"] == {"path.id": BODY_ID}
    assert created["applications_transitions_lodge"]["parameters"] == {"path.id": BODY_ID}
    assert created["v1_applications_comments_list"]["parameters"] == {"path.id": BODY_ID}
    transitions = [name for name in created if name.startswith("applications_transitions_")]
    assert len(transitions) == 10
    # The second id from what the application lists: its first document, its first amendment request.
    assert created["v1_applications_documents_download_retrieve"]["parameters"] == {
        "path.id": BODY_ID,
        "path.document_pk": "$response.body#/documents/0/id",
    }
    assert created["v1_applications_amendment_requests_answer_create"]["parameters"] == {
        "path.id": BODY_ID,
        "path.request_pk": "$response.body#/amendment_requests/0/id",
    }


def test_the_application_after_a_transition_links_on_and_a_page_links_by_its_first_row(schema):
    lodged = links(schema, "/api/v1/applications/{id}/transitions/lodge", "post", "200")
    assert lodged["applications_transitions_commission_evaluation"]["parameters"] == {"path.id": BODY_ID}
    assert "applications_transitions_lodge" not in lodged  # not to itself
    page = links(schema, "/api/v1/applications", "get", "200")
    assert page["v1_applications_retrieve"]["parameters"] == {"path.id": FIRST_ROW_ID}


def test_a_recorded_comment_links_to_considering_it_on_the_same_application(schema):
    recorded = links(schema, "/api/v1/applications/{id}/comments", "post", "201")
    assert recorded == {
        "v1_applications_comments_partial_update": {
            "operationId": "v1_applications_comments_partial_update",
            "parameters": {"path.id": "$request.path.id", "path.comment_pk": BODY_ID},
            "description": "s34(a): mark a comment considered, with the Office's response",
        }
    }
    document = links(schema, "/api/v1/applications/{id}/documents", "post", "201")
    assert document["v1_applications_documents_download_retrieve"]["parameters"] == {
        "path.id": "$request.path.id",
        "path.document_pk": BODY_ID,
    }


def test_a_public_assessment_links_to_its_comments_and_its_first_document(schema):
    published = links(schema, "/api/v1/public/assessments/{id}", "get", "200")
    assert set(published) == {
        "v1_public_assessments_comments_list",
        "v1_public_assessments_comments_create",
        "v1_public_assessments_documents_download_retrieve",
    }
    assert published["v1_public_assessments_documents_download_retrieve"]["parameters"] == {
        "path.id": BODY_ID,
        "path.document_pk": "$response.body#/documents/0/id",
    }


def test_refusals_and_answers_that_name_no_resource_link_nowhere(schema):
    assert links(schema, "/api/v1/applications", "post", "400") == {}
    assert links(schema, "/api/v1/applications/{id}", "get", "404") == {}
    assert links(schema, "/api/v1/rules/penalties", "get", "200") == {}
    assert links(schema, "/api/v1/auth/token", "post", "200") == {}
    answer = "/api/v1/applications/{id}/amendment-requests/{request_pk}/answer"
    assert links(schema, answer, "post", "200") == {}  # nothing on the request but answering it


def test_every_link_names_an_operation_and_fills_exactly_its_path_parameters(schema):
    by_id = {
        operation["operationId"]: path
        for path, item in schema["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    count = 0
    for path, item in schema["paths"].items():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                for name, link in response.get("links", {}).items():
                    count += 1
                    target = by_id[link["operationId"]]
                    assert name == link["operationId"]
                    wanted = {f"path.{param}" for param in re.findall(r"{(\w+)}", target)}
                    assert set(link["parameters"]) == wanted, (path, name)
                    for expression in link["parameters"].values():
                        from_request = expression.removeprefix("$request.path.")
                        assert expression.startswith("$response.body#/") or f"{{{from_request}}}" in path
    assert count > 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/applications/not-a-number"),
        ("post", "/api/v1/applications/1/documents/x/download"),
        ("get", "/api/v1/no-such-thing"),
    ],
)
def test_an_api_path_that_names_nothing_is_404_in_the_one_error_shape(method, path):
    response = getattr(APIClient(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Not found, or not visible to you.",
        "code": "not_found",
        "messages": ["Not found, or not visible to you."],
    }


def test_outside_api_v1_a_path_that_names_nothing_is_still_the_sites_page():
    response = APIClient().get("/api/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert APIClient().get("/api/docs").status_code == 301  # APPEND_SLASH still finds /api/docs/
