"""An application's whole life through the API, role by role, each signed in with a real token."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Application, IndependentAuditor, State
from greenhouse_office import statute

from .api_support import API, application_payload, decision_payload, signed_in, transition
from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def _detail(client, application_id):
    response = client.get(f"{API}/applications/{application_id}")
    assert response.status_code == 200, response.content
    return response.json()


def _moves(body) -> list[tuple[str, str, str, str]]:
    """The acts that moved the state (the timeline also lists the changes between them)."""
    return [
        (e["transition"], e["from"], e["to"], e["role"])
        for e in body["timeline"]
        if e["kind"] == "transition"
    ]


def _ok(response, state, *, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["state"] == state
    return body


def test_s30_to_s34_an_application_from_draft_to_approved_through_the_api(people):
    proponent, director, auditor, officer, minister = (
        signed_in(name) for name in ("proponent", "director", "auditor", "officer", "minister")
    )
    public = APIClient()

    # s31: the proponent creates a draft, attaches the GIA and lodges.
    body = _ok(
        proponent.post(f"{API}/applications", application_payload(), format="json"), "draft", status=201
    )
    app_id = body["id"]
    assert body["reference"] == f"GHO-{app_id:05d}"
    assert body["available_transitions"] == ["lodge", "withdraw"]
    assert _moves(body) == []  # only the draft's creation is logged so far
    assert [e["transition"] for e in body["timeline"]] == ["create_application"]
    assert body["screening"]["exceeds_threshold"] is True
    assert body["deadlines"] == {
        "received_on": None,
        "evaluation_due_on": None,
        "closing_day": None,
        "effective_closing_day": None,
    }
    upload = proponent.post(f"{API}/applications/{app_id}/documents", {"kind": "gia", "file": pdf("gia.pdf")})
    assert upload.status_code == 201, upload.content
    body = _ok(transition(proponent, app_id, "lodge"), "lodged")
    today = statute.legal_today()
    assert body["deadlines"]["received_on"] == today.isoformat()
    assert body["deadlines"]["evaluation_due_on"] == statute.evaluation_deadline(today).deadline.isoformat()
    assert body["available_transitions"] == ["withdraw"]
    assert _moves(body) == [("lodge", "draft", "lodged", "Proponent")]
    event = body["timeline"][-1]
    assert (event["transition"], event["by"], event["section"]) == ("lodge", "proponent", "s31")
    assert event["payload"]["received_on"] == today.isoformat()

    # s32(2): the Director may not appoint auditor2 (contracted to the proponent), may appoint auditor.
    assert _detail(director, app_id)["available_transitions"] == [
        "return_for_amendment",
        "commission_evaluation",
    ]
    register = {entry["username"]: entry["id"] for entry in director.get(f"{API}/auditors").json()["results"]}
    refused = transition(director, app_id, "commission_evaluation", {"auditor": register["auditor2"]})
    assert refused.status_code == 400
    assert any(m.startswith("s32(2)") for m in refused.json()["messages"])
    body = _ok(
        transition(director, app_id, "commission_evaluation", {"auditor": register["auditor"]}),
        "evaluation_commissioned",
    )
    assert body["auditor"]["username"] == "auditor"
    assert body["available_transitions"] == ["record_evaluation"]  # Office staff may record it too
    assert _moves(body)[-1] == ("commission_evaluation", "lodged", "evaluation_commissioned", "Director")
    assert body["timeline"][-1]["payload"]["auditor"] == "auditor"

    # s32(1): the appointed auditor sees it, uploads the evaluation and records it.
    body = _detail(auditor, app_id)
    assert body["available_transitions"] == ["record_evaluation"]
    gia = next(d for d in body["documents"] if d["kind"] == "gia")
    download = auditor.get(gia["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    upload = auditor.post(
        f"{API}/applications/{app_id}/documents", {"kind": "evaluation", "file": pdf("evaluation.pdf")}
    )
    assert upload.status_code == 201, upload.content
    body = _ok(transition(auditor, app_id, "record_evaluation"), "evaluated")
    assert _moves(body)[-1] == (
        "record_evaluation",
        "evaluation_commissioned",
        "evaluated",
        "Independent environmental auditor",
    )
    assert body["available_transitions"] == []

    # s33: the officer publishes, with the closing day the rules API gives for today's Gazette.
    rules = officer.get(f"{API}/rules/comment-period", {"gazette": today.isoformat()}).json()
    closing_day = rules["recommended_closing_day"]
    notice = {
        "gazette_date": today.isoformat(),
        "internet_published_on": today.isoformat(),
        "comment_address": "The Director, Greenhouse Office, GPO Box 787, Canberra ACT 2601",
        "closing_day": closing_day,
        "newspapers": [
            {"state_or_territory": "VIC", "newspaper": "The Age", "published_on": today.isoformat()},
            {
                "state_or_territory": "NSW",
                "newspaper": "The Sydney Morning Herald",
                "published_on": today.isoformat(),
            },
        ],
    }
    assert _detail(officer, app_id)["available_transitions"] == ["publish_for_comment"]
    body = _ok(transition(officer, app_id, "publish_for_comment", notice), "open_for_comment")
    assert body["warnings"] == []
    assert body["deadlines"]["closing_day"] == closing_day
    assert body["deadlines"]["effective_closing_day"] == closing_day  # a business day: never moved
    assert {n["state_or_territory"] for n in body["newspaper_notices"]} == {"VIC", "NSW"}
    assert body["available_transitions"] == ["close_comments"]
    assert _moves(body)[-1] == ("publish_for_comment", "evaluated", "open_for_comment", "Office staff")

    # s33(1)(a), s33(2)(c): the public reads it, downloads both documents and comments on the web.
    listed = public.get(f"{API}/public/assessments").json()["results"]
    assert [a["id"] for a in listed] == [app_id]
    assessment = public.get(f"{API}/public/assessments/{app_id}").json()
    assert {d["kind"] for d in assessment["documents"]} == {"gia", "evaluation"}
    for document in assessment["documents"]:
        assert public.get(document["download_url"]).status_code == 200
    receipt = public.post(
        f"{API}/public/assessments/{app_id}/comments",
        {"name": "Sam Citizen", "email": "sam@example.com", "text": "Consider carbon capture."},
        format="json",
    )
    assert receipt.status_code == 201, receipt.content
    assert receipt.json()["on_time"] is True
    assert receipt.json()["reference"].startswith("C-")

    # s34(a): the officer records a posted comment and considers every comment.
    posted = officer.post(
        f"{API}/applications/{app_id}/comments",
        {
            "name": "Geelong Residents Association",
            "text": "Dust and emissions.",
            "received_at": timezone.now().isoformat(),
            "channel": "post",
        },
        format="json",
    )
    assert posted.status_code == 201, posted.content
    assert posted.json()["on_time"] is True
    comments = officer.get(f"{API}/applications/{app_id}/comments").json()["results"]
    assert len(comments) == 2
    for comment in comments:
        considered = officer.patch(
            f"{API}/applications/{app_id}/comments/{comment['id']}",
            {"considered": True, "response": "Addressed in the advice."},
            format="json",
        )
        assert considered.status_code == 200, considered.content
        assert considered.json()["considered"] is True

    # s33(3): once the closing day has passed, the public may no longer comment; the officer closes.
    Application.objects.filter(pk=app_id).update(closing_day=today - timedelta(days=10))
    late = public.post(
        f"{API}/public/assessments/{app_id}/comments",
        {"name": "Late", "email": "late@example.com", "text": "Too late?"},
        format="json",
    )
    assert late.status_code == 409
    assert "s33(2)(d)(ii)" in late.json()["detail"]
    body = _ok(transition(officer, app_id, "close_comments"), "comments_closed")
    assert body["available_transitions"] == ["give_advice"]

    # s34: the Minister sees nothing until the officer gives advice.
    assert minister.get(f"{API}/applications/{app_id}").status_code == 404
    body = _ok(
        transition(officer, app_id, "give_advice", {"recommendation": "approve", "summary": "Approve."}),
        "advice_given",
    )
    assert body["advice"]["recommendation"] == "approve"
    assert "C-" in body["advice"]["comments_report"]
    assert _moves(body)[-1] == ("give_advice", "comments_closed", "advice_given", "Office staff")

    # The proponent sees the step but not the advice.
    seen_by_proponent = _detail(proponent, app_id)
    assert seen_by_proponent["advice"] is None
    assert seen_by_proponent["timeline"][-1]["payload"] == {}

    # s30: the Minister approves with findings (c) and (d).
    body = _detail(minister, app_id)
    assert body["available_transitions"] == ["approve", "refuse"]
    assert body["advice"]["summary"] == "Approve."
    body = _ok(transition(minister, app_id, "approve", decision_payload()), "approved")
    assert body["available_transitions"] == []
    assert body["decision"]["outcome"] == "approved"
    assert body["decision"]["no_prudent_or_feasible_alternative"] is True
    assert _moves(body) == [
        ("lodge", "draft", "lodged", "Proponent"),
        ("commission_evaluation", "lodged", "evaluation_commissioned", "Director"),
        ("record_evaluation", "evaluation_commissioned", "evaluated", "Independent environmental auditor"),
        ("publish_for_comment", "evaluated", "open_for_comment", "Office staff"),
        ("close_comments", "open_for_comment", "comments_closed", "Office staff"),
        ("give_advice", "comments_closed", "advice_given", "Office staff"),
        ("approve", "advice_given", "approved", "Minister"),
    ]
    assert _detail(proponent, app_id)["decision"]["outcome"] == "approved"
    assert IndependentAuditor.objects.get(user=people.auditor).pk == register["auditor"]
    # Still public after the decision (s33(1)(a)).
    assert public.get(f"{API}/public/assessments/{app_id}").json()["state"] == "approved"


def test_s31_returned_for_amendment_answered_amended_and_lodged_again(people):
    proponent, officer = signed_in("proponent"), signed_in("officer")
    app_id = proponent.post(f"{API}/applications", application_payload(), format="json").json()["id"]
    proponent.post(f"{API}/applications/{app_id}/documents", {"kind": "gia", "file": pdf()})
    _ok(transition(proponent, app_id, "lodge"), "lodged")

    body = _ok(
        transition(
            officer,
            app_id,
            "return_for_amendment",
            {"requests": [{"kind": "description", "detail": "Say more."}]},
        ),
        "returned",
    )
    request_id = body["amendment_requests"][0]["id"]
    assert _detail(proponent, app_id)["available_transitions"] == ["lodge", "withdraw"]
    refused = transition(proponent, app_id, "lodge")
    assert refused.status_code == 400
    assert "amendment requests" in refused.json()["detail"]

    amended = proponent.patch(
        f"{API}/applications/{app_id}", {"description": "A third cement kiln, 1.2 Mt a year."}, format="json"
    )
    assert amended.status_code == 200, amended.content
    assert amended.json()["description"] == "A third cement kiln, 1.2 Mt a year."
    answer = proponent.post(
        f"{API}/applications/{app_id}/amendment-requests/{request_id}/answer",
        {"response": "Described the kiln's capacity."},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["answered_at"]
    body = _ok(transition(proponent, app_id, "lodge"), "lodged")
    acts = [e for e in body["timeline"] if e["kind"] == "transition"]
    assert [e["transition"] for e in acts] == ["lodge", "return_for_amendment", "lodge"]
    assert acts[1]["payload"] == {
        "requests": [{"kind": "description", "detail": "Say more."}],
        "ground": "not_in_prescribed_form",
    }
    changes = [e["transition"] for e in body["timeline"] if e["kind"] == "change"]
    assert "answer_amendment_request" in changes and "update_application" in changes


def test_the_proponent_withdraws_through_the_api(people):
    proponent = signed_in("proponent")
    app_id = proponent.post(f"{API}/applications", application_payload(), format="json").json()["id"]
    body = _ok(
        transition(proponent, app_id, "withdraw", {"reason": "No longer proceeding.", "confirm": True}),
        "withdrawn",
    )
    assert body["available_transitions"] == []
    assert body["withdrawal"]["reason"] == "No longer proceeding."
    assert _moves(body) == [("withdraw", "draft", "withdrawn", "Proponent")]
    assert transition(proponent, app_id, "lodge").status_code == 409
    assert State(body["state"]) == State.WITHDRAWN
