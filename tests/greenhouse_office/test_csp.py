"""The Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY) and its report endpoint:
every HTML page gets the policy with a fresh nonce, the page's inline styles and scripts carry that
nonce, PDF downloads keep their own "sandbox" policy, and violation reports are logged."""

import json
import logging
import re

import pytest
from django.urls import reverse

from assessments.models import Document, IndependentAuditor, State
from greenhouse_office.views.csp_report import MAX_REPORT_BYTES, CspReportThrottle
from tests.assessments import conftest as assessments_conftest

people = assessments_conftest.people
make_application = assessments_conftest.make_application

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
REPORT = {
    "csp-report": {
        "document-uri": "https://greenhouse.example.gov.au/assessments/",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'",
        "blocked-uri": "https://evil.example.com/x.js",
        "status-code": 200,
    }
}


def directives(response) -> dict[str, list[str]]:
    policy = response[HEADER]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def header_nonce(response) -> str:
    [nonce] = {value for value in directives(response)["script-src"] if value.startswith("'nonce-")}
    assert f"'nonce-{nonce[7:-1]}'" in directives(response)["style-src"]
    return nonce[7:-1]


def inline_nonces(html: str) -> set[str]:
    """The nonce attribute of each inline <script> or <style> (data blocks and src scripts aside)."""
    tags = re.findall(r"<(?:script|style)\b([^>]*)>", html)
    inline = [attrs for attrs in tags if "src=" not in attrs and "application/json" not in attrs]
    assert inline, "the page has no inline script or style"
    return {(re.search(r'nonce="([^"]*)"', attrs) or [None, None])[1] for attrs in inline}


@pytest.mark.parametrize("path", ["/", "/assessments/", "/plans/", "/accounts/login/", "/screening/"])
def test_every_html_page_has_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    # The nonce is in the header only when the page has an inline script or style to use it.
    assert policy["script-src"][0] == "'self'" and all(
        v.startswith("'nonce-") for v in policy["script-src"][1:]
    )
    assert policy["style-src"][0] == "'self'" and all(
        v.startswith("'nonce-") for v in policy["style-src"][1:]
    )
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert "'unsafe-inline'" not in response[HEADER] and "'unsafe-eval'" not in response[HEADER]


def test_each_response_has_a_fresh_nonce(client):
    nonces = {header_nonce(client.get("/api/docs/")) for _ in range(3)}
    assert len(nonces) == 3
    assert all(len(nonce) >= 22 for nonce in nonces)  # 16 random bytes, base64


def test_the_admin_pages_inline_style_carries_the_nonce_of_its_header(client, people):
    client.force_login(people.officer)
    auditor = IndependentAuditor.objects.first()
    response = client.get(reverse("admin:assessments_independentauditor_change", args=[auditor.pk]))
    assert response.status_code == 200
    assert inline_nonces(response.content.decode()) == {header_nonce(response)}


def test_the_api_docs_inline_style_and_script_carry_the_nonce_of_their_header(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200 and "swagger-ui-bundle.js" in html
    assert inline_nonces(html) == {header_nonce(response)}
    assert "'unsafe-inline'" not in response[HEADER]


def test_redoc_alone_may_use_inline_styles_and_blob_workers_and_loads_no_google_fonts(client):
    response = client.get("/api/redoc/")
    html = response.content.decode()
    policy = directives(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # no nonce: it would void 'unsafe-inline'
    assert policy["worker-src"] == ["'self'", "blob:"]
    assert any(value.startswith("'nonce-") for value in policy["script-src"])
    assert "fonts.googleapis.com" not in html
    [script_nonce] = {n for n in re.findall(r'<script nonce="([^"]+)"', html)}
    assert f"'nonce-{script_nonce}'" in policy["script-src"]


def test_a_pdf_download_keeps_its_sandbox_policy(client, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    gia = application.documents.get(kind=Document.Kind.GIA)
    response = client.get(reverse("register:document", args=[application.reference, gia.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    b"".join(response.streaming_content)
    assert response[HEADER] == "sandbox"
    assert [name for name in response.headers if name.lower() == HEADER.lower()] == [HEADER]
    assert "Content-Security-Policy-Report-Only" not in response


def _report(client, body, content_type="application/csp-report"):
    return client.post("/csp-report/", data=body, content_type=content_type)


def test_a_violation_report_is_logged_and_answered_204(client, caplog):
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.csp"):
        response = _report(client, json.dumps(REPORT))
    assert response.status_code == 204 and response.content == b""
    [record] = [r for r in caplog.records if r.name == "greenhouse_office.csp"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "CSP violation: document-uri=https://greenhouse.example.gov.au/assessments/ "
        "violated-directive=script-src-elem blocked-uri=https://evil.example.com/x.js"
    )


def test_a_reporting_api_batch_is_logged_one_line_per_violation(client, caplog):
    batch = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": f"https://x.example/{n}",
                "effectiveDirective": "style-src-elem",
                "blockedURL": "inline",
            },
        }
        for n in range(2)
    ] + [{"type": "deprecation", "body": {}}]
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.csp"):
        response = _report(client, json.dumps(batch), content_type="application/reports+json")
    assert response.status_code == 204
    lines = [r.getMessage() for r in caplog.records if r.name == "greenhouse_office.csp"]
    assert lines == [
        f"CSP violation: document-uri=https://x.example/{n} "
        "violated-directive=style-src-elem blocked-uri=inline"
        for n in range(2)
    ]


def test_a_report_cannot_write_a_second_log_line(client, caplog):
    forged = {"csp-report": {**REPORT["csp-report"], "blocked-uri": "x\n2026-01-01 WARNING forged"}}
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.csp"):
        assert _report(client, json.dumps(forged)).status_code == 204
    [record] = [r for r in caplog.records if r.name == "greenhouse_office.csp"]
    assert "\n" not in record.getMessage() and record.getMessage().endswith(
        "blocked-uri=x?2026-01-01 WARNING forged"
    )


def test_an_oversized_report_is_refused_unread(client, caplog):
    padded = {"csp-report": {**REPORT["csp-report"], "script-sample": "x" * MAX_REPORT_BYTES}}
    with caplog.at_level(logging.WARNING, logger="greenhouse_office.csp"):
        response = _report(client, json.dumps(padded))
    assert response.status_code == 413
    assert not [r for r in caplog.records if r.name == "greenhouse_office.csp"]


@pytest.mark.parametrize("body", ["not json", "[]", '{"csp-report": "text"}', '{"something": {}}'])
def test_a_body_that_is_not_a_report_is_refused(client, body):
    assert _report(client, body).status_code == 400


def test_reports_are_refused_other_methods_and_need_no_csrf_token(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.proponent)
    assert client.get("/csp-report/").status_code == 405
    assert client.put("/csp-report/", data=json.dumps(REPORT)).status_code == 405
    assert _report(client, json.dumps(REPORT)).status_code == 204


def test_reports_are_rate_limited_per_client(client, monkeypatch):
    monkeypatch.setitem(CspReportThrottle.THROTTLE_RATES, "csp_reports", "2/minute")
    statuses = [_report(client, json.dumps(REPORT)).status_code for _ in range(3)]
    assert statuses == [204, 204, 429]
