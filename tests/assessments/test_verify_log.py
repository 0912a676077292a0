"""verify_log: a clean keyed chain verifies; every kind of tampering (edit, deleted tail, gap, reordering,
a chain rewritten or an event inserted without the key) is reported with the record and sequence; the
product refuses to change the log, and on PostgreSQL so does the database."""

import hashlib
import hmac
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from assessments.models import ApplicationEvent, AuditorEvent, ImmutableEvent, State


def verify() -> str:
    out = io.StringIO()
    call_command("verify_log", stdout=out)
    return out.getvalue()


def breaks() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"break(s)? found in the event log") as failure:
        call_command("verify_log", stdout=out)
    return out.getvalue() + str(failure.value)


TABLE = "assessments_applicationevent"


def raw(sql: str, params=()) -> None:
    """Tamper as someone with database access would: below the product, which refuses.

    On PostgreSQL the append-only trigger is bypassed first, as only a superuser could.
    """
    assert ApplicationEvent._meta.db_table == TABLE
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def event(application, sequence: int) -> ApplicationEvent:
    return application.events.get(sequence=sequence)


def counts() -> str:
    records = sum(
        model.objects.count()
        for model in (
            ApplicationEvent.application.field.related_model,
            AuditorEvent.auditor.field.related_model,
        )
    )
    events = ApplicationEvent.objects.count() + AuditorEvent.objects.count()
    return f"{events} events in {records} records verified"


def forged_hash(candidate: ApplicationEvent, key: bytes) -> str:
    """What a forger without the real key can compute: an HMAC under a key of their own."""
    return hmac.new(key, candidate.canonical(), hashlib.sha256).hexdigest()


@pytest.fixture
def applications(make_application):
    """Three applications: open for comment (several events), lodged, and a draft."""
    return make_application(State.OPEN_FOR_COMMENT), make_application(State.LODGED), make_application()


@pytest.mark.django_db
def test_a_clean_log_verifies(applications):
    assert verify().strip() == counts()
    assert applications[0].events.count() > 4  # transitions and the changes between them


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
    assert verify().strip() == counts()


@pytest.mark.services("postgres")
@pytest.mark.django_db
def test_on_postgresql_the_database_refuses_update_and_delete_of_events(applications):
    target = event(applications[0], 1)
    for sql in (f"UPDATE {TABLE} SET payload = '{{}}' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="Events are append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [target.pk])
    assert verify().strip() == counts()


@pytest.mark.django_db
def test_an_edited_payload_is_reported(applications):
    application = applications[0]
    target = event(application, 2)
    raw(
        f"UPDATE {TABLE} SET payload = %s WHERE id = %s", [json.dumps({"auditor": "someone-else"}), target.pk]
    )
    report = breaks()
    assert f"{application.reference} event 2: hash does not match the event's content" in report
    assert "1 break found" in report  # the stored hashes still chain; only the content changed


@pytest.mark.parametrize("forger_key", [b"", b"a-guessed-key"], ids=["plain-sha256", "another-key"])
@pytest.mark.django_db
def test_a_chain_rewritten_without_the_key_is_reported(applications, forger_key):
    """Rewrite every event from the second on, re-chaining each hash and the head: a naive chain
    would verify again; the keyed one does not."""
    application = applications[0]
    events = list(application.events.order_by("sequence"))
    previous = events[0].hash
    for candidate in events[1:]:
        if candidate.sequence == 2:
            candidate.payload = {"forged": True}
        candidate.previous_hash = previous
        new_hash = (
            hashlib.sha256(candidate.canonical()).hexdigest()
            if not forger_key
            else forged_hash(candidate, forger_key)
        )
        raw(
            f"UPDATE {TABLE} SET payload = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(candidate.payload), previous, new_hash, candidate.pk],
        )
        previous = new_hash
    application._meta.model.objects.filter(pk=application.pk).update(log_head_hash=previous)
    report = breaks()
    for candidate in events[1:]:
        assert f"{application.reference} event {candidate.sequence}: hash does not match" in report


@pytest.mark.django_db
def test_an_inserted_event_is_reported(applications):
    """Insert an event in the middle, renumbering the rest and re-chaining them as a forger could."""
    application = applications[0]
    events = list(application.events.order_by("sequence"))
    raw(f"UPDATE {TABLE} SET sequence = sequence + 1000 WHERE application_id = %s", [application.pk])
    forged = ApplicationEvent(
        application=application,
        sequence=2,
        kind="transition",
        transition="record_evaluation",
        from_state="lodged",
        to_state="evaluated",
        actor_name="officer",
        role="Office staff",
        section="s32(1)",
        payload={},
        at=events[1].at,
        previous_hash=events[0].hash,
        key_id="test",
    )
    forged.hash = forged_hash(forged, b"a-guessed-key")
    previous, sequence = forged.hash, 3
    raw(
        f"INSERT INTO {TABLE} (application_id, sequence, kind, transition, from_state, to_state, actor_name, "
        "role, section, payload, at, previous_hash, key_id, hash) VALUES "
        "(%s, 2, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            application.pk,
            forged.kind,
            forged.transition,
            forged.from_state,
            forged.to_state,
            forged.actor_name,
            forged.role,
            forged.section,
            "{}",
            forged.at,
            forged.previous_hash,
            forged.key_id,
            forged.hash,
        ],
    )
    raw(f"UPDATE {TABLE} SET sequence = 1 WHERE application_id = %s AND sequence = 1001", [application.pk])
    for original in events[1:]:
        original.sequence, original.previous_hash = sequence, previous
        new_hash = forged_hash(original, b"a-guessed-key")
        raw(
            f"UPDATE {TABLE} SET sequence = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [sequence, previous, new_hash, original.pk],
        )
        previous, sequence = new_hash, sequence + 1
    application._meta.model.objects.filter(pk=application.pk).update(
        log_head_hash=previous, log_length=len(events) + 1
    )
    report = breaks()
    assert f"{application.reference} event 2: hash does not match" in report


@pytest.mark.django_db
def test_a_deleted_last_event_is_reported(applications):
    application = applications[0]
    last = application.events.order_by("-sequence").first()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [last.pk])
    report = breaks()
    assert f"{application.reference}: the last event does not match the record's log head" in report
    assert f"{application.reference}: its state is 'open_for_comment' but its last event left it" in report
    assert "2 breaks found" in report


@pytest.mark.django_db
def test_a_log_deleted_entirely_is_reported(applications):
    application = applications[1]
    raw(f"DELETE FROM {TABLE} WHERE application_id = %s", [application.pk])
    assert f"{application.reference}: the last event does not match the record's log head" in breaks()


@pytest.mark.django_db
def test_a_gap_is_reported(applications):
    application = applications[0]
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event(application, 3).pk])
    report = breaks()
    assert f"{application.reference} event 4: sequence 4 where 3 was expected" in report
    assert f"{application.reference} event 4: previous_hash does not equal" in report


@pytest.mark.django_db
def test_reordered_events_are_reported(applications):
    application = applications[0]
    first, second = event(application, 1), event(application, 2)
    raw(f"UPDATE {TABLE} SET sequence = 1000 WHERE id = %s", [first.pk])
    raw(f"UPDATE {TABLE} SET sequence = 1 WHERE id = %s", [second.pk])
    raw(f"UPDATE {TABLE} SET sequence = 2 WHERE id = %s", [first.pk])
    report = breaks()
    for sequence in (1, 2):
        assert f"{application.reference} event {sequence}: previous_hash does not equal" in report
        assert f"{application.reference} event {sequence}: hash does not match" in report
    assert f"{application.reference} event 3: previous_hash does not equal" in report
    assert applications[1].reference not in report


@pytest.mark.django_db
def test_an_event_signed_with_a_retired_key_is_reported_and_rotation_keeps_old_events_valid(
    applications, settings
):
    settings.GREENHOUSE_EVENT_LOG_KEYS = ["2027a:a-new-key", "test:test-only-event-log-key"]
    assert verify().strip() == counts()  # rotated: old events still verify under their key
    settings.GREENHOUSE_EVENT_LOG_KEYS = ["2027a:a-new-key"]
    assert "which is not among GREENHOUSE_EVENT_LOG_KEYS" in breaks()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_log_is_read_from_one_snapshot(make_application):
    """On PostgreSQL: one REPEATABLE READ transaction, so concurrent writes cause no false breaks."""
    make_application(State.LODGED)
    assert verify().strip() == counts()
    assert not connection.in_atomic_block


@pytest.mark.django_db
def test_a_state_written_around_the_executor_is_reported(applications):
    application = applications[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_application SET state = 'approved' WHERE id = %s", [application.pk]
        )
    assert f"{application.reference}: its state is 'approved' but its last event left it 'lodged'" in breaks()
