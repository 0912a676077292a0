"""s36: the task forces the Minister appoints, kept by Office staff with their members and
recommendations. The models' clean() holds the rules (no dissolution before appointment, a
recommendation's target is its category's or the national total's)."""

from django.contrib import admin
from django.db.models import Count

from taskforces.models import Recommendation, Taskforce, TaskforceMember


class TaskforceMemberInline(admin.StackedInline):
    """Stacked, not tabular: each input has its own label (a table's headers are not labels)."""

    model = TaskforceMember
    extra = 1
    fields = ["name", "affiliation", "interests", "appointed_on", "ended_on"]
    verbose_name_plural = "Members and the interests they declared (s36(3))"


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    can_delete = False  # a recommendation given to the Minister stays on the record
    fields = ["made_on", "subject", "text", "target", "response"]
    verbose_name_plural = "Recommendations about the category's targets (s36(1)(b))"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target")


@admin.register(Taskforce)
class TaskforceAdmin(admin.ModelAdmin):
    list_display = ["name", "category_display", "appointed_on", "members_count", "dissolved_on"]
    list_filter = [("dissolved_on", admin.EmptyFieldListFilter)]
    list_select_related = ["source_category"]
    search_fields = ["name", "instrument", "source_category__code", "source_category__name"]
    fieldsets = [
        ("Appointment (s36(1))", {"fields": ["source_category", "name", "appointed_on", "instrument"]}),
        ("Functions and constitution (s36(2), s36(3))", {"fields": ["prescribed_functions", "constitution"]}),
        ("Dissolution", {"fields": ["dissolved_on"]}),
    ]
    inlines = [TaskforceMemberInline, RecommendationInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a task force is dissolved (a day), never deleted

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_members=Count("members"))

    def get_readonly_fields(self, request, obj=None):
        # The task force is for one category: appointed for it, it stays its.
        return ["source_category"] if obj is not None else []

    @admin.display(description="Source category", ordering="source_category__position")
    def category_display(self, taskforce):
        return str(taskforce.source_category)

    @admin.display(description="Members", ordering="number_of_members")
    def members_count(self, taskforce):
        return taskforce.number_of_members
