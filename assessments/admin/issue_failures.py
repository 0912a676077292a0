"""Documents that failed to render: read-only (the issuing task writes them), with "Retry now".

The retry gives each document to the same task that failed (services.issue_failures.retry); the
failure is resolved when the document is issued. ``failures_for(application)`` feeds the partial
templates/assessments/admin/_issue_failures.html on an application's change page.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from assessments.models import IssueFailure
from assessments.services import issue_failures
from greenhouse_office import access
from greenhouse_office.admin import ReadOnlyAdmin


class OpenFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Not yet issued"), ("resolved", "Issued after all")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(IssueFailure)
class IssueFailureAdmin(ReadOnlyAdmin):
    list_display = ["document", "of", "attempts", "first_failed_at", "last_failed_at", "status", "error_text"]
    list_filter = [OpenFilter, "kind"]
    list_select_related = ["application", "direction__organisation"]
    search_fields = ["application__title", "direction__organisation__name", "error"]
    actions = ["retry_now"]
    fields = [
        "kind",
        "application",
        "direction",
        "task",
        "arguments",
        "attempts",
        "first_failed_at",
        "last_failed_at",
        "resolved_at",
        "error",
    ]
    readonly_fields = fields

    @admin.display(description="Document", ordering="kind")
    def document(self, failure):
        return failure.get_kind_display()

    @admin.display(description="Of")
    def of(self, failure):
        if failure.application_id:
            url = reverse("admin:assessments_application_change", args=[failure.application_id])
            return format_html('<a href="{}">{}</a>', url, failure.application.reference)
        url = reverse("admin:assessments_direction_change", args=[failure.direction_id])
        return format_html('<a href="{}">Direction to {}</a>', url, failure.direction.organisation.name)

    @admin.display(description="Status", ordering="resolved_at")
    def status(self, failure):
        # In words, never colour alone.
        if failure.resolved_at:
            return f"Issued after all ({failure.resolved_at:%d %B %Y %H:%M})"
        return "Not yet issued"

    @admin.display(description="Last error")
    def error_text(self, failure):
        return failure.error if len(failure.error) <= 160 else f"{failure.error[:157]}…"

    def has_retry_permission(self, request):
        return access.is_office(request.user) and self.has_view_permission(request)

    @admin.action(description="Retry now: render the selected documents again", permissions=["retry"])
    def retry_now(self, request, queryset):
        counts = issue_failures.retry(queryset)
        if counts["issued"]:
            self.message_user(request, f"Issued: {counts['issued']}.", messages.SUCCESS)
        if counts["queued"]:
            self.message_user(
                request,
                f"Queued to render again: {counts['queued']} (this list shows if it fails).",
                messages.INFO,
            )
        if counts["failed"]:
            self.message_user(
                request, f"Failed again: {counts['failed']}; see the last error of each.", messages.WARNING
            )
        if not any(counts.values()):
            self.message_user(request, "Nothing to retry: the selected documents were already issued.")


def failures_for(application) -> dict:
    """The context of templates/assessments/admin/_issue_failures.html for ``application`` (one query)."""
    return {
        "issue_failures": issue_failures.failures_of(application),
        "issue_failures_changelist": reverse("admin:assessments_issuefailure_changelist"),
    }
