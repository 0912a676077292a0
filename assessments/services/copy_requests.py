"""s33(1)(a): copies of a published assessment and its evaluation, made available on request.

The Bill sets no time to answer; the Office's service standard is a setting
(``GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS``), counted in business days in Canberra.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction

from assessments.errors import AssessmentError, Refusal
from assessments.models import PUBLISHED, Application, CopyRequest
from greenhouse_office import clock, statute
from greenhouse_office.access import is_office
from greenhouse_office.emails import queue_email

from .notice import public_url


def due_on(requested_on: date) -> date:
    """The day the answer is due: the service standard's business days after the request."""
    day = requested_on
    for _ in range(settings.GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS):
        day = statute.next_business_day_on_or_after(day + timedelta(days=1))
    return day


def request_copy(
    *,
    application: Application,
    name: str,
    email: str,
    postal_address: str,
    documents: str,
    format: str,  # noqa: A002 (the model's field)
    suspected_spam: bool = False,
    at: datetime | None = None,
) -> CopyRequest:
    """Record a request for a copy and acknowledge it by email (none when it is suspected spam).

    A suspected request is still recorded for staff to see: nothing a person sends is dropped.
    """
    at = clock.moment(at)
    if application.state not in PUBLISHED:
        raise AssessmentError(Refusal.NOT_AVAILABLE, "s33(1)(a): only a published assessment has copies.")
    with transaction.atomic():
        copy_request = CopyRequest.objects.create(
            application=application,
            name=name.strip(),
            email=(email or "").strip(),
            postal_address=(postal_address or "").strip(),
            documents=documents,
            format=format,
            requested_at=at,
            due_on=due_on(at.date()),
            suspected_spam=suspected_spam,
        )
        if not suspected_spam:
            _tell(copy_request, "copy_request_received")
    return copy_request


def answer_copy_request(*, copy_request: CopyRequest, actor, at: datetime | None = None) -> CopyRequest:
    """Office staff record that the copy was sent; the requester is told (by email, if they gave one)."""
    at = clock.moment(at)
    if not is_office(actor):
        raise AssessmentError(Refusal.FORBIDDEN, "Only Office staff answer requests for copies.")
    with transaction.atomic():
        locked = CopyRequest.objects.select_for_update().select_related("application").get(pk=copy_request.pk)
        if locked.status == CopyRequest.Status.ANSWERED:
            raise AssessmentError(Refusal.NOT_AVAILABLE, "This request has already been answered.")
        locked.status = CopyRequest.Status.ANSWERED
        locked.answered_at = at
        locked.answered_by = actor
        locked.save(update_fields=["status", "answered_at", "answered_by"])
        _tell(locked, "copy_request_answered")
    return locked


def _tell(copy_request: CopyRequest, template: str) -> None:
    application = copy_request.application
    queue_email(
        template,
        copy_request.email,
        {
            "copy_request": copy_request,
            "application": application,
            "assessment_url": public_url(application),
            "due_on": statute.format_day(copy_request.due_on),
        },
        record=application,
    )
