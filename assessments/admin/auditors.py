"""The register of independent environmental auditors (s32(2)), kept by the Office.

Every save is logged in the auditor's event chain (who, when, before and after) through
``services.record_register_change``, in the admin's own transaction.
"""

from django.contrib import admin

from assessments.models import AuditorEvent, Engagement, IndependentAuditor
from assessments.services.register import (
    AUDITOR_FIELDS,
    record_register_change,
    register_values,
    save_engagements,
)


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0
    autocomplete_fields = ["organisation"]


class AuditorEventInline(admin.TabularInline):
    model = AuditorEvent
    verbose_name_plural = "Register edits (hash-chained log)"
    fields = ["sequence", "at", "transition", "actor_name", "payload"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["sequence"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndependentAuditor)
class IndependentAuditorAdmin(admin.ModelAdmin):
    """The auditor register: declarations under s32(2) and engagement history."""

    list_display = ["user", "registered_on", "qualified_declared_on", "fit_and_proper_declared_on"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    exclude = ["log_head_hash", "log_length"]
    inlines = [EngagementInline, AuditorEventInline]

    def save_model(self, request, obj, form, change):
        before = register_values(IndependentAuditor.objects.get(pk=obj.pk), AUDITOR_FIELDS) if change else {}
        super().save_model(request, obj, form, change)
        record_register_change(
            auditor=obj,
            actor=request.user,
            change="change_auditor" if change else "register_auditor",
            before=before,
            after=register_values(obj, AUDITOR_FIELDS),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Engagement:
            return super().save_formset(request, form, formset, change)
        save_engagements(formset, auditor=form.instance, actor=request.user)
        return None
