"""The log of the Minister's dashboard, read-only: the dashboard's access check writes it."""

from django.contrib import admin

from assessments.models import MinisterialAccess
from greenhouse_office.admin import ReadOnlyAdmin


@admin.register(MinisterialAccess)
class MinisterialAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "method", "path", "application"]
    list_filter = ["method"]
    list_select_related = ["user", "application"]
    search_fields = ["path", "user__username"]
    date_hierarchy = "at"
    fields = ["at", "user", "method", "path", "application"]
    readonly_fields = fields
