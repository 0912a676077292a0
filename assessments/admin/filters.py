"""The applications list's filters, and the "next statutory deadline" in words (never colour alone).

The today page (assessments.admin.today) links each of its buckets to the list with one of these.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from assessments.models import Comment, State
from assessments.services.comments import last_day_for_comments
from assessments.services.deadlines import AWAITING_EVALUATION, FIRST_WARNING_DAYS
from greenhouse_office import clock, statute
from greenhouse_office.roles import OFFICE_ROLES

WEEK = timedelta(days=FIRST_WARNING_DAYS)


def days_in_words(days: int) -> str:
    """``days`` from today to a deadline, as a person says it: "overdue by 3 days", "due today"."""
    unit = "day" if abs(days) == 1 else "days"
    if days < 0:
        return f"overdue by {-days} {unit}"
    if days == 0:
        return "due today"
    return f"in {days} {unit}"


@dataclass(frozen=True)
class Deadline:
    what: str
    section: str
    due_on: date

    def in_words(self, today: date) -> str:
        return f"{self.what} ({self.section}): {days_in_words((self.due_on - today).days)}"


def next_deadline(application) -> Deadline | None:
    """The next deadline the Bill sets on this application's stage, if it has one."""
    if application.state in AWAITING_EVALUATION and application.evaluation_due_on:
        return Deadline("Independent evaluation", "s32(1)", application.evaluation_due_on)
    if application.state == State.OPEN_FOR_COMMENT and application.closing_day:
        return Deadline("Last day for comments", "s33(2)(d)(ii)", last_day_for_comments(application))
    return None


def evaluation_overdue(today: date) -> Q:
    return Q(state__in=AWAITING_EVALUATION, evaluation_due_on__lt=today)


def evaluation_due_this_week(today: date) -> Q:
    """Due within the first warning's reach (s32(1)), or already overdue."""
    return Q(state__in=AWAITING_EVALUATION, evaluation_due_on__lte=today + WEEK)


def closing_this_week(today: date) -> Q:
    # closing_day, not the AIA s36(2)-extended last day: the extension only adds days, so a period whose
    # closing day is within the week is caught; its extended last day is shown beside it.
    return Q(state=State.OPEN_FOR_COMMENT, closing_day__lte=today + WEEK)


def comments_to_consider() -> Q:
    unconsidered = Comment.objects.filter(application=OuterRef("pk"), considered=False)
    return Q(state=State.COMMENTS_CLOSED) & Q(Exists(unconsidered))


def advice_to_write() -> Q:
    return Q(state=State.COMMENTS_CLOSED, advice_given_at__isnull=True)


class OverdueFilter(admin.SimpleListFilter):
    title = "statutory deadline"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Evaluation overdue (s32(1))"),
            ("week", "Evaluation due within 7 days or overdue (s32(1))"),
            ("closing", "Comments closing within 7 days (s33(2)(d)(ii))"),
        ]

    def queryset(self, request, queryset):
        today = clock.legal_day()
        match self.value():
            case "yes":
                return queryset.filter(evaluation_overdue(today))
            case "week":
                return queryset.filter(evaluation_due_this_week(today))
            case "closing":
                return queryset.filter(closing_this_week(today))
        return queryset


class ToDoFilter(admin.SimpleListFilter):
    title = "work for the Office"
    parameter_name = "to_do"

    def lookups(self, request, model_admin):
        return [("consider", "Comments to consider (s34(a))"), ("advice", "Advice to write (s34)")]

    def queryset(self, request, queryset):
        match self.value():
            case "consider":
                return queryset.filter(comments_to_consider())
            case "advice":
                return queryset.filter(advice_to_write())
        return queryset


class SourceCategoryFilter(admin.SimpleListFilter):
    title = "source category (Annex A)"
    parameter_name = "source_category"

    def lookups(self, request, model_admin):
        return statute.SOURCE_CATEGORY_CHOICES

    def queryset(self, request, queryset):
        code = self.value()
        if code not in statute.SOURCE_CATEGORIES:
            return queryset
        # A JSON list of codes; the quotes keep "2.A" from matching "2.A.1" (as the register does).
        return queryset.filter(source_categories__icontains=f'"{code}"')


def office_people():
    """Office staff and the Director: those who may be assigned (one query)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in OFFICE_ROLES])
        .distinct()
        .order_by("username")
    )


class ProponentFilter(admin.RelatedOnlyFieldListFilter):
    """The organisations that have applications, as Django's filter lists them (ordered as the default
    manager orders them unless the organisation's admin says otherwise), read as (pk, name) pairs
    rather than whole rows: the list shows every one on every page."""

    def field_choices(self, field, request, model_admin):
        having = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
        organisations = field.related_model._default_manager.filter(pk__in=having)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            organisations = organisations.order_by(*ordering)
        return list(organisations.values_list("pk", "name"))  # Organisation.__str__ is its name


class AssignedOfficerFilter(admin.SimpleListFilter):
    title = "assigned officer"
    parameter_name = "officer"

    def lookups(self, request, model_admin):
        people = [
            (str(person.pk), person.get_full_name() or person.get_username()) for person in office_people()
        ]
        return [("me", "Assigned to me"), ("none", "Nobody assigned"), *people]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_officer=request.user)
        if value == "none":
            return queryset.filter(assigned_officer__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assigned_officer_id=int(value))
        return queryset
