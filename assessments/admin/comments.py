"""Comments (s33(2)(c)): Office staff record those received by email or post, consider each (s34), one
by one or by theme, and moderate what the register shows, via the services. Every comment is listed,
held and duplicate ones too (filter by status): none is ever deleted or hidden from the Office."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from assessments import selectors, services
from assessments.api.base import pdf_download
from assessments.errors import AssessmentError
from assessments.models import Comment, CommentRedaction
from greenhouse_office import access
from greenhouse_office.workflow.web import show_refusal

from .comment_filters import (
    ApplicationFilter,
    ChannelFilter,
    ConsideredFilter,
    MadeOnTimeFilter,
    ThemeFilter,
    chosen_application_id,
    themes_of,
)
from .comment_recording import record_view
from .comment_themes import THEMES_LIST_ID, consider_by_theme


class RedactionForm(forms.Form):
    public_text = forms.CharField(
        label="Text shown on the register instead",
        widget=forms.Textarea(attrs={"rows": 8}),
        initial="[removed: personal information]",
        help_text="Keep what may be published and replace the rest, e.g. [removed: personal information]. "
        "The comment's own text is kept, considered and reported (s34).",
    )
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}))


class RedactionInline(admin.TabularInline):
    model = CommentRedaction
    fields = ["redacted_at", "redacted_by", "reason", "public_text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # through "Redact" (services.redact_comment), logged in the chain


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The add page records a comment received by email or post (services.record_comment); saving
    calls services.consider_comment, the action services.consider_comments; the moderation buttons
    call moderate_comment and redact_comment; everything the commenter gave stays as received."""

    change_form_template = "assessments/admin/comment_change_form.html"
    change_list_template = "assessments/admin/comment_change_list.html"
    list_display = [
        "reference",
        "application_reference",
        "name",
        "received_at",
        "channel_in_words",
        "made_on_time",
        "theme",
        "considered_in_words",
        "status",
        "on_the_register_in_words",
    ]
    list_filter = [
        ApplicationFilter,
        ("on_time", MadeOnTimeFilter),
        ("considered", ConsideredFilter),
        ThemeFilter,
        ("channel", ChannelFilter),
        "status",
        "consent_to_publish",
    ]
    list_select_related = ["application"]
    actions = [consider_by_theme]
    search_fields = ["reference", "name", "email", "organisation", "text", "application__title"]
    fields = [
        "reference",
        "application",
        "name",
        "email",
        "organisation",
        "received_at",
        "channel",
        "at_notice_address",
        "on_time",
        "status",
        "held_because",
        "duplicate_of",
        "consent_to_publish",
        "moderated_by",
        "moderated_at",
        "text",
        "attachment_link",
        "considered",
        "theme",
        "response",
        "considered_by",
        "considered_at",
    ]
    # Staff record only their consideration (s34(a)); everything the commenter gave stays as received.
    readonly_fields = [name for name in fields if name not in ("considered", "theme", "response")]
    inlines = [RedactionInline]

    class Media:
        css = {"all": ["assessments/admin.css"]}

    @admin.display(description="Application", ordering="application_id")
    def application_reference(self, comment):
        return comment.application.reference

    @admin.display(description="Received by", ordering="channel")
    def channel_in_words(self, comment):
        return comment.get_channel_display()

    @admin.display(description="Made on time (s34(a))", ordering="on_time")
    def made_on_time(self, comment):
        if comment.on_time:
            return "Yes"
        return "No: not at the notice's address" if not comment.at_notice_address else "No: late"

    @admin.display(description="Considered (s34(a))", ordering="considered")
    def considered_in_words(self, comment):
        return "Yes" if comment.considered else "No"

    @admin.display(description="On the register")
    def on_the_register_in_words(self, comment):
        return "Yes" if self.on_the_register(comment) else "No"

    def on_the_register(self, comment) -> bool:
        return (
            comment.consent_to_publish
            and comment.status == Comment.Status.RECEIVED
            and comment.moderated_at is not None
        )

    @admin.display(description="Attachment")
    def attachment_link(self, comment):
        if not comment.attachment:
            return "None"
        url = reverse("admin:assessments_comment_attachment", args=[comment.pk])
        return format_html(
            '<a href="{}">{}</a> ({} bytes)', url, comment.attachment_name, comment.attachment_size
        )

    def has_add_permission(self, request):
        # Office staff record comments received by email or post (the service's own rule).
        return access.is_office(request.user)

    def add_view(self, request, form_url="", extra_context=None):
        return record_view(self, request)

    def changelist_view(self, request, extra_context=None):
        add_url = reverse("admin:assessments_comment_add")
        if (pk := chosen_application_id(request)) is not None:
            add_url += f"?application={pk}"
        return super().changelist_view(request, {"record_url": add_url, **(extra_context or {})})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "theme":  # suggests the application's themes (the page's <datalist>)
            field.widget.attrs.update({"list": THEMES_LIST_ID, "autocomplete": "off"})
        return field

    def has_delete_permission(self, request, obj=None):
        return False  # s34(b): every comment stays in the report

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application", "considered_by", "moderated_by")

    def save_model(self, request, obj, form, change):
        services.consider_comment(
            comment=obj,
            actor=request.user,
            considered=form.cleaned_data["considered"],
            response=form.cleaned_data["response"],
            theme=form.cleaned_data["theme"],
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AssessmentError as error:  # the service refused: its words, and back to the form
            show_refusal(request, error)
            return HttpResponseRedirect(request.get_full_path())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if comment is not None and self.has_change_permission(request, comment):
            extra_context["moderate_url"] = reverse("admin:assessments_comment_moderate", args=[comment.pk])
            extra_context["redact_url"] = reverse("admin:assessments_comment_redact", args=[comment.pk])
            extra_context["on_the_register"] = self.on_the_register(comment)
            extra_context["themes"] = themes_of([comment.application_id])
            extra_context["themes_list_id"] = THEMES_LIST_ID
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/moderate/",
                self.admin_site.admin_view(require_POST(self.moderate_view)),
                name="{}_{}_moderate".format(*info),
            ),
            path(
                "<int:object_id>/redact/",
                self.admin_site.admin_view(self.redact_view),
                name="{}_{}_redact".format(*info),
            ),
            path(
                "<int:object_id>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            ),
            *super().get_urls(),
        ]

    def _comment(self, request, object_id, *, change: bool) -> Comment:
        comment = get_object_or_404(self.get_queryset(request), pk=object_id)
        allowed = (
            self.has_change_permission(request, comment)
            if change
            else self.has_view_permission(request, comment)
        )
        if not allowed:
            raise PermissionDenied
        return comment

    def moderate_view(self, request, object_id):
        """POST: reviewed for the register (a held comment found to be a person's is released)."""
        comment = self._comment(request, object_id, change=True)
        try:
            services.moderate_comment(comment=comment, actor=request.user)
        except AssessmentError as error:
            show_refusal(request, error)
        else:
            messages.success(request, f"{comment.reference} was reviewed for the register.")
        return redirect("admin:assessments_comment_change", comment.pk)

    def redact_view(self, request, object_id):
        """GET: the redaction form; POST: services.redact_comment, then back to the comment."""
        comment = self._comment(request, object_id, change=True)
        form = RedactionForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                services.redact_comment(comment=comment, actor=request.user, **form.cleaned_data)
            except AssessmentError as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(request, f"{comment.reference}: the register now shows the redacted text.")
                return redirect("admin:assessments_comment_change", comment.pk)
        elif request.method == "POST":
            status = 400
        shown = selectors.published_comments(comment.application).filter(pk=comment.pk).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "shown_text": shown.public_text if shown else None,
            "change_url": reverse("admin:assessments_comment_change", args=[comment.pk]),
            "title": f"Redact {comment.reference}",
        }
        return TemplateResponse(request, "assessments/admin/comment_redact.html", context, status=status)

    def attachment_view(self, request, object_id):
        """Stream a comment's PDF to Office staff (attachments are never published)."""
        comment = self._comment(request, object_id, change=False)
        if not comment.attachment:
            raise Http404("This comment has no attachment.")
        return pdf_download(
            comment, comment.attachment_name or "attachment.pdf", public=False, field="attachment"
        )
