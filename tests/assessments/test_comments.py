"""s33(2)(c): public comments made at the same moment on one assessment (issue 14's throughput).

Each public comment share-locks the application's row, so comments are recorded side by side while a
transition (which locks the row for update) waits for them; only the same email and text wait for
each other, so the second is still marked the first's duplicate. PostgreSQL only: SQLite serialises
every writer.
"""

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Application, Comment, State

pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db(transaction=True)]


def _public(application_pk: int, *, email: str, text: str) -> Comment:
    return services.record_comment(
        application=Application.objects.get(pk=application_pk),
        actor=None,
        channel=Comment.Channel.WEB,
        name="A. Resident",
        email=email,
        text=text,
    )


def _at_once(actions) -> list:
    """Run ``actions`` together, each on its own connection; the exceptions any raised."""
    start = threading.Barrier(len(actions))
    failures = []

    def run(action):
        try:
            start.wait()
            action()
        except Exception as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return failures


def test_s33_2_c_comments_made_at_once_are_all_kept_and_repeats_marked_duplicates(make_application):
    same = {"email": "Ann@Example.com", "text": "The kiln's dust is not counted."}
    for attempt in range(3):
        pk = make_application(State.OPEN_FOR_COMMENT).pk
        actions = [lambda pk=pk: _public(pk, **same) for _ in range(4)]
        actions.append(lambda pk=pk: _public(pk, email="ann@example.COM", text=same["text"]))  # any case
        actions += [
            lambda n=n, pk=pk: _public(pk, email=f"writer{n}@example.com", text=f"Comment {n}.")
            for n in range(5)
        ]
        assert _at_once(actions) == []
        comments = Comment.objects.filter(application_id=pk)
        assert comments.count() == 10, attempt  # nothing lost
        first, *later = comments.filter(text=same["text"]).order_by("received_at", "pk")
        assert first.status == Comment.Status.RECEIVED and first.duplicate_of is None, attempt
        assert [(c.status, c.duplicate_of_id) for c in later] == [(Comment.Status.DUPLICATE, first.pk)] * 4
        others = comments.exclude(text=same["text"])
        assert set(others.values_list("status", flat=True)) == {Comment.Status.RECEIVED}


def test_s33_2_c_a_comment_does_not_wait_for_another_being_recorded_but_a_transition_does(
    make_application,
):
    application = make_application(State.OPEN_FOR_COMMENT)
    recorded, release, done = threading.Event(), threading.Event(), []

    def slow_comment():
        try:
            with transaction.atomic():  # the first comment's transaction stays open until released
                _public(application.pk, email="first@example.com", text="First.")
                recorded.set()
                release.wait(30)
        finally:
            connection.close()

    def second_comment():
        try:
            done.append(_public(application.pk, email="second@example.com", text="Second."))
        finally:
            connection.close()

    first = threading.Thread(target=slow_comment)
    first.start()
    try:
        assert recorded.wait(30)
        second = threading.Thread(target=second_comment)
        second.start()
        second.join(10)
        assert not second.is_alive() and len(done) == 1  # recorded while the first is still open
        # ...but the row is share-locked: a transition's lock for update has to wait.
        with pytest.raises(DatabaseError), transaction.atomic():
            Application.objects.select_for_update(nowait=True).get(pk=application.pk)
    finally:
        release.set()
        first.join(30)
    assert Comment.objects.filter(application=application).count() == 2
    with transaction.atomic():  # and once the comment is committed, it may
        Application.objects.select_for_update(nowait=True).get(pk=application.pk)


def test_s33_2_c_a_comment_waits_for_a_transition_and_sees_its_state(make_application):
    """A comment arriving while the row is locked for update waits, then reads the state afresh:
    here the comments were closed meanwhile, so it is refused rather than recorded after the close."""
    from assessments.errors import AssessmentError

    application = make_application(State.OPEN_FOR_COMMENT)
    stale = Application.objects.get(pk=application.pk)  # read before the close, as the view does
    refusals, locked = [], threading.Event()

    def comment():
        try:
            locked.wait(30)
            services.record_comment(
                application=stale,
                actor=None,
                channel=Comment.Channel.WEB,
                name="Late",
                email="l@example.com",
                text="Too late.",
            )
        except AssessmentError as error:
            refusals.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=comment)
    thread.start()
    with transaction.atomic():
        row = Application.objects.select_for_update().get(pk=application.pk)
        locked.set()
        thread.join(1)
        assert thread.is_alive()  # waiting for the lock
        Application.objects.filter(pk=row.pk).update(state=State.COMMENTS_CLOSED)
    thread.join(30)
    assert len(refusals) == 1 and "not open for comment" in str(refusals[0])
    assert not Comment.objects.filter(application=application).exists()


def test_a_public_comment_reads_no_more_than_it_needs(make_application, client):
    """The API's comment: in one transaction the share lock (which reads the row's state, closing day
    and title: the view reads nothing first), the advisory lock, the duplicate check, the comment and
    its receipt email; no documents, notices or profile."""
    application = make_application(State.OPEN_FOR_COMMENT)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/api/v1/public/assessments/{application.pk}/comments",
            {"name": "Ann", "email": "ann@example.com", "text": "A comment."},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    sql = [query["sql"] for query in captured.captured_queries]
    sql = sql[: sql.index("COMMIT") + 1]  # after it, the tests' eager Celery sends the receipt
    assert not [s for s in sql if "assessments_document" in s or "assessments_newspapernotice" in s]
    assert not [s for s in sql if '"emission_profile"' in s]
    assert any("FOR SHARE" in s for s in sql) and any("pg_advisory_xact_lock" in s for s in sql)
    # BEGIN, the share lock, the advisory lock, the duplicate check, two inserts, COMMIT (was 8 with the
    # view's own read of the row first).
    assert len(sql) == 7, "\n".join(q[:120] for q in sql)
    assert sql[0] == "BEGIN" and "FOR SHARE" in sql[1] and "title" in sql[1]
