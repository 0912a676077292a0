"""What an API transition answers, and what that costs (issue 14): the row as the act saved it (not read
again), with its related rows read once, the same body a fresh read of the detail gives; and the
whole request's queries, token sign-in included, counted."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.serializers import ModelSerializer

from assessments import services
from assessments.api import serializers as s
from assessments.models import AmendmentRequest, Application, IndependentAuditor, State
from greenhouse_office import statute

from .api_support import API, decision_payload, publication_payload, signed_in, transition
from .conftest import pdf

pytestmark = pytest.mark.django_db


def _upload(kind, who):
    return lambda app, people: services.upload_document(
        application=app, actor=getattr(people, who), kind=kind, upload=pdf()
    )


def _answer_requests(app, people):
    for request in AmendmentRequest.objects.filter(application=app, answered_at__isnull=True):
        services.answer_amendment_request(request=request, actor=people.proponent, response="Done.")


def _closing_day_passed(app, people):
    Application.objects.filter(pk=app.pk).update(closing_day=statute.legal_today() - timedelta(days=10))


def _auditor(people):
    return {"auditor": IndependentAuditor.objects.get(user=people.auditor).pk}


# (state before, act, who acts, payload, what happens before the act)
EVERY_ACT = [
    (State.DRAFT, "lodge", "proponent", {}, _upload("gia", "proponent")),
    (
        State.LODGED,
        "return_for_amendment",
        "officer",
        {"requests": [{"kind": "description", "detail": "Say more."}]},
        None,
    ),
    (State.RETURNED, "lodge", "proponent", {}, _answer_requests),
    (State.LODGED, "commission_evaluation", "director", _auditor, None),
    (State.EVALUATION_COMMISSIONED, "record_evaluation", "auditor", {}, _upload("evaluation", "auditor")),
    (State.EVALUATED, "publish_for_comment", "officer", lambda people: publication_payload(), None),
    (State.OPEN_FOR_COMMENT, "close_comments", "officer", {}, _closing_day_passed),
    (State.COMMENTS_CLOSED, "give_advice", "officer", {"recommendation": "approve", "summary": "Yes."}, None),
    (State.ADVICE_GIVEN, "approve", "minister", decision_payload(), None),
    (State.ADVICE_GIVEN, "refuse", "minister", {"reasons": "Targets prevented."}, None),
    (State.DRAFT, "withdraw", "proponent", {"reason": "Not proceeding.", "confirm": True}, None),
]


@pytest.mark.parametrize(
    ("state", "act", "who", "payload", "before"), EVERY_ACT, ids=[f"{c[0]}-{c[1]}" for c in EVERY_ACT]
)
def test_a_transition_answers_what_a_fresh_read_of_the_detail_shows(
    make_application, people, state, act, who, payload, before
):
    application = make_application(state)
    if before:
        before(application, people)
    client = signed_in(who)
    response = transition(client, application.pk, act, payload(people) if callable(payload) else payload)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert isinstance(answer.pop("warnings"), list)
    assert answer["state"] != state and answer["timeline"][-1]["transition"] == act
    fresh = client.get(f"{API}/applications/{application.pk}")
    assert fresh.status_code == 200
    assert answer == fresh.json()


def _queries(captured) -> list[str]:
    # Savepoints are the test's own transaction; in production the act's is BEGIN and COMMIT.
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def _reads_of(sql: list[str], table: str) -> int:
    return sum(q.startswith("SELECT") and f'FROM "{table}"' in q for q in sql)


def test_return_for_amendment_takes_twelve_queries_sign_in_and_answer_included(make_application, people):
    application = make_application(State.LODGED)
    officer = signed_in("officer")
    officer.get(f"{API}/applications")  # the token's use is recorded (at most once a minute)
    with CaptureQueriesContext(connection) as captured:
        response = transition(
            officer,
            application.pk,
            "return_for_amendment",
            {"requests": [{"kind": "description", "detail": "Say more."}]},
        )
    assert response.status_code == 200, response.content
    sql = _queries(captured)
    # Was 14: the token, then the roles with TOTP (now one query); the application read three times
    # (before the act, locked, and again with the answer's detail: now twice).
    assert len(sql) == 12, "\n".join(sql)
    assert _reads_of(sql, "greenhouse_office_apitoken") == 1 and _reads_of(sql, "auth_group") == 0
    assert _reads_of(sql, "assessments_application") == 2
    for table in ("applicationevent", "document", "amendmentrequest", "newspapernotice"):
        assert _reads_of(sql, f"assessments_{table}") == 1, table
    assert response.json()["amendment_requests"][-1]["detail"] == "Say more."


def test_lodging_again_takes_fifteen_queries(make_application, people):
    application = make_application(State.RETURNED)
    _answer_requests(application, people)
    proponent = signed_in("proponent")
    proponent.get(f"{API}/applications")
    with CaptureQueriesContext(connection) as captured:
        response = transition(proponent, application.pk, "lodge")
    assert response.status_code == 200, response.content
    sql = _queries(captured)
    # Was 17, then 15; now 13: the two guards (the GIA, the answered requests) are judged once, by the
    # act under its lock, not also before it.
    assert len(sql) == 13, "\n".join(sql)
    assert _reads_of(sql, "assessments_application") == 2
    assert _reads_of(sql, "assessments_document") == 2  # the has_gia_document guard, the answer's documents
    assert sum("COUNT(*)" in q and "assessments_amendmentrequest" in q for q in sql) == 1
    assert response.json()["state"] == State.LODGED


def test_the_auditor_appointed_by_the_act_is_in_its_answer(make_application, people):
    # The act changes the row's auditor: the answer shows the new one, not the one first read (none).
    application = make_application(State.LODGED)
    response = transition(signed_in("director"), application.pk, "commission_evaluation", _auditor(people))
    assert response.status_code == 200, response.content
    assert response.json()["auditor"]["username"] == "auditor"


@pytest.mark.parametrize("serializer_class", [s.ApplicationDetailSerializer, s.TransitionResultSerializer])
def test_the_detail_s_fields_built_once_are_those_drf_builds_and_each_instance_s_own(serializer_class):
    first, second = serializer_class(), serializer_class()
    built = ModelSerializer.get_fields(serializer_class())  # DRF's own build, not the one kept
    assert [(name, type(field)) for name, field in first.fields.items()] == [
        (name, type(field)) for name, field in built.items()
    ]
    assert all(first.fields[name] is not second.fields[name] for name in built)
    assert first.fields["organisation"].parent is first and second.fields["organisation"].parent is second
