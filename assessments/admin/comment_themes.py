"""Consider the selected comments by theme (s34(a), s34(b)): the comments list's action and its page.

The action's first POST (from the list) shows the comments and the form; the page's POST
("apply") calls services.consider_comments, which marks all of them or none.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from assessments import services
from assessments.errors import AssessmentError
from assessments.services.comments import THEME_MAX_CHARS
from greenhouse_office.workflow.web import show_refusal

from .comment_filters import themes_of

THEMES_LIST_ID = "comment-themes"  # the <datalist> the theme fields suggest from


class ConsiderByThemeForm(forms.Form):
    theme = forms.CharField(
        label="Theme",
        max_length=THEME_MAX_CHARS,
        widget=forms.TextInput(attrs={"list": THEMES_LIST_ID, "autocomplete": "off"}),
        help_text="What the comments raise, e.g. 'Water use': the s34(b) report groups them under it. "
        "Use a theme already given (listed below) to join its group.",
    )
    response = forms.CharField(
        label="How the Office considered them (the response)",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Included with each comment in the report on the comments (s34(b)).",
    )


@admin.action(description="Consider the selected comments (by theme)", permissions=["change"])
def consider_by_theme(model_admin, request, queryset):
    """The intermediate page: GET-like on the list's POST, the act on the page's own POST."""
    comments = list(queryset.select_related("application").order_by("application_id", "received_at", "pk"))
    applying = "apply" in request.POST
    status = 200
    if applying:
        form = ConsiderByThemeForm(request.POST)
        if form.is_valid():
            try:
                services.consider_comments(comments=comments, actor=request.user, **form.cleaned_data)
            except AssessmentError as error:
                status = show_refusal(request, error, form)
            else:
                count = len(comments)
                messages.success(
                    request,
                    f"{count} comment{'' if count == 1 else 's'} considered (s34(a)) under the theme "
                    f"“{form.cleaned_data['theme'].strip()}”.",
                )
                return None  # back to the list
        else:
            status = 400
    else:
        shared = {comment.theme for comment in comments}
        form = ConsiderByThemeForm(initial={"theme": shared.pop() if len(shared) == 1 else ""})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Consider the selected comments (by theme)",
        "comments": comments,
        "form": form,
        "applications": len({comment.application_id for comment in comments}),
        "themes": themes_of({comment.application_id for comment in comments}),
        "themes_list_id": THEMES_LIST_ID,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(
        request, "assessments/admin/comment_consider_by_theme.html", context, status=status
    )
