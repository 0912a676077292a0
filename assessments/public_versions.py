"""What the public register pages show, as a cheap version for their ETags (greenhouse_office.public_pages).

Each is one query: the newest id, latest change time or count of every table a page reads. Every act
on an application writes an ApplicationEvent and saves the application (``updated_at``); documents,
notices, comments and their moderation, redactions, s42 withholdings and s35 directions are read too,
and organisation changes (a proponent's name) through their OrganisationEvent.
"""

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


def _rows(application_pk=None) -> list:
    """The version's parts for every application, or for one."""
    by = {} if application_pk is None else {"application_id": application_pk}
    applications = Application.objects.filter(**({} if application_pk is None else {"pk": application_pk}))
    comments = Comment.objects.filter(**by)
    return [
        latest(applications, "updated_at"),
        count(applications),
        latest(ApplicationEvent.objects.filter(**by), "pk"),
        latest(Document.objects.filter(**by), "pk"),
        latest(Document.objects.filter(**by), "superseded_at"),
        latest(NewspaperNotice.objects.filter(**by), "pk"),
        latest(WithheldInformation.objects.filter(**by), "pk"),
        count(WithheldInformation.objects.filter(**by)),
        latest(comments, "pk"),
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
    """The same, by the application's id (the API's address)."""
    return fingerprint(*_rows(pk))


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
