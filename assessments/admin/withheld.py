"""s42(2)-(4) determinations, read-only: the Minister makes them (services.determine_withheld)."""

from django.contrib import admin

from assessments.models import WithheldInformation
from greenhouse_office.admin import ReadOnlyAdmin


@admin.register(WithheldInformation)
class WithheldInformationAdmin(ReadOnlyAdmin):
    list_display = ["application", "item", "document", "ground", "determined_by", "determined_at"]
    list_filter = ["item", "ground"]
    list_select_related = ["application", "document", "determined_by"]
    search_fields = ["application__title"]
    readonly_fields = [
        "application",
        "item",
        "document",
        "ground",
        "reasons",
        "determined_by",
        "determined_at",
    ]
