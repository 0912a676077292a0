"""The Minister's opinions (s26, s29(2)), read-only: the Minister records them on the dashboard
(services.opinions.form_opinion). Office staff record what the Office has done about each one with
"Acknowledge" (services.opinions.acknowledge_opinion), once."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from assessments.errors import AssessmentError
from assessments.models import MinisterialOpinion
from assessments.services.opinions import acknowledge_opinion
from greenhouse_office.access import is_office
from greenhouse_office.admin import ReadOnlyAdmin
from greenhouse_office.workflow.web import show_refusal


class AcknowledgementForm(forms.Form):
    note = forms.CharField(
        label="What the Office has done",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="For example: the person was written to, or the matter was referred for civil penalty "
        "proceedings. Kept with the opinion and shown to the Minister.",
        error_messages={"required": "Say what the Office has done about the opinion."},
    )


@admin.register(MinisterialOpinion)
class MinisterialOpinionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "formed_at", "taker_name", "provision", "application", "acknowledged_at"]
    list_display += ["follow_up"]
    list_filter = ["commonwealth", "limb", ("acknowledged_at", admin.EmptyFieldListFilter)]
    list_select_related = ["application", "organisation"]
    search_fields = ["taker_name", "action", "organisation__name"]
    date_hierarchy = "formed_at"
    fields = ["action", "taker_name", "organisation", "application", "commonwealth", "provision", "opinion"]
    fields += ["reasons", "formed_by", "formed_at", "office_note", "acknowledged_by", "acknowledged_at"]
    fields += ["follow_up"]
    readonly_fields = fields

    @admin.display(description="Section")
    def provision(self, opinion):
        return opinion.provision

    @admin.display(description="The opinion")
    def opinion(self, opinion):
        return opinion.opinion

    @admin.display(description="The Office's follow-up")
    def follow_up(self, opinion):
        if opinion.acknowledged:
            return opinion.status
        url = reverse("admin:assessments_ministerialopinion_acknowledge", args=[opinion.pk])
        return format_html('<a href="{}">Acknowledge opinion {}</a>', url, opinion.pk)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/acknowledge/",
                self.admin_site.admin_view(self.acknowledge_view),
                name="{}_{}_acknowledge".format(*info),
            ),
            *super().get_urls(),
        ]

    def acknowledge_view(self, request, object_id):
        """GET: the form; POST: services.opinions.acknowledge_opinion, then back to the opinion."""
        opinion = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not (self.has_view_permission(request, opinion) and is_office(request.user)):
            raise PermissionDenied
        change_url = reverse("admin:assessments_ministerialopinion_change", args=[opinion.pk])
        form = AcknowledgementForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                acknowledge_opinion(opinion=opinion, actor=request.user, note=form.cleaned_data["note"])
            except AssessmentError as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(request, f"Opinion {opinion.pk}: the Office's follow-up is recorded.")
                return redirect(change_url)
        elif request.method == "POST":
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "opinion": opinion,
            "form": form,
            "change_url": change_url,
            "title": f"Acknowledge opinion {opinion.pk} ({opinion.provision})",
        }
        return TemplateResponse(request, "assessments/admin/opinion_acknowledge.html", context, status=status)
