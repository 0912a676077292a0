"""Requests for copies of industry greenhouse plans (s38): Office staff see them by due day and mark them
answered (the service stamps who and when and tells the requester). What the requester gave stays as
received. Registered from ``TaskforcesConfig.ready``."""

from django.contrib import admin, messages

from taskforces.errors import PlanError
from taskforces.models import PlanCopyRequest
from taskforces.services.copy_requests import answer_plan_copy_request


@admin.register(PlanCopyRequest)
class PlanCopyRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "category_code", "version_number", "name", "format", "due_on", "status"]
    list_display += ["suspected_spam"]
    list_filter = ["status", "format", "suspected_spam"]
    list_select_related = ["plan__source_category", "version"]
    search_fields = ["name", "email", "postal_address", "plan__title", "plan__source_category__code"]
    date_hierarchy = "due_on"
    actions = ["mark_answered"]
    readonly_fields = [
        "plan",
        "version",
        "name",
        "email",
        "postal_address",
        "format",
        "requested_at",
        "due_on",
        "suspected_spam",
        "status",
        "answered_at",
        "answered_by",
    ]
    fields = readonly_fields

    @admin.display(description="Source category", ordering="plan__source_category__position")
    def category_code(self, copy_request):
        return copy_request.plan.source_category.code

    @admin.display(description="Version", ordering="version__number")
    def version_number(self, copy_request):
        return copy_request.version.number

    @admin.action(description="Mark as answered (the copy was sent) and tell the requester")
    def mark_answered(self, request, queryset):
        answered = 0
        for copy_request in queryset:
            try:
                answer_plan_copy_request(copy_request=copy_request, actor=request.user)
            except PlanError as error:
                self.message_user(request, f"Request {copy_request.pk}: {error}", messages.WARNING)
            else:
                answered += 1
        if answered:
            self.message_user(request, f"{answered} request{'s' if answered != 1 else ''} answered.")

    def has_add_permission(self, request):
        return False  # the public asks on the plan's page; the service records it

    def has_delete_permission(self, request, obj=None):
        return False  # kept: the Office's record of what it was asked and when it answered
