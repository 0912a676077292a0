"""Requests for copies (s33(1)(a)): Office staff see them by due day and mark them answered (the service
stamps who and when and tells the requester). Everything the requester gave stays as received."""

from django.contrib import admin, messages

from assessments.errors import AssessmentError
from assessments.models import CopyRequest
from assessments.services.copy_requests import answer_copy_request


@admin.register(CopyRequest)
class CopyRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "application_reference", "name", "documents", "format", "due_on", "status"]
    list_display += ["suspected_spam"]
    list_filter = ["status", "format", "suspected_spam"]
    list_select_related = ["application"]
    search_fields = ["name", "email", "postal_address", "application__title"]
    date_hierarchy = "due_on"
    actions = ["mark_answered"]
    readonly_fields = [
        "application",
        "name",
        "email",
        "postal_address",
        "documents",
        "format",
        "requested_at",
        "due_on",
        "suspected_spam",
        "status",
        "answered_at",
        "answered_by",
    ]
    fields = readonly_fields

    @admin.display(description="Application", ordering="application_id")
    def application_reference(self, copy_request):
        return copy_request.application.reference

    @admin.action(description="Mark as answered (the copy was sent) and tell the requester")
    def mark_answered(self, request, queryset):
        answered = 0
        for copy_request in queryset:
            try:
                answer_copy_request(copy_request=copy_request, actor=request.user)
            except AssessmentError as error:
                self.message_user(request, f"Request {copy_request.pk}: {error}", messages.WARNING)
            else:
                answered += 1
        if answered:
            self.message_user(request, f"{answered} request{'s' if answered != 1 else ''} answered.")

    def has_add_permission(self, request):
        return False  # the public asks on the register; the service records it

    def has_delete_permission(self, request, obj=None):
        return False  # kept: the Office's record of what it was asked and when it answered
