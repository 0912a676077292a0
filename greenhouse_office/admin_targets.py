"""The targets (s8) in the admin: Office staff read them, the Director adds and changes them.

The model's clean() holds the rules (one target per category on any day); each save is logged in the
admin's transaction (greenhouse_office.emission_targets.record_target_change). Targets are never
deleted: one that stops applying is given an earlier end, which the log keeps.
"""

from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from .admin import ReadOnlyAdmin  # admin.py imports this module last, once ReadOnlyAdmin exists
from .emission_targets import EmissionTarget, EmissionTargetEvent, fields_of, record_target_change


@admin.register(EmissionTarget)
class EmissionTargetAdmin(admin.ModelAdmin):
    list_display = ["category_display", "starts_on", "ends_on", "target_display", "instrument", "section"]
    list_filter = ["source_category", "section"]
    search_fields = ["instrument", "notes"]
    date_hierarchy = "starts_on"
    fieldsets = (
        (None, {"fields": ["source_category", "starts_on", "ends_on", "target_t_co2e", "section"]}),
        ("The instrument that set it (s8(1))", {"fields": ["instrument", "instrument_made_on", "notes"]}),
        ("Log", {"fields": ["log_link"]}),
    )
    readonly_fields = ["section", "log_link"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="source category", ordering="source_category")
    def category_display(self, target: EmissionTarget) -> str:
        return target.category_label

    @admin.display(description="target (t CO2-e a year)", ordering="target_t_co2e")
    def target_display(self, target: EmissionTarget) -> str:
        return f"{target.target_t_co2e:,.0f}"

    @admin.display(description="Log")
    def log_link(self, target: EmissionTarget) -> str:
        if target.pk is None:
            return "-"
        url = reverse("admin:greenhouse_office_emissiontargetevent_changelist")
        return format_html('<a href="{}?target__id__exact={}">Changes to this target</a>', url, target.pk)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = fields_of(EmissionTarget.objects.select_for_update().get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            record_target_change(target=obj, by=request.user, before=before)


@admin.register(EmissionTargetEvent)
class EmissionTargetEventAdmin(ReadOnlyAdmin):
    """The targets' log, read-only: written when a target is saved."""

    list_display = ["at", "target", "change", "actor_name"]
    list_filter = ["change"]
    date_hierarchy = "at"
    list_select_related = ["target"]
    fields = ["target", "change", "actor", "actor_name", "at", "before", "after"]
    readonly_fields = fields
