"""An API transition judges the act's rules once, by the act under its lock: the view judges the role
and the state only, and the rules before the payload's shape only when it refuses the payload, so
the refusal order (role, state, rules, then the payload) and the words stay as they were."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AmendmentRequest, State

from .api_support import signed_in, transition

pytestmark = pytest.mark.django_db


def _gia_checks(captured) -> int:
    # The has_gia_document guard: does the application have a current GIA?
    return sum(
        q["sql"].startswith('SELECT 1 AS "a" FROM "assessments_document"') for q in captured.captured_queries
    )


def _open_request_counts(captured) -> int:
    # The amendment_requests_answered guard: how many requests are unanswered?
    return sum(
        q["sql"].startswith("SELECT COUNT(*)") and '"assessments_amendmentrequest"' in q["sql"]
        for q in captured.captured_queries
    )


def _answer_all(application, people):
    AmendmentRequest.objects.filter(application=application, answered_at__isnull=True).update(
        response="Done.", answered_by=people.proponent, answered_at=application.updated_at
    )


def test_lodging_again_judges_each_guard_once(make_application, people):
    application = make_application(State.RETURNED)
    _answer_all(application, people)
    proponent = signed_in("proponent")
    with CaptureQueriesContext(connection) as captured:
        response = transition(proponent, application.pk, "lodge")
    assert response.status_code == 200, response.content
    assert _gia_checks(captured) == 1
    assert _open_request_counts(captured) == 1


def test_a_rule_refusal_judges_each_guard_once_and_says_the_same(make_application, people):
    application = make_application(State.RETURNED)  # its amendment request is unanswered
    proponent = signed_in("proponent")
    with CaptureQueriesContext(connection) as captured:
        response = transition(proponent, application.pk, "lodge")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "lodge_refused"
    assert body["messages"] == [
        "Answer each of the Office's amendment requests before lodging again: 1 is still unanswered."
    ]
    assert _gia_checks(captured) == 1
    assert _open_request_counts(captured) == 1
    application.refresh_from_db()
    assert application.state == State.RETURNED


def test_the_rules_still_come_before_the_payloads_shape(make_application, people):
    application = make_application(State.RETURNED)
    proponent = signed_in("proponent")
    refused = transition(proponent, application.pk, "lodge", {"surprise": True})
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "lodge_refused"  # the unanswered request, not the unknown field
    _answer_all(application, people)
    with CaptureQueriesContext(connection) as captured:
        shape = transition(proponent, application.pk, "lodge", {"surprise": True})
    assert shape.status_code == 400, shape.content
    assert shape.json()["code"] == "invalid" and "surprise" in shape.json()
    # The rules were judged (once, before the payload) though the act never ran.
    assert _gia_checks(captured) == 1 and _open_request_counts(captured) == 1
    application.refresh_from_db()
    assert application.state == State.RETURNED


def test_the_role_and_the_state_are_judged_before_the_rules(make_application, people):
    application = make_application(State.RETURNED)  # unanswered: the rules would refuse it too
    officer = signed_in("officer")
    with CaptureQueriesContext(connection) as captured:
        forbidden = transition(officer, application.pk, "lodge")
    assert forbidden.status_code == 403, forbidden.content
    assert _open_request_counts(captured) == 0
    lodged = make_application(State.LODGED)
    proponent = signed_in("proponent")
    with CaptureQueriesContext(connection) as captured:
        not_now = transition(proponent, lodged.pk, "lodge")
    assert not_now.status_code == 409, not_now.content
    assert _gia_checks(captured) == 0
