"""The Office's "today" page: what falls due, each bucket linked to the list that shows all of it.

A fixed number of queries whatever the data: each bucket is one, its first rows with the count of all.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, RowRange, Subquery, Window
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from assessments.models import Application, Comment, CopyRequest, Direction, IssueFailure, State
from greenhouse_office import access, clock
from greenhouse_office import today as today_sections

from . import filters

SHOWN = 10  # rows per bucket; the link shows the rest


@dataclass
class Bucket:
    title: str
    section: str
    link: str
    rows: list = field(default_factory=list)
    count: int = 0


def _changelist(model: str, **query) -> str:
    return f"{reverse(f'admin:assessments_{model}_changelist')}?{urlencode(query)}"


def _bucket(title, section, link, queryset, describe) -> Bucket:
    # The first rows and the count of all in one query: a window counts the rows before LIMIT applies.
    # Ordered as the rows are, over the whole frame, so the database sorts once and computes the rows'
    # other annotations (a correlated count) for the shown rows only.
    every_row = RowRange(start=None, end=None)
    total = Window(Count("pk"), order_by=list(queryset.query.order_by) or None, frame=every_row)
    rows = list(queryset.annotate(bucket_count=total)[:SHOWN])
    count = rows[0].bucket_count if rows else 0
    return Bucket(title, section, link, [describe(row) for row in rows], count)


def _application_row(application, detail: str) -> dict:
    return {
        "url": reverse("admin:assessments_application_change", args=[application.pk]),
        "label": f"{application.reference}: {application.title}",
        "detail": detail,
    }


def buckets(today) -> list[Bucket]:
    # Only what the rows show: an application's profile and screening are large JSON.
    applications = Application.objects.select_related("organisation").only(
        "title",
        "state",
        "organisation__name",
        "evaluation_due_on",
        "closing_day",
        "comments_closed_at",
    )

    def deadline(application):
        due = filters.next_deadline(application)
        return _application_row(application, due.in_words(today) if due else "")

    # A correlated count per shown row, not a join of every comment grouped by every column.
    unconsidered = (
        Comment.objects.filter(application=OuterRef("pk"), considered=False)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    considering = applications.filter(filters.comments_to_consider())
    return [
        _bucket(
            "Evaluations due this week or overdue",
            "s32(1)",
            _changelist("application", overdue="week"),
            applications.filter(filters.evaluation_due_this_week(today)).order_by("evaluation_due_on", "pk"),
            deadline,
        ),
        _bucket(
            "Comment periods closing in the next 7 days",
            "s33(2)(d)(ii), AIA s36(2)",
            _changelist("application", overdue="closing"),
            applications.filter(filters.closing_this_week(today)).order_by("closing_day", "pk"),
            lambda a: _application_row(
                a, f"closing day {a.closing_day:%d %B %Y}; {filters.next_deadline(a).in_words(today)}"
            ),
        ),
        _bucket(
            "Comments to consider",
            "s34(a)",
            _changelist("application", to_do="consider"),
            considering.annotate(
                to_consider=Coalesce(Subquery(unconsidered, output_field=IntegerField()), 0)
            ).order_by("comments_closed_at", "pk"),
            lambda a: _application_row(a, f"{a.to_consider} not yet considered"),
        ),
        _bucket(
            "Advice to write",
            "s34",
            _changelist("application", to_do="advice"),
            applications.filter(filters.advice_to_write()).order_by("comments_closed_at", "pk"),
            lambda a: _application_row(
                a,
                f"comments closed {clock.legal_day(a.comments_closed_at):%d %B %Y}"
                if a.comments_closed_at
                else "",
            ),
        ),
        _bucket(
            "Copy requests to answer",
            "s33(1)(a)",
            _changelist("copyrequest", status__exact=CopyRequest.Status.RECEIVED),
            CopyRequest.objects.filter(status=CopyRequest.Status.RECEIVED)
            .select_related("application")
            .order_by("due_on", "pk"),
            lambda c: {
                "url": reverse("admin:assessments_copyrequest_change", args=[c.pk]),
                "label": f"{c.name}, for {c.application.reference}",
                "detail": f"answer by {c.due_on:%d %B %Y}: {filters.days_in_words((c.due_on - today).days)}",
            },
        ),
        _bucket(
            "Directions due",
            "s35",
            _changelist("direction", fulfilled_at__isempty="1"),
            Direction.objects.filter(fulfilled_at__isnull=True)
            .select_related("organisation")
            .order_by("due_on", "pk"),
            lambda d: {
                "url": reverse("admin:assessments_direction_change", args=[d.pk]),
                "label": f"{d.organisation.name}: {d.action[:80]}",
                "detail": f"due {d.due_on:%d %B %Y}: {filters.days_in_words((d.due_on - today).days)}",
            },
        ),
        _bucket(
            "Documents that failed to render",
            "s30, s31, s33(2), s34, s35",
            f"{reverse('admin:assessments_issuefailure_changelist')}?status=open",
            IssueFailure.objects.filter(resolved_at__isnull=True)
            .select_related("application", "direction__organisation")
            .order_by("first_failed_at", "pk"),
            _failure_row,
        ),
    ]


def _failure_row(failure) -> dict:
    return {
        "url": reverse("admin:assessments_issuefailure_change", args=[failure.pk]),
        "label": f"{failure.get_kind_display()} of {failure.subject}",
        "detail": f"not yet issued; failed {failure.attempts} time(s), last at "
        f"{clock.moment(failure.last_failed_at):%d %B %Y %H:%M}",
    }


def stage_counts() -> list[dict]:
    counted = dict(Application.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return [
        {
            "label": state.label,
            "count": counted.get(state.value, 0),
            "url": _changelist("application", state__exact=state.value),
        }
        for state in State
    ]


def today_view(model_admin, request):
    if not access.is_office(request.user):
        raise PermissionDenied
    today = clock.legal_day()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Today, {today:%A %d %B %Y}",
        "today": today,
        "buckets": buckets(today),
        "sections": today_sections.sections(today),  # other apps' (e.g. Part 7's duties)
        "stages": stage_counts(),
    }
    return TemplateResponse(request, "assessments/admin/today.html", context)
