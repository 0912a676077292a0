"""ADR 0012's duplicate check on every database: the same email (any case) and text on the same assessment
within DUPLICATE_WINDOW, the window's ends included. On PostgreSQL the check is written SQL, elsewhere the
ORM's query: both must find the same first comment."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Application, Comment, State
from assessments.services.comments import DUPLICATE_WINDOW
from greenhouse_office import clock

pytestmark = pytest.mark.django_db

TEXT = "The kiln's dust is not counted."


def _public(application, at, *, email="ann@example.com", text=TEXT) -> Comment:
    return services.record_comment(
        application=application,
        actor=None,
        channel=Comment.Channel.WEB,
        name="Ann",
        email=email,
        text=text,
        at=at,
    )


def test_adr_0012_the_first_same_comment_within_the_window_is_the_one_repeated(make_application):
    application, other = make_application(State.OPEN_FOR_COMMENT), make_application(State.OPEN_FOR_COMMENT)
    start = clock.moment(None) - DUPLICATE_WINDOW * 3
    first = _public(application, start)
    assert (first.status, first.duplicate_of_id) == (Comment.Status.RECEIVED, None)
    second = _public(application, start + timedelta(hours=1), email="ANN@Example.COM")
    assert (second.status, second.duplicate_of_id) == (Comment.Status.DUPLICATE, first.pk)
    # The window's far end is in it: the first, not the second, is the one repeated.
    last_moment = _public(application, start + DUPLICATE_WINDOW)
    assert (last_moment.status, last_moment.duplicate_of_id) == (Comment.Status.DUPLICATE, first.pk)
    # Past it, the first is out; the earliest still within the window is the one repeated.
    later = _public(application, start + DUPLICATE_WINDOW + timedelta(microseconds=1))
    assert (later.status, later.duplicate_of_id) == (Comment.Status.DUPLICATE, second.pk)
    # Another text, another assessment, or a day after the last: a comment of its own.
    assert _public(application, start + DUPLICATE_WINDOW, text=TEXT + " Nor the trucks.").status == "received"
    assert _public(other, start + timedelta(hours=1)).status == Comment.Status.RECEIVED
    assert _public(application, start + DUPLICATE_WINDOW * 3).status == Comment.Status.RECEIVED


def test_a_public_comment_on_a_vanished_assessment_is_refused_before_any_write(make_application):
    """The public API passes only the pk; the share lock finds no row and refuses, on every database."""
    from assessments.errors import AssessmentError, Refusal

    gone = Application(pk=make_application(State.OPEN_FOR_COMMENT).pk + 1000)
    with CaptureQueriesContext(connection) as captured, pytest.raises(AssessmentError) as refused:
        _public(gone, None)
    assert refused.value.kind == Refusal.NOT_FOUND
    assert not [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert not Comment.objects.exists()
