"""The daily watch over Part 7 (ss36-39): tell the people responsible for each live duty, once per
status, and render the published plans' PDFs that are missing (s38: available on request).

Each duty is told in one transaction: its ``DutyNotice`` (one per duty key and status, a unique
constraint) and the emails to everyone responsible are written together, so a crash leaves neither,
and the next run tells it in full. The emails are sent after commit (the outbox). A duty told as due
is told again once when it becomes overdue; nothing else is sent twice.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from greenhouse_office import access, clock
from greenhouse_office.emails import queue_email
from taskforces.models import DutyNotice, PlanVersion
from taskforces.obligations import Obligation, live_obligations

from .documents import issue_version_pdf

logger = logging.getLogger(__name__)
TEMPLATE = "part7_duty"


def admin_link(obligation: Obligation) -> str:
    """Where the Office does the duty: the plan's page, else the page to record the task force (s36)
    or to begin the Office's plan (s37)."""
    if obligation.plan is not None:
        return reverse("admin:taskforces_industrygreenhouseplan_change", args=[obligation.plan.pk])
    if obligation.section == "s36(1)":
        return f"{reverse('admin:taskforces_taskforce_add')}?source_category={obligation.category.pk}"
    return (
        f"{reverse('admin:taskforces_industrygreenhouseplan_add')}?source_category={obligation.category.pk}"
    )


def tell_live_duties(*, at: datetime | None = None) -> int:
    """Tell each live Part 7 duty (due or overdue) not yet told at its status; returns how many.

    One duty that cannot be told is logged and does not stop the others.
    """
    at = clock.moment(at)
    live = live_obligations(on=at.date())
    told_before = set(DutyNotice.objects.filter(key__in=[o.key for o in live]).values_list("key", "status"))
    told = 0
    for obligation in live:
        if (obligation.key, obligation.status.value) in told_before:
            continue
        try:
            if tell_duty(obligation, at=at) is not None:
                told += 1
        except Exception:  # noqa: BLE001 - one duty that fails must not stop the rest
            logger.exception("Could not tell the Part 7 duty %s (%s)", obligation.key, obligation.status)
    return told


def tell_duty(obligation: Obligation, *, at: datetime | None = None) -> DutyNotice | None:
    """Record the duty as told at its status and email the people responsible, in one transaction;
    None if it was told already (by an earlier run or another worker)."""
    at = clock.moment(at)
    with transaction.atomic():
        notice, created = DutyNotice.objects.get_or_create(
            key=obligation.key,
            status=obligation.status.value,
            defaults={"section": obligation.section, "due_on": obligation.due_on, "sent_at": at},
        )
        if not created:
            return None
        context = {
            "obligation": obligation,
            "status": obligation.status.words,
            "days_left": (obligation.due_on - at.date()).days,
            "days_overdue": (at.date() - obligation.due_on).days,
        }
        office_link = settings.GREENHOUSE_SITE_URL + admin_link(obligation)
        dashboard_link = settings.GREENHOUSE_SITE_URL + reverse("minister:plans")
        for person in access.people_in_role(*obligation.responsible):
            link = dashboard_link if access.is_minister(person) else office_link
            queue_email(
                TEMPLATE,
                person.email,
                {**context, "person": person, "link": link},
                record=obligation.plan,
            )
    return notice


def render_missing_pdfs(*, at: datetime | None = None) -> int:
    """s38: render each published version whose PDF is missing; returns how many were rendered.

    Each failure is logged and does not stop the others; the next run tries it again.
    """
    at = clock.moment(at)
    missing = PlanVersion.objects.filter(published_on__isnull=False, sha256="").order_by("pk")
    rendered = 0
    for version in missing:
        try:
            issue_version_pdf(version, at=at)
        except Exception:  # noqa: BLE001 - one PDF that fails must not stop the rest
            logger.exception("Could not render the PDF of %s", version)
            continue
        rendered += 1
    return rendered
