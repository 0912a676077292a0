"""Comments (s33(2)(c)): Office staff mark each considered, with a response (s34), via the service."""

from django.contrib import admin
from django.http import HttpResponseRedirect

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Comment
from greenhouse_office.workflow.web import show_refusal


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Saving calls services.consider_comment; everything else about a comment is read-only."""

    change_form_template = "assessments/admin/comment_change_form.html"
    list_display = ["reference", "application_reference", "name", "received_at", "on_time", "considered"]
    list_filter = ["considered", "on_time", "channel"]
    list_select_related = ["application"]
    search_fields = ["reference", "name", "email", "text", "application__title"]
    fields = [
        "reference",
        "application",
        "name",
        "email",
        "received_at",
        "channel",
        "at_notice_address",
        "on_time",
        "text",
        "considered",
        "response",
        "considered_by",
        "considered_at",
    ]
    # Staff record only their consideration (s34(a)); everything the commenter gave stays as received.
    readonly_fields = [name for name in fields if name not in ("considered", "response")]

    class Media:
        css = {"all": ["assessments/admin.css"]}

    @admin.display(description="Application", ordering="application_id")
    def application_reference(self, comment):
        return comment.application.reference

    def has_add_permission(self, request):
        return False  # the public comments on the register; the service records them

    def has_delete_permission(self, request, obj=None):
        return False  # s34(b): every comment stays in the report

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application", "considered_by")

    def save_model(self, request, obj, form, change):
        services.consider_comment(
            comment=obj,
            actor=request.user,
            considered=form.cleaned_data["considered"],
            response=form.cleaned_data["response"],
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AssessmentError as error:  # the service refused: its words, and back to the form
            show_refusal(request, error)
            return HttpResponseRedirect(request.get_full_path())
