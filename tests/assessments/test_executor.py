"""The workflow core as the assessments use it: one read and one write of the application per act,
the s34 race closed, and the changes between acts logged with who, when, before and after."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Application, Comment, IndependentAuditor, State
from greenhouse_office import clock

from .conftest import pdf

APPLICATIONS = '"assessments_application"'
EVENTS = '"assessments_applicationevent"'


def statements(queries, table: str) -> list[str]:
    """The first word of each statement on ``table`` (SELECT, UPDATE, INSERT...)."""
    found = []
    for query in queries:
        sql = query["sql"]
        head = sql.split(" WHERE ")[0]
        if f"FROM {table}" in head or f"UPDATE {table}" in head or f"INTO {table}" in head:
            found.append(sql.split()[0].upper())
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "act"),
    [
        (State.EVALUATION_COMMISSIONED, "record_evaluation"),
        (State.OPEN_FOR_COMMENT, "close_comments"),
        (State.LODGED, "return_for_amendment"),
    ],
)
def test_one_read_and_one_write_of_the_application_per_transition(make_application, people, state, act):
    application = make_application(state)
    if act == "close_comments":
        Application.objects.filter(pk=application.pk).update(
            closing_day=clock.legal_day() - timedelta(days=10)
        )
    arguments = {
        "record_evaluation": {},
        "close_comments": {},
        "return_for_amendment": {"requests": [{"kind": "description", "detail": "Describe the kiln."}]},
    }[act]
    if act == "record_evaluation":
        services.upload_document(
            application=application, actor=people.auditor, kind="evaluation", upload=pdf()
        )
    application = Application.objects.get(pk=application.pk)
    with CaptureQueriesContext(connection) as captured:
        outcome = getattr(services, act)(application=application, actor=people.officer, **arguments)
    assert statements(captured.captured_queries, APPLICATIONS) == ["SELECT", "UPDATE"]
    assert statements(captured.captured_queries, EVENTS) == ["INSERT"]  # the head is on the row
    # The locked instance is returned, and the caller's copy is brought up to date without a query.
    assert outcome.record.state == application.state != state
    assert application.log_head_hash == outcome.event.hash
    fresh = Application.objects.get(pk=application.pk)
    assert (fresh.log_head_hash, fresh.log_length) == (outcome.event.hash, outcome.event.sequence)


@pytest.mark.django_db
def test_changes_between_acts_are_logged_with_who_when_before_and_after(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    comment = services.record_comment(
        application=application,
        actor=people.officer,
        name="Ann Lee",
        email="",
        text="Consider fly ash.",
        channel=Comment.Channel.POST,
    )
    moment = clock.legal_now() + timedelta(minutes=5)
    services.consider_comment(
        comment=comment, actor=people.officer, considered=True, response="Noted.", at=moment
    )
    considered = application.events.get(transition="consider_comment")
    assert (considered.kind, considered.actor, considered.section, considered.at) == (
        "change",
        people.officer,
        "s34(a)",
        moment,
    )
    assert considered.payload == {
        "comment": comment.reference,
        "before": {"considered": False, "response": ""},
        "after": {"considered": True, "response": "Noted."},
    }
    assert considered.from_state == considered.to_state == State.OPEN_FOR_COMMENT
    upload = application.events.filter(transition="upload_document").first()
    assert upload.payload["kind"] == "gia" and len(upload.payload["sha256"]) == 64
    assert all(event.hash_matches() for event in application.events.all())


@pytest.mark.django_db
def test_the_moment_of_an_act_is_the_clock_argument(make_application, people):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=people.proponent, kind="gia", upload=pdf())
    lodged_at = clock.legal_now() - timedelta(days=3)
    outcome = services.lodge(application=application, actor=people.proponent, at=lodged_at)
    assert outcome.record.received_on == lodged_at.date()
    assert outcome.event.at == lodged_at


def _race(*actions) -> list:
    """Run ``actions`` at once on separate connections; each result is "ok" or the refusal's kind."""
    start = threading.Barrier(len(actions))
    results = []

    def run(action):
        try:
            start.wait()
            action()
            results.append("ok")
        except AssessmentError as error:
            results.append(str(error.kind))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_s34_advice_never_leaves_an_on_time_comment_unconsidered_when_raced(make_application, people):
    """Un-considering a comment, or recording a new on-time one, races the advice: either wins, but
    advice is never given with an on-time comment unconsidered (tried several times)."""
    for attempt in range(6):
        application = make_application(State.OPEN_FOR_COMMENT)
        comment = services.record_comment(
            application=application,
            actor=people.officer,
            name=f"Writer {attempt}",
            email="",
            text="A comment.",
            channel=Comment.Channel.EMAIL,
        )
        services.consider_comment(comment=comment, actor=people.officer, considered=True, response="Noted.")
        Application.objects.filter(pk=application.pk).update(
            closing_day=clock.legal_day() - timedelta(days=10)
        )
        services.close_comments(application=Application.objects.get(pk=application.pk))
        late_but_on_time = clock.legal_now() - timedelta(days=11)

        def unconsider(comment=comment):
            services.consider_comment(
                comment=Comment.objects.get(pk=comment.pk),
                actor=people.officer,
                considered=False,
                response="",
            )

        def record_another(pk=application.pk, attempt=attempt, received_at=late_but_on_time):
            services.record_comment(
                application=Application.objects.get(pk=pk),
                actor=people.officer,
                name=f"Post {attempt}",
                email="",
                text="Posted in time.",
                channel=Comment.Channel.POST,
                received_at=received_at,
            )

        def advise(pk=application.pk):
            services.give_advice(
                application=Application.objects.get(pk=pk),
                actor=people.officer,
                recommendation="approve",
                summary="Approve.",
            )

        racer = unconsider if attempt % 2 == 0 else record_another
        results = _race(racer, advise)
        application.refresh_from_db()
        on_time = application.comments.filter(on_time=True)
        if application.state == State.ADVICE_GIVEN:
            assert not on_time.filter(considered=False).exists(), results
            assert application.comments_report.count(" from ") == on_time.count(), results
        else:  # the racer went first: the advice was refused and waits for the consideration
            assert application.state == State.COMMENTS_CLOSED, results
            assert on_time.filter(considered=False).count() == 1, results


@pytest.mark.django_db
def test_an_fsm_error_is_a_conflict_not_a_crash(make_application, people, monkeypatch):
    from django_fsm import TransitionNotAllowed

    application = make_application(State.LODGED)

    def broken(self, *args, **kwargs):
        raise TransitionNotAllowed("Can't switch from state 'lodged'", object=self, method=None)

    monkeypatch.setattr(Application, "save", broken)
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    with pytest.raises(AssessmentError) as refused:
        services.commission_evaluation(application=application, actor=people.director, auditor=auditor)
    assert refused.value.status == 409
