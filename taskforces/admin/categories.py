"""Annex A's source categories, read-only (the statute's list, seeded by migration 0002): each with its
task force (s36(1)), its plan's state (ss37-39) and how many targets name it (s8(2)(a))."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from greenhouse_office.admin import ReadOnlyAdmin
from greenhouse_office.emission_targets import EmissionTarget
from taskforces.models import PlanState, SourceCategory


@admin.register(SourceCategory)
class SourceCategoryAdmin(ReadOnlyAdmin):
    list_display = ["code", "sector", "name", "taskforce_display", "plan_display", "targets_display"]
    list_display_links = ["code", "name"]
    list_filter = ["sector"]
    search_fields = ["code", "sector", "name"]
    list_select_related = ["taskforce", "plan"]
    fields = ["code", "sector", "name", "position"]
    readonly_fields = fields

    def get_queryset(self, request):
        targets = (
            EmissionTarget.objects.filter(source_category=OuterRef("code"))
            .order_by()
            .values("source_category")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(targets_count=Coalesce(Subquery(targets, output_field=IntegerField()), 0))
        )

    @admin.display(description="Task force (s36(1))", ordering="taskforce__name")
    def taskforce_display(self, category):
        taskforce = getattr(category, "taskforce", None)
        return str(taskforce) if taskforce else "None appointed"

    @admin.display(description="Industry greenhouse plan", ordering="plan__state")
    def plan_display(self, category):
        plan = getattr(category, "plan", None)
        return PlanState(plan.state).label if plan else "No plan yet"

    @admin.display(description="Targets (s8(2)(a))", ordering="targets_count")
    def targets_display(self, category):
        return category.targets_count
