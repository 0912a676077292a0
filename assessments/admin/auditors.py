"""The register of independent environmental auditors (s32(2)), kept by the Office."""

from django.contrib import admin

from assessments.models import Engagement, IndependentAuditor


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(IndependentAuditor)
class IndependentAuditorAdmin(admin.ModelAdmin):
    """The auditor register: declarations under s32(2) and engagement history."""

    list_display = ["user", "registered_on", "qualified_declared_on", "fit_and_proper_declared_on"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inlines = [EngagementInline]
