"""s35 directions, read-only: the Minister gives them (services.direct_assessment)."""

from django.contrib import admin

from assessments.models import Direction


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "action", "due_on", "directed_by", "directed_at", "fulfilled_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "directed_by"]
    search_fields = ["organisation__name", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
