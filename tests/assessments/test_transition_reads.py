"""What an API transition reads (issue 14): the row alone before the act, each guard judged once inside
it (the executor's check and django-fsm-2's own), and its refusals unchanged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Application, State
from greenhouse_office.workflow.guards import Guard, judged_once

from .api_support import API, signed_in, transition
from .conftest import pdf

pytestmark = pytest.mark.django_db

GIA_CHECK = 'FROM "assessments_document" WHERE ("assessments_document"."application_id"'


def _gia_checks(queries) -> int:
    return sum(GIA_CHECK in query["sql"] and query["sql"].startswith("SELECT 1") for query in queries)


def test_inside_judged_once_a_guard_is_judged_once_a_day_and_forgotten_after():
    calls = []
    counted = Guard("counted", lambda record, on: calls.append(on) or None)
    record = Application()
    with judged_once(record):
        assert counted(record) and counted.refusal(record) is None and counted(record)
        assert len(calls) == 1
    assert counted(record) and len(calls) == 2  # outside the block every call judges again
    assert "_guards_judged" not in record.__dict__


def test_lodging_judges_each_guard_once_inside_the_lock(make_application, people):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    application = Application.objects.get(pk=application.pk)
    with CaptureQueriesContext(connection) as captured:
        services.lodge(application=application, actor=people.proponent)
    assert _gia_checks(captured.captured_queries) == 1  # was 2: the executor's, then django-fsm-2's
    assert Application.objects.get(pk=application.pk).state == State.LODGED


def test_a_refused_guard_still_refuses_through_the_api_with_its_section(make_application, people):
    application = make_application(State.DRAFT)  # no GIA attached
    response = transition(signed_in("proponent"), application.pk, "lodge")
    assert response.status_code == 400
    assert "s31(2)" in response.json()["detail"]
    assert Application.objects.get(pk=application.pk).state == State.DRAFT


def test_an_api_transition_reads_the_row_alone_before_the_act(make_application, people):
    application = make_application(State.LODGED)
    officer = signed_in("officer")
    with CaptureQueriesContext(connection) as captured:
        response = officer.post(
            f"{API}/applications/{application.pk}/transitions/return_for_amendment",
            {"requests": [{"kind": "description", "detail": "Say more."}]},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "returned" and response.json()["amendment_requests"]
    sql = [query["sql"] for query in captured.captured_queries]
    # Up to the act's one write: the row before the act, and the row locked (the act's one read).
    until_the_write = sql[
        : next(n for n, s in enumerate(sql) if s.startswith('UPDATE "assessments_application"'))
    ]
    detail_tables = ("assessments_applicationevent", "assessments_document", "assessments_newspapernotice")
    assert not [s for s in until_the_write if any(f'FROM "{table}"' in s for table in detail_tables)]
    assert sum('FROM "assessments_application"' in s for s in until_the_write) == 2
