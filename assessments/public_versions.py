"""What the public register pages show, as a cheap version for their ETags (greenhouse_office.public_pages).

Each is one query: the newest id, latest change time or count of every table a page reads. Every act
on an application writes an ApplicationEvent and saves the application (``updated_at``); documents,
notices, comments and their moderation, redactions, s42 withholdings and s35 directions are read too,
and organisation changes (a proponent's name) through their OrganisationEvent. Each part is read
through an index (migration 0020), so a 304 costs a few milliseconds whatever the number of rows.
The ETag folds in the full address, so each page of a paged list (``?page=``) has its own.
"""

from django.http import Http404

from assessments.models import (
    Application,
    ApplicationEvent,
    Comment,
    CommentRedaction,
    Direction,
    Document,
    NewspaperNotice,
    WithheldInformation,
)
from greenhouse_office.models import OrganisationEvent
from greenhouse_office.public_pages import count, fingerprint, latest

# The largest id a row can have (ids are 64-bit integers: BigAutoField).
MAX_ID = 2**63 - 1


def _rows() -> list:
    """The version's parts for the lists of every application (/assessments/, /decisions/, the API's
    list): they show no comment, so no comment is read (100,000 rows on the bench, per request)."""
    applications = Application.objects.all()
    return [
        latest(applications, "updated_at"),
        count(applications),
        latest(ApplicationEvent.objects, "pk"),
        latest(Document.objects, "pk"),
        latest(Document.objects, "superseded_at"),
        latest(NewspaperNotice.objects, "pk"),
        latest(WithheldInformation.objects, "pk"),
        count(WithheldInformation.objects),
        latest(OrganisationEvent.objects, "pk"),
    ]


def _rows_of(application_pk) -> list:
    """The version's parts for one application's page, each read through an index on the application.

    Not MAX(pk) WHERE application_id = ...: PostgreSQL reads that backwards along the primary key until
    it meets the application's row (95,000 comments and 138,000 events for an early application on the
    bench). The event sequence is per application (one_event_per_sequence); a comment is known by the
    count and the latest received_at (comment_latest_idx): a public comment is received now, and one
    Office staff record with an earlier time writes an event too (services.comments).
    """
    by = {"application_id": application_pk}
    comments = Comment.objects.filter(**by)
    return [
        latest(Application.objects.filter(pk=application_pk), "updated_at"),
        count(Application.objects.filter(pk=application_pk)),
        latest(ApplicationEvent.objects.filter(**by), "sequence"),
        latest(Document.objects.filter(**by), "pk"),
        latest(Document.objects.filter(**by), "superseded_at"),
        latest(NewspaperNotice.objects.filter(**by), "pk"),
        latest(WithheldInformation.objects.filter(**by), "pk"),
        count(WithheldInformation.objects.filter(**by)),
        count(comments),
        latest(comments, "received_at"),
        latest(comments, "moderated_at"),
        latest(comments, "considered_at"),
        latest(CommentRedaction.objects.filter(comment__in=comments), "pk"),
        latest(OrganisationEvent.objects, "pk"),
    ]


def register_version(request) -> tuple:
    """/assessments/ and /decisions/: the published assessments and their decisions."""
    return fingerprint(*_rows())


def assessment_version(request, reference) -> tuple | None:
    """/assessments/<reference>/: that application's rows (None for a reference that is none: a 404)."""
    from assessments.selectors import application_pk_of

    pk = application_pk_of(reference)
    return None if pk is None else application_version(request, pk)


def application_version(request, pk) -> tuple:
    """The same, by the application's id (the API's address); an id no row can have is a 404 here,
    before the version's query (PostgreSQL and SQLite refuse a parameter beyond their integers)."""
    if not 0 < int(pk) <= MAX_ID:
        raise Http404
    return fingerprint(*_rows_of(pk))


def directions_version(request) -> tuple:
    """/directions/: the s35 directions, the applications they led to and the organisations' names."""
    directions = Direction.objects.all()
    return fingerprint(
        latest(directions, "pk"),
        count(directions),
        latest(directions, "fulfilled_at"),
        latest(directions, "issued_at"),
        latest(Application.objects, "updated_at"),
        latest(OrganisationEvent.objects, "pk"),
    )
