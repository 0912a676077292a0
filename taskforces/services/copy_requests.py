"""s38: a published industry greenhouse plan made available to members of the public on request.

The Bill sets no time to answer; the Office's service standard for copies is the register's
(``assessments.services.copy_requests.due_on``: ``GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS`` business
days in Canberra).
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from assessments.services.copy_requests import due_on
from greenhouse_office import clock, statute
from greenhouse_office.access import is_office
from greenhouse_office.emails import queue_email
from taskforces.errors import PlanError, Refusal
from taskforces.models import IndustryGreenhousePlan, PlanCopyRequest

__all__ = ["answer_plan_copy_request", "due_on", "plan_url", "request_plan_copy"]


def plan_url(plan: IndustryGreenhousePlan) -> str:
    """The plan's public page: the address every email gives."""
    return settings.GREENHOUSE_SITE_URL + reverse("plans:plan", args=[plan.source_category.code])


def request_plan_copy(
    *,
    plan: IndustryGreenhousePlan,
    name: str,
    email: str,
    postal_address: str,
    format: str,  # noqa: A002 (the model's field)
    suspected_spam: bool = False,
    at: datetime | None = None,
) -> PlanCopyRequest:
    """s38: record a request for a copy of the plan's current version and acknowledge it by email (none
    when it is suspected spam; a suspected request is still recorded for staff to see)."""
    at = clock.moment(at)
    version = plan.current_version
    if version is None:
        raise PlanError(Refusal.NOT_AVAILABLE, "s38: only a published plan is available on request.")
    with transaction.atomic():
        copy_request = PlanCopyRequest.objects.create(
            plan=plan,
            version=version,
            name=name.strip(),
            email=(email or "").strip(),
            postal_address=(postal_address or "").strip(),
            format=format,
            requested_at=at,
            due_on=due_on(at.date()),
            suspected_spam=suspected_spam,
        )
        if not suspected_spam:
            _tell(copy_request, "plan_copy_request_received")
    return copy_request


def answer_plan_copy_request(
    *, copy_request: PlanCopyRequest, actor, at: datetime | None = None
) -> PlanCopyRequest:
    """Office staff record that the copy was sent; the requester is told (by email, if they gave one)."""
    at = clock.moment(at)
    if not is_office(actor):
        raise PlanError(Refusal.FORBIDDEN, "Only Office staff answer requests for copies.")
    with transaction.atomic():
        locked = (
            PlanCopyRequest.objects.select_for_update()
            .select_related("plan__source_category", "version")
            .get(pk=copy_request.pk)
        )
        if locked.status == PlanCopyRequest.Status.ANSWERED:
            raise PlanError(Refusal.NOT_AVAILABLE, "This request has already been answered.")
        locked.status = PlanCopyRequest.Status.ANSWERED
        locked.answered_at = at
        locked.answered_by = actor
        locked.save(update_fields=["status", "answered_at", "answered_by"])
        _tell(locked, "plan_copy_request_answered")
    return locked


def _tell(copy_request: PlanCopyRequest, template: str) -> None:
    plan = copy_request.plan
    queue_email(
        template,
        copy_request.email,
        {
            "copy_request": copy_request,
            "plan": plan,
            "category": plan.source_category,
            "plan_url": plan_url(plan),
            "due_on": statute.format_day(copy_request.due_on),
        },
        record=plan,
    )
