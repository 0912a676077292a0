"""Record a comment received by email or post (s33(2)(c)): the comments' add page, for Office staff.

The form only shapes the input; services.record_comment decides (who may record, the application's
stage, when it may have been received) and its refusals are shown on the form in its words.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Application, Comment
from assessments.services.comments import last_day_for_comments
from greenhouse_office import bounds, clock, statute
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from greenhouse_office.workflow.web import show_refusal

from .comment_filters import chosen_application_id

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows


class RecordCommentForm(forms.Form):
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(),
        label="Application",
        empty_label="Choose the application",
        help_text="Only applications published for comment (s33) are listed.",
    )
    channel = forms.ChoiceField(
        label="Received by",
        choices=[(Comment.Channel.EMAIL, "Email"), (Comment.Channel.POST, "Post")],
        widget=forms.RadioSelect,
    )
    received_at = forms.DateTimeField(
        label="Received at (Canberra time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text="When the email arrived or the letter was received. s34(a): a comment received after "
        "the last day for comments is recorded, but not as made on time.",
    )
    at_notice_address = forms.BooleanField(
        label="Made at the address for comments in the notice (s34(a), s33(2)(d)(i))",
        required=False,
        initial=True,
        help_text="Untick if it was sent elsewhere: it is recorded, but not as made on time.",
    )
    name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(
        label="Email address (optional for post)",
        required=False,
        help_text="The receipt is emailed here if given. Never published.",
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        help_text="On whose behalf, if anyone's.",
    )
    text = forms.CharField(
        label="The comment",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"As received, at most {bounds.MAX_COMMENT_CHARS:,} characters; attach the rest as a PDF.",
    )
    attachment = forms.FileField(
        label="Attachment (PDF, optional)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text="The letter as scanned, or the email's attachment.",
    )
    consent_to_publish = forms.BooleanField(
        label="The maker agreed to the comment being published on the register",
        required=False,
        help_text="Without consent it is still considered and reported (s34), not published.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = (
            Application.objects.filter(gazette_date__isnull=False)
            .only("pk", "title")
            .order_by("-gazette_date", "-pk")
        )

    def full_clean(self):
        with timezone.override(LEGAL_TIME_ZONE):  # the time given is read as Canberra time
            super().full_clean()


def record_view(model_admin, request):
    """GET: the form; POST: services.record_comment, then to the comment with whether it is on time."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    initial = {"received_at": clock.legal_now().strftime(DATETIME_LOCAL), "at_notice_address": True}
    if (pk := chosen_application_id_from(request)) is not None:
        initial["application"] = pk
    form = RecordCommentForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                comment = services.record_comment(actor=request.user, **form.cleaned_data)
            except AssessmentError as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(request, recorded_message(comment))
                return redirect("admin:assessments_comment_change", comment.pk)
        else:
            status = 400
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "form": form,
        "title": "Record a comment received by email or post",
        "changelist_url": reverse("admin:assessments_comment_changelist"),
    }
    return TemplateResponse(request, "assessments/admin/comment_add.html", context, status=status)


def chosen_application_id_from(request) -> int | None:
    """?application=<id> (the application's page links here), or the list's filter it came from."""
    value = request.GET.get("application", "")
    return int(value) if value.isdigit() else chosen_application_id(request)


def recorded_message(comment: Comment) -> str:
    """The reference, and whether the comment was made on time (s34(a)) and why not."""
    last_day = statute.format_day(last_day_for_comments(comment.application))
    if comment.on_time:
        timing = f"yes, received on or before the last day for comments, {last_day}"
    elif not comment.at_notice_address:
        timing = "no, not made at the address for comments in the notice"
    else:
        timing = f"no, received after the last day for comments, {last_day}"
    received = clock.moment(comment.received_at)
    message = (
        f"{comment.reference} recorded on {comment.application.reference} "
        f"(by {comment.get_channel_display().lower()}, received at {received:%H:%M} on "
        f"{statute.format_day(received.date())}). Made on time (s34(a)): {timing}."
    )
    if comment.duplicate_of_id:
        message += f" It repeats {comment.duplicate_of.reference} (same email and text): kept as a duplicate."
    return message
