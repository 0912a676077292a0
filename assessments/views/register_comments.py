"""s33(2)(c): the public comment form of a published assessment, its confirmation and the closed notice.

Open to every person without signing in, until the end of the closing day as extended under AIA
s36(2), in Canberra (services.comments_open, the rule the service and the closing job share). Spam
control never turns a person away (services/comments.py): a POST counts against the API's
``public_comments`` rate per client (the same cache entry, so the form and the API share one limit),
and whatever passes it is recorded: held, a duplicate, or received.
"""

import math
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_GET, require_http_methods

from assessments import selectors
from assessments.errors import AssessmentError
from assessments.models import Application, Comment
from assessments.services import comments as comment_service
from greenhouse_office import bounds
from greenhouse_office.statute.config import LEGAL_TIME_ZONE
from greenhouse_office.throttling import FixedWindowThrottle

FORM = "register/comment.html"
HONEYPOT = "homepage"  # a field people never see (hidden from sight and from assistive technology)


class CommentForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=comment_service.MAX_NAME_CHARS,
        error_messages={"required": "Give your name."},
    )
    email = forms.EmailField(
        label="Your email address",
        error_messages={
            "required": "Give an email address for your receipt.",
            "invalid": "Enter a valid email address, like name@example.com.",
        },
        help_text="We email your receipt here. It is never published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        required=False,
        max_length=comment_service.MAX_NAME_CHARS,
        help_text="If you comment on behalf of an organisation, its name.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    text = forms.CharField(
        label="Your comment",  # its limit is the service's (the same words on the page and the API)
        error_messages={"required": "Write your comment."},
        help_text=(
            f"About the Greenhouse Impact Assessment, the independent evaluation, or both. At most "
            f"{bounds.MAX_COMMENT_CHARS:,} characters; attach anything longer as a PDF."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    attachment = forms.FileField(
        label="Attach a PDF (optional)",
        required=False,
        help_text=f"One PDF document of at most {filesizeformat(settings.GREENHOUSE_MAX_DOCUMENT_BYTES)}.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    consent_to_publish = forms.BooleanField(
        label="Publish my comment on this register, with my name and organisation",
        required=False,
        help_text=(
            "Your email address and any attachment are never published. Without your consent the Office "
            "still considers your comment (section 34 of the Act), but does not publish it."
        ),
    )
    homepage = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


class PublicCommentThrottle(FixedWindowThrottle):
    """The API's ``public_comments`` rate, per client address, in the cache entry the API counts in
    (its comment view has no sign-in, so ScopedFixedWindowThrottle keys it by address the same way)."""

    scope = "public_comments"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _assessment(reference: str) -> Application:
    pk = selectors.application_pk_of(reference)
    application = (
        selectors.published_applications().prefetch_related(None).filter(pk=pk).first() if pk else None
    )
    if application is None:
        raise Http404("No published assessment has this reference.")
    return application


def closing(application: Application) -> dict:
    """When comments close (or closed): the end of the extended closing day, in Canberra."""
    last_day = comment_service.last_day_for_comments(application)
    return {
        "closing_day": application.closing_day,
        "last_day": last_day,
        "extended": last_day != application.closing_day,
        # Midnight at the end of the last day, Canberra time (AEST or AEDT as the day falls).
        "closes_at": datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=LEGAL_TIME_ZONE),
    }


@require_http_methods(["GET", "POST"])
def comment(request, reference):
    """The comment form while comments are open; afterwards, the notice of when they closed."""
    application = _assessment(reference)
    context = {"application": application, **closing(application)}
    if not comment_service.comments_open(application):
        return _closed(request, context)
    if request.method == "POST":
        throttle = PublicCommentThrottle()
        if not throttle.allow_request(request, None):
            return _throttled(request, throttle, context)
    form = CommentForm(request.POST or None, request.FILES or None)
    page_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            made = _record(application, form.cleaned_data)
        except AssessmentError as error:
            if not error.field_errors:  # closed between the page and the press of the button
                return _closed(request, context)
            page_errors = _show_on_form(form, error)
        else:
            return redirect(
                "register:comment-received", reference=application.reference, comment=made.reference
            )
    status = 400 if form.errors or page_errors else 200
    return render(request, FORM, context | {"form": form, "page_errors": page_errors}, status=status)


def _closed(request, context: dict):
    """The notice of when comments closed. A comment sent after that is not recorded (s34(a)): the
    page says so (409) and shows its text back, so the person keeps what they wrote."""
    if request.method != "POST":
        return render(request, "register/comment_closed.html", context)
    unsent = request.POST.get("text", "")[: bounds.MAX_COMMENT_CHARS]
    return render(request, "register/comment_closed.html", context | {"unsent_text": unsent}, status=409)


def _record(application: Application, data: dict) -> Comment:
    return comment_service.record_comment(
        application=application,
        actor=None,
        channel=Comment.Channel.WEB,
        name=data["name"],
        email=data["email"],
        organisation=data["organisation"],
        text=data["text"],
        attachment=data["attachment"] or None,
        consent_to_publish=data["consent_to_publish"],
        honeypot=data[HONEYPOT],
    )


def _show_on_form(form: CommentForm, error: AssessmentError) -> list[str]:
    """The service's field errors on their fields; any other on the page (its error summary)."""
    page_errors = []
    for field, messages in error.field_errors.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            else:
                page_errors.append(message)
    return page_errors


def _throttled(request, throttle: PublicCommentThrottle, context: dict):
    """429: the form again with what was typed (the attachment must be chosen again), and when to retry."""
    wait = math.ceil(throttle.wait() or 1)
    per = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}.get(throttle.duration, "period")
    form = CommentForm(
        initial={name: request.POST.get(name, "") for name in ("name", "email", "organisation", "text")}
    )
    message = (
        f"Too many comments have been sent from your address: at most {throttle.num_requests} a {per}. "
        f"Nothing was recorded. Try again in {wait} second{'s' if wait != 1 else ''}."
    )
    response = render(request, FORM, context | {"form": form, "page_errors": [message]}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
def comment_received(request, reference, comment):
    """The confirmation: the comment's reference, and that a receipt was emailed (nothing else echoed)."""
    application = _assessment(reference)
    made = application.comments.filter(reference=comment).only("reference", "received_at", "on_time").first()
    if made is None:
        raise Http404("No comment with this reference was made on this assessment.")
    return render(
        request,
        "register/comment_received.html",
        {"application": application, "comment": made, **closing(application)},
    )


__all__ = ["CommentForm", "PublicCommentThrottle", "closing", "comment", "comment_received"]
