"""Every role is refused where it should be: 404 not visible, 403 wrong role, 409 wrong state, 400 invalid."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Application, Document, IndependentAuditor, State
from greenhouse_office import statute
from greenhouse_office.api import errors
from greenhouse_office.models import Organisation

from .api_support import (
    API,
    application_payload,
    client_as,
    decision_payload,
    publication_payload,
    transition,
)
from .conftest import pdf

pytestmark = pytest.mark.django_db

USERS = ("proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister")


def _payload(name: str) -> dict:
    if name == "return_for_amendment":
        return {"requests": [{"kind": "document", "detail": "The GIA lacks appendix B."}]}
    if name == "commission_evaluation":
        return {"auditor": IndependentAuditor.objects.get(user__username="auditor").pk}
    if name == "publish_for_comment":
        return publication_payload()
    if name == "give_advice":
        return {"recommendation": "refuse", "summary": "Refuse."}
    if name in ("approve", "refuse"):
        return decision_payload()
    if name == "withdraw":
        return {"reason": "Not proceeding.", "confirm": True}
    return {}


def _prepare(application: Application, name: str, people) -> None:
    """What must be true before the step may lawfully run (besides the state)."""
    if name == "lodge":
        services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    if name == "record_evaluation":
        services.upload_document(
            application=application, actor=people.auditor, kind="evaluation", upload=pdf()
        )
    if name == "close_comments":
        Application.objects.filter(pk=application.pk).update(
            closing_day=statute.legal_today() - timedelta(days=10)
        )


# (state, transition) -> expected status for each user; users not named get 404 (not visible).
SWEEP = {
    (State.DRAFT, "lodge"): {"proponent": 200, "officer": 403, "director": 403},
    (State.LODGED, "return_for_amendment"): {"proponent": 403, "officer": 200, "director": 200},
    (State.LODGED, "commission_evaluation"): {"proponent": 403, "officer": 403, "director": 200},
    (State.EVALUATION_COMMISSIONED, "record_evaluation"): {
        "proponent": 403,
        "officer": 200,
        "director": 200,
        "auditor": 200,
    },
    (State.EVALUATED, "publish_for_comment"): {
        "proponent": 403,
        "officer": 200,
        "director": 200,
        "auditor": 403,
    },
    (State.OPEN_FOR_COMMENT, "close_comments"): {
        "proponent": 403,
        "officer": 200,
        "director": 200,
        "auditor": 403,
    },
    (State.COMMENTS_CLOSED, "give_advice"): {
        "proponent": 403,
        "officer": 200,
        "director": 200,
        "auditor": 403,
    },
    (State.ADVICE_GIVEN, "approve"): {
        "proponent": 403,
        "officer": 403,
        "director": 403,
        "auditor": 403,
        "minister": 200,
    },
    (State.ADVICE_GIVEN, "refuse"): {
        "proponent": 403,
        "officer": 403,
        "director": 403,
        "auditor": 403,
        "minister": 200,
    },
    (State.LODGED, "withdraw"): {"proponent": 200, "officer": 403, "director": 403},
}


@pytest.mark.parametrize(
    ("state", "name", "username", "expected"),
    [(state, name, user, codes.get(user, 404)) for (state, name), codes in SWEEP.items() for user in USERS],
)
def test_each_transition_is_run_only_by_its_role_and_hidden_from_those_who_may_not_see_it(
    people, make_application, state, name, username, expected
):
    application = make_application(state)
    _prepare(application, name, people)
    response = transition(client_as(getattr(people, username)), application.pk, name, _payload(name))
    assert response.status_code == expected, response.content
    application.refresh_from_db()
    if expected == 200:
        assert application.state != state
    else:
        assert application.state == state
        assert response.json()["detail"]


def test_404_proponent2_cannot_see_or_touch_proponents_application(people, make_application):
    application = make_application(State.DRAFT)
    document = services.upload_document(
        application=application, actor=people.proponent, kind="gia", upload=pdf()
    )
    other = client_as(people.proponent2)
    base = f"{API}/applications/{application.pk}"
    assert other.get(base).status_code == 404
    assert other.patch(base, {"title": "Mine now"}, format="json").status_code == 404
    assert other.get(f"{base}/documents").status_code == 404
    assert other.post(f"{base}/documents", {"kind": "gia", "file": pdf()}).status_code == 404
    assert other.get(f"{base}/documents/{document.pk}/download").status_code == 404
    assert transition(other, application.pk, "withdraw").status_code == 404
    assert other.get(f"{API}/applications").json()["results"] == []
    assert [a["id"] for a in client_as(people.proponent).get(f"{API}/applications").json()["results"]] == [
        application.pk
    ]


def test_403_an_appointed_auditor_cannot_commission_an_evaluation(people, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    response = transition(
        client_as(people.auditor), application.pk, "commission_evaluation", {"auditor": auditor.pk}
    )
    assert response.status_code == 403
    assert "Director" in response.json()["detail"]


def test_400_s32_2_the_director_cannot_appoint_an_auditor_contracted_to_the_proponent(
    people, make_application
):
    application = make_application(State.LODGED)
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)
    response = transition(
        client_as(people.director), application.pk, "commission_evaluation", {"auditor": auditor2.pk}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "commission_evaluation_refused"
    assert any("s32(2)" in m and "contract" in m for m in body["messages"])


@pytest.mark.parametrize(
    ("finding", "section"),
    [("no_prudent_or_feasible_alternative", "s30(c)"), ("targets_not_prevented", "s30(d)")],
)
def test_400_s30_the_minister_cannot_approve_with_a_false_finding(people, make_application, finding, section):
    application = make_application(State.ADVICE_GIVEN)
    response = transition(
        client_as(people.minister), application.pk, "approve", decision_payload(**{finding: False})
    )
    assert response.status_code == 400
    assert any(m.startswith(section) for m in response.json()["messages"])
    # Refusing stays open to the Minister with the same findings.
    refused = transition(
        client_as(people.minister), application.pk, "refuse", decision_payload(**{finding: False})
    )
    assert refused.status_code == 200
    assert refused.json()["state"] == "refused"


@pytest.mark.parametrize(
    ("state", "username", "name"),
    [
        (State.DRAFT, "director", "commission_evaluation"),
        (State.LODGED, "proponent", "lodge"),
        (State.APPROVED, "minister", "approve"),
        (State.APPROVED, "proponent", "withdraw"),
        (State.EVALUATED, "officer", "close_comments"),
    ],
)
def test_409_a_transition_not_possible_from_the_current_state(
    people, make_application, state, username, name
):
    application = make_application(state)
    response = transition(client_as(getattr(people, username)), application.pk, name, _payload(name))
    assert response.status_code == 409, response.content
    assert "not possible while" in response.json()["detail"]


def test_unknown_transition_is_404_with_the_names_that_exist(people, make_application):
    application = make_application(State.DRAFT)
    response = transition(client_as(people.proponent), application.pk, "bless")
    assert response.status_code == 404
    body = response.json()
    assert "bless" in body["detail"]
    assert "lodge" in body["messages"][0]


@pytest.mark.parametrize(
    ("state", "username", "name", "payload", "field"),
    [
        (State.LODGED, "officer", "return_for_amendment", {"requests": []}, "requests"),
        (
            State.LODGED,
            "officer",
            "return_for_amendment",
            {"requests": [{"kind": "x", "detail": "y"}]},
            "requests",
        ),
        (State.LODGED, "director", "commission_evaluation", {"auditor": 999999}, "auditor"),
        (State.LODGED, "director", "commission_evaluation", {}, "auditor"),
        (State.EVALUATED, "officer", "publish_for_comment", {"gazette_date": "2027-02-30"}, "gazette_date"),
        (State.EVALUATED, "officer", "publish_for_comment", {"gazette_date": "2027-03-03"}, "closing_day"),
        (
            State.COMMENTS_CLOSED,
            "officer",
            "give_advice",
            {"recommendation": "maybe", "summary": "?"},
            "recommendation",
        ),
        (State.COMMENTS_CLOSED, "officer", "give_advice", {"recommendation": "approve"}, "summary"),
        (State.ADVICE_GIVEN, "minister", "approve", {"reasons": "Because."}, "advice_considered"),
        (State.ADVICE_GIVEN, "minister", "refuse", decision_payload(reasons=""), "reasons"),
    ],
)
def test_400_bad_transition_payloads_get_field_messages(
    people, make_application, state, username, name, payload, field
):
    application = make_application(state)
    response = transition(client_as(getattr(people, username)), application.pk, name, payload)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body[field] and all(isinstance(m, str) for m in body[field])
    assert body["messages"]
    application.refresh_from_db()
    assert application.state == state


def test_400_s33_3_a_closing_day_within_two_months_of_the_gazette_is_refused(people, make_application):
    application = make_application(State.EVALUATED)
    gazette = statute.legal_today()
    payload = publication_payload(closing_day=gazette + timedelta(days=30))
    response = transition(client_as(people.officer), application.pk, "publish_for_comment", payload)
    assert response.status_code == 400
    assert any(m.startswith("s33(3)") for m in response.json()["messages"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (application_payload(title=""), "title"),
        (application_payload(location_state="XYZ"), "location_state"),
        (application_payload(affected_states=["VIC", "Mars"]), "affected_states"),
        (application_payload(limb="neither"), "limb"),
        (application_payload(gwp_set="AR99"), "gwp_set"),
        (
            application_payload(emission_profile={"months": [{"month": "2027-13", "gases": {"CO2": 1}}]}),
            "emission_profile",
        ),
        (
            application_payload(
                emission_profile={"months": [{"month": "2027-01", "gases": {"Unobtainium": 1}}]}
            ),
            "emission_profile",
        ),
        (application_payload(emission_profile={"months": []}), "emission_profile"),
    ],
)
def test_400_bad_applications_get_field_messages(people, payload, field):
    response = client_as(people.proponent).post(f"{API}/applications", payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()[field]
    assert not Application.objects.exists()


def test_403_only_a_proponent_creates_applications(people):
    response = client_as(people.officer).post(f"{API}/applications", application_payload(), format="json")
    assert response.status_code == 403
    assert "proponent" in response.json()["detail"]


def test_patch_is_for_the_proponent_while_draft_or_returned(people, make_application):
    draft = make_application(State.DRAFT)
    assert (
        client_as(people.officer)
        .patch(f"{API}/applications/{draft.pk}", {"title": "X"}, format="json")
        .status_code
        == 403
    )
    lodged = make_application(State.LODGED)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{lodged.pk}", {"title": "X"}, format="json"
    )
    assert response.status_code == 409
    assert "draft or returned" in response.json()["detail"]


def test_400_an_upload_named_pdf_that_is_not_a_pdf(people, make_application):
    application = make_application(State.DRAFT)
    fake = SimpleUploadedFile(
        "gia.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client_as(people.proponent).post(
        f"{API}/applications/{application.pk}/documents", {"kind": "gia", "file": fake}
    )
    assert response.status_code == 400
    assert "not a PDF" in response.json()["file"][0]
    assert not Document.objects.exists()


def test_400_an_upload_larger_than_the_cap(people, make_application, settings):
    settings.GREENHOUSE_MAX_DOCUMENT_BYTES = 32
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).post(
        f"{API}/applications/{application.pk}/documents", {"kind": "gia", "file": pdf()}
    )
    assert response.status_code == 400
    assert "larger than the limit of 32" in response.json()["file"][0]


def test_400_an_upload_without_kind_or_file(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).post(f"{API}/applications/{application.pk}/documents", {})
    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "file"}


def test_403_only_the_appointed_auditor_or_office_uploads_the_evaluation(people, make_application):
    application = make_application(State.EVALUATION_COMMISSIONED)
    response = client_as(people.proponent).post(
        f"{API}/applications/{application.pk}/documents", {"kind": "evaluation", "file": pdf()}
    )
    assert response.status_code == 403


def test_documents_are_downloadable_only_by_those_who_see_the_application(people, make_application):
    application = make_application(State.LODGED)
    document = application.documents.get(kind="gia")
    path = f"{API}/applications/{application.pk}/documents/{document.pk}/download"
    own = client_as(people.proponent).get(path, HTTP_ACCEPT="application/pdf")
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert own["Content-Disposition"].startswith("attachment;")
    assert own["X-Content-Type-Options"] == "nosniff"
    assert client_as(people.proponent2).get(path).status_code == 404
    assert client_as(people.auditor).get(path).status_code == 404  # not (yet) appointed
    assert APIClient().get(path).status_code == 401
    public = f"{API}/public/assessments/{application.pk}/documents/{document.pk}/download"
    assert APIClient().get(public).status_code == 404  # not published


def test_401_without_credentials_and_400_for_a_wrong_password(db):
    anonymous = APIClient()
    response = anonymous.get(f"{API}/applications")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    bad = anonymous.post(f"{API}/auth/token", {"username": "nobody", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "The username or password is wrong.",
        "code": "invalid_credentials",
        "messages": ["The username or password is wrong."],
    }


def test_comments_are_for_office_staff_only(people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    path = f"{API}/applications/{application.pk}/comments"
    assert client_as(people.proponent).get(path).status_code == 403
    assert client_as(people.auditor).get(path).status_code == 403
    assert client_as(people.officer).get(path).status_code == 200
    bad = client_as(people.officer).post(path, {"name": "", "text": "", "channel": "pigeon"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) >= {"name", "text", "channel", "received_at"}


def test_409_comments_are_not_recorded_before_publication(people, make_application):
    application = make_application(State.EVALUATED)
    response = client_as(people.officer).post(
        f"{API}/applications/{application.pk}/comments",
        {"name": "A", "text": "B", "channel": "email", "received_at": "2027-01-01T10:00:00+11:00"},
        format="json",
    )
    assert response.status_code == 409


def test_400_s34_a_comment_considered_without_a_response(people, make_application):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = services.record_comment(
        application=application, actor=None, name="A", email="a@example.com", text="B", channel="web"
    )
    response = client_as(people.officer).patch(
        f"{API}/applications/{application.pk}/comments/{comment.pk}", {"considered": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["response"]


def test_auditor_register_is_for_the_office(people):
    assert client_as(people.proponent).get(f"{API}/auditors").status_code == 403
    assert client_as(people.minister).get(f"{API}/auditors").status_code == 403
    register = client_as(people.director).get(f"{API}/auditors").json()["results"]
    entry = next(e for e in register if e["username"] == "auditor2")
    assert entry["name"] == "Ben Kowalski"
    assert entry["fit_and_proper_declared_on"] == "2026-07-01"
    assert any(e["kind"] == "contract" for e in entry["engagements"])


def test_s35_only_the_minister_directs_and_a_proponent_sees_only_its_own(people):
    organisation = people.proponent.organisation
    payload = {
        "organisation": organisation.pk,
        "action": "Expansion of the Geelong works",
        "due_on": (statute.legal_today() + timedelta(days=90)).isoformat(),
    }
    assert client_as(people.officer).post(f"{API}/directions", payload, format="json").status_code == 403
    created = client_as(people.minister).post(f"{API}/directions", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["organisation"]["id"] == organisation.pk
    past = client_as(people.minister).post(
        f"{API}/directions", {**payload, "due_on": "2001-01-01"}, format="json"
    )
    assert past.status_code == 400
    assert past.json()["due_on"]
    assert len(client_as(people.proponent).get(f"{API}/directions").json()["results"]) == 1
    assert client_as(people.proponent2).get(f"{API}/directions").json()["results"] == []
    assert len(client_as(people.officer).get(f"{API}/directions").json()["results"]) == 1
    assert client_as(people.auditor).get(f"{API}/directions").json()["results"] == []
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.parametrize(
    ("state", "username", "name"),
    [
        (State.ADVICE_GIVEN, "officer", "approve"),
        (State.DRAFT, "officer", "withdraw"),
        (State.EVALUATED, "auditor", "publish_for_comment"),
        (State.EVALUATION_COMMISSIONED, "auditor", "commission_evaluation"),
    ],
)
def test_403_a_role_that_may_never_run_the_step_is_refused_before_its_payload_is_judged(
    people, make_application, state, username, name
):
    application = make_application(state)
    response = transition(client_as(getattr(people, username)), application.pk, name, {})
    assert response.status_code == 403, response.content
    assert response.json()["detail"].startswith("Only ")


# --- The one error shape, whatever raised it ------------------------------------------------


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (TransitionNotAllowed("Can't switch from state 'draft' using method 'lodge'"), errors.NOT_NOW),
        (
            ConcurrentTransition("Cannot save object! The state has been changed."),
            "Someone else changed this application at the same moment; reload it and try again.",
        ),
    ],
)
def test_409_never_500_when_django_fsm_refuses_in_a_view(
    people, make_application, monkeypatch, error, message
):
    application = make_application(State.DRAFT)

    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(services, "update_application", refuse)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == 409, response.content
    code = "conflict" if isinstance(error, ConcurrentTransition) else "not_available"
    assert response.json() == {"detail": message, "code": code, "messages": [message]}


def test_a_refused_act_keeps_its_status_code_and_field_errors(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).post(
        f"{API}/applications", application_payload(direction=424242), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["direction"] == ["No direction with this id was given to your organisation."]
    assert body["detail"] == "No direction with this id was given to your organisation."
    assert body["messages"] == [body["detail"]]
    conflict = transition(client_as(people.proponent), application.pk, "lodge")  # no GIA yet: a rule
    assert conflict.status_code == 400
    assert {"detail", "code", "messages"} <= set(conflict.json())


def test_a_field_named_like_a_key_of_the_shape_cannot_hide_the_refusal(people, make_application):
    application = make_application(State.DRAFT)
    response = client_as(people.proponent).patch(
        f"{API}/applications/{application.pk}", {"detail": "x", "messages": "y"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Some fields need correcting."
    assert sorted(m.split(":")[0] for m in body["messages"]) == ["detail", "messages"]


@pytest.mark.parametrize(
    ("username", "path"),
    [("officer", "applications"), ("proponent", "directions"), ("auditor", "applications")],
)
def test_the_role_is_refused_before_the_input_is_judged(people, username, path):
    """An empty body from a role that may never do this is a 403, not a 400 about its fields."""
    response = client_as(getattr(people, username)).post(f"{API}/{path}", {}, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "forbidden"
