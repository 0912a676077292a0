"""s35 directions, read-only: the Minister gives them (services.direct_assessment)."""

from django.contrib import admin

from assessments.models import Direction
from greenhouse_office.admin import ReadOnlyAdmin


@admin.register(Direction)
class DirectionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "action", "due_on", "directed_by", "directed_at", "fulfilled_at"]
    list_filter = [("fulfilled_at", admin.EmptyFieldListFilter), "organisation"]
    list_select_related = ["organisation", "directed_by"]
    search_fields = ["organisation__name", "action"]
