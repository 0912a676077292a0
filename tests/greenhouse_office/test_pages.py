"""The public front door, sign-in for every role, and who may reach which surface."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db


def test_home_page_tells_each_user_group_where_to_go(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Members of the public", "Proponents", "Office staff", "The Minister", "Developers"):
        assert heading in html
    assert 'href="/admin/"' in html and 'href="/api/docs/"' in html
    assert '<html lang="en-AU">' in html and 'href="#main"' in html


@pytest.mark.parametrize(
    "username", ["proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister"]
)
def test_every_demo_login_signs_in_and_home_shows_the_role(client, demo_data, username):
    response = sign_in(client, get_user_model().objects.get(username=username))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "You are signed in as" in client.get("/").content.decode()


def test_wrong_password_gets_a_clear_message(client, demo_data):
    response = client.post(reverse("account_login"), {"login": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "The username (or email address) or the password is wrong." in response.content.decode()


@pytest.mark.parametrize(
    ("username", "may_use_admin"),
    [("officer", True), ("director", True), ("proponent", False), ("auditor", False), ("minister", False)],
)
def test_only_office_staff_reach_the_admin(client, demo_data, username, may_use_admin):
    client.login(username=username, password="greenhouse-demo")
    response = client.get("/admin/")
    assert (response.status_code == 200) is may_use_admin
    if not may_use_admin:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_anonymous_visitor_is_sent_to_sign_in_for_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_officer_sees_the_auditor_register_but_cannot_edit_job_runs(client, demo_data):
    client.login(username="officer", password="greenhouse-demo")
    assert client.get("/admin/assessments/independentauditor/").status_code == 200
    assert client.get("/admin/greenhouse_office/jobrun/").status_code == 200
    assert client.get("/admin/greenhouse_office/jobrun/add/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_api_schema_and_docs_are_public(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Greenhouse Office API"
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    # Swagger UI is served from our own static files, not a third-party CDN.
    assert b"cdn.jsdelivr.net" not in docs.content


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
