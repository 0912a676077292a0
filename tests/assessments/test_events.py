"""The transition log: complete, hash-chained, immutable; side effects wait for commit; races lose cleanly."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, ApplicationEvent, ImmutableEvent, IndependentAuditor, State
from greenhouse_office.models import Email

from .conftest import pdf


@pytest.mark.django_db
def test_every_transition_is_logged_in_an_unbroken_hash_chain(make_application):
    application = make_application(State.APPROVED)
    events = list(application.events.order_by("sequence"))
    assert [e.transition for e in events if e.kind == "transition"] == [
        "lodge",
        "commission_evaluation",
        "record_evaluation",
        "publish_for_comment",
        "close_comments",
        "give_advice",
        "approve",
    ]
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    previous = ""
    for event in events:
        assert event.previous_hash == previous
        assert event.hash == event.compute_hash() and event.key_id == "test"
        previous = event.hash
    application.refresh_from_db()
    assert application.log_head_hash == events[-1].hash
    assert all(event.hash_matches() for event in events)
    transitions = [e for e in events if e.kind == "transition"]
    close = transitions[4]
    assert close.actor is None and close.actor_name == "system" and close.role == "system"
    assert transitions[1].payload["auditor"] == "auditor" and transitions[1].role == "Director"


@pytest.mark.django_db
def test_the_log_cannot_be_edited_or_deleted_through_the_product(make_application):
    event = make_application(State.LODGED).events.transitions().get()
    event.payload = {"forged": True}
    with pytest.raises(ImmutableEvent):
        event.save()
    with pytest.raises(ImmutableEvent):
        event.delete()
    assert ApplicationEvent.objects.get(pk=event.pk).payload != {"forged": True}


@pytest.mark.django_db
def test_emails_wait_for_commit(make_application, people, django_capture_on_commit_callbacks):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.lodge(application=application, actor=people.proponent)
    assert callbacks and not mail.outbox  # queued in the outbox, nothing sent before commit
    email = Email.objects.get(template="application_state_changed")
    assert email.status == Email.Status.QUEUED and email.to == people.proponent.email
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[people.proponent.email]]
    assert application.reference in mail.outbox[0].subject and "Lodged" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_refused_transition_writes_nothing(make_application, people):
    application = make_application(State.DRAFT)
    with pytest.raises(AssessmentError):
        services.lodge(application=application, actor=people.proponent)
    assert not ApplicationEvent.objects.transitions().exists() and not Email.objects.exists()


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_the_same_transition_cannot_both_succeed(make_application, people):
    application = make_application(State.LODGED)
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    start = threading.Barrier(2)
    results = []

    def commission():
        try:
            start.wait()
            services.commission_evaluation(
                application=Application.objects.get(pk=application.pk), actor=people.director, auditor=auditor
            )
            results.append("ok")
        except AssessmentError as error:
            results.append(error.kind)
        finally:
            connection.close()

    threads = [threading.Thread(target=commission) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(map(str, results)) == sorted(["ok", str(Refusal.NOT_AVAILABLE)]) or sorted(
        map(str, results)
    ) == sorted(["ok", str(Refusal.CONFLICT)])
    assert application.events.filter(transition="commission_evaluation").count() == 1


@pytest.mark.django_db
def test_a_stale_copy_cannot_overwrite_a_newer_state(make_application, people):
    """Optimistic locking: saving a transition made on an out-of-date copy is refused."""
    from django_fsm import ConcurrentTransition

    application = make_application(State.LODGED)
    stale = Application.objects.get(pk=application.pk)
    services.withdraw(application=application, actor=people.proponent, reason="Not proceeding.", confirm=True)
    stale.return_for_amendment()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Application.objects.get(pk=application.pk).state == State.WITHDRAWN
