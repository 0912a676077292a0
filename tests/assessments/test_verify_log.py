"""verify_log: a clean hash chain verifies; every kind of tampering (edit, deleted tail, gap, reordering)
is reported with the application and sequence; the product itself refuses to change the log."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from assessments.models import ApplicationEvent, ImmutableEvent, State


def verify() -> str:
    out = io.StringIO()
    call_command("verify_log", stdout=out)
    return out.getvalue()


def breaks() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"break(s)? found in the event log") as failure:
        call_command("verify_log", stdout=out)
    return out.getvalue() + str(failure.value)


def raw(sql: str, params=()) -> None:
    """Tamper as someone with database access would: below the product, which refuses."""
    assert ApplicationEvent._meta.db_table == "assessments_applicationevent"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def event(application, sequence: int) -> ApplicationEvent:
    return application.events.get(sequence=sequence)


@pytest.fixture
def applications(make_application):
    """Three applications: four events, one event, and a draft with none."""
    return make_application(State.OPEN_FOR_COMMENT), make_application(State.LODGED), make_application()


@pytest.mark.django_db
def test_a_clean_log_verifies(applications):
    assert verify().strip() == "5 events in 3 applications verified"


@pytest.mark.django_db
def test_the_product_refuses_bulk_edits_and_deletes_of_the_log(applications):
    events = ApplicationEvent.objects.filter(application=applications[0])
    with pytest.raises(ImmutableEvent):
        events.update(payload={"forged": True})
    with pytest.raises(ImmutableEvent):
        events.delete()
    with pytest.raises(ImmutableEvent):
        applications[0].events.all().delete()
    first = events.get(sequence=1)
    first.payload = {"forged": True}
    with pytest.raises(ImmutableEvent), transaction.atomic():  # its own savepoint: the refusal rolls back
        ApplicationEvent.objects.bulk_update([first], ["payload"])
    assert verify().startswith("5 events")


@pytest.mark.django_db
def test_an_edited_payload_is_reported(applications):
    application = applications[0]
    target = event(application, 2)
    raw(
        "UPDATE assessments_applicationevent SET payload = %s WHERE id = %s",
        [json.dumps({"auditor": "someone-else"}), target.pk],
    )
    report = breaks()
    assert f"{application.reference} event 2: hash does not match the event's content" in report
    assert "1 break found" in report  # the stored hashes still chain; only the content changed


@pytest.mark.django_db
def test_an_edited_payload_with_a_recomputed_hash_breaks_the_next_link(applications):
    application = applications[0]
    target = event(application, 2)
    target.payload = {"auditor": "someone-else"}
    raw(
        "UPDATE assessments_applicationevent SET payload = %s, hash = %s WHERE id = %s",
        [json.dumps(target.payload), target.compute_hash(), target.pk],
    )
    report = breaks()
    assert f"{application.reference} event 3: previous_hash does not equal the hash" in report


@pytest.mark.django_db
def test_a_deleted_last_event_is_reported(applications):
    application = applications[0]
    raw("DELETE FROM assessments_applicationevent WHERE id = %s", [event(application, 4).pk])
    report = breaks()
    assert (
        f"{application.reference}: the last event's hash does not equal the application's log_head_hash"
        in (report)
    )
    assert "1 break found" in report


@pytest.mark.django_db
def test_a_log_deleted_entirely_is_reported(applications):
    application = applications[1]
    raw("DELETE FROM assessments_applicationevent WHERE application_id = %s", [application.pk])
    assert f"{application.reference}: the last event's hash does not equal" in breaks()


@pytest.mark.django_db
def test_a_gap_is_reported(applications):
    application = applications[0]
    raw("DELETE FROM assessments_applicationevent WHERE id = %s", [event(application, 3).pk])
    report = breaks()
    assert f"{application.reference} event 4: sequence 4 where 3 was expected" in report
    assert f"{application.reference} event 4: previous_hash does not equal" in report


@pytest.mark.django_db
def test_reordered_events_are_reported(applications):
    application = applications[0]
    first, second = event(application, 1), event(application, 2)
    raw("UPDATE assessments_applicationevent SET sequence = 1000 WHERE id = %s", [first.pk])
    raw("UPDATE assessments_applicationevent SET sequence = 1 WHERE id = %s", [second.pk])
    raw("UPDATE assessments_applicationevent SET sequence = 2 WHERE id = %s", [first.pk])
    report = breaks()
    for sequence in (1, 2):
        assert f"{application.reference} event {sequence}: previous_hash does not equal" in report
        assert f"{application.reference} event {sequence}: hash does not match" in report
    assert f"{application.reference} event 3: previous_hash does not equal" in report
    assert applications[1].reference not in report


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_log_is_read_from_one_snapshot(make_application):
    """On PostgreSQL: one REPEATABLE READ transaction, so concurrent writes cause no false breaks."""
    make_application(State.LODGED)
    assert verify().strip() == "1 events in 1 applications verified"
    assert not connection.in_atomic_block
