"""The register of independent environmental auditors (s32(2)): the Director's, read by Office staff.

The Director appoints auditors, so only the Director adds or changes entries and engagements (the
role's permissions, checked again here through ``greenhouse_office.access`` and in the service).
Every save is logged in the auditor's event chain (who, when, before and after) by
``services.register``, in the admin's own transaction. The change page shows the auditor's standing
for an application awaiting its evaluation, from the rule the appointment applies.
"""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.http import HttpResponseRedirect

from assessments import guards
from assessments.errors import AssessmentError
from assessments.models import Application, AuditorEvent, Engagement, IndependentAuditor, State
from assessments.services.register import save_engagements, save_register_entry
from greenhouse_office import access, clock
from greenhouse_office.workflow.web import show_refusal

# s32(1)-(2): an application whose evaluation is still to come, before or after the appointment.
AWAITING_EVALUATION = (State.LODGED, State.EVALUATION_COMMISSIONED)


def keeps_the_register(request) -> bool:
    """s32(2): the Director appoints, so keeps the register."""
    return access.is_director(request.user)


class EngagementInline(admin.StackedInline):
    """Stacked: each input has its own label (a tabular inline's column headings are not labels)."""

    model = Engagement
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "auditor__user")  # str() of a row

    def has_add_permission(self, request, obj=None):
        return keeps_the_register(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return keeps_the_register(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # s32(2) looks back to commencement: an engagement is ended, never removed


class AuditorEventInline(admin.TabularInline):
    model = AuditorEvent
    verbose_name_plural = "Register edits (hash-chained log)"
    fields = ["sequence", "at", "transition", "actor_name", "payload"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["sequence"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ApplicationAwaitingEvaluationField(forms.ModelChoiceField):
    def label_from_instance(self, application) -> str:
        return f"{application.reference}: {application.title} ({application.get_state_display().lower()})"


class StandingForm(forms.Form):
    """Which application to judge the auditor's standing for (a GET form: it changes nothing)."""

    application = ApplicationAwaitingEvaluationField(
        queryset=Application.objects.filter(state__in=AWAITING_EVALUATION).order_by(
            "evaluation_due_on", "pk"
        ),
        label="Application awaiting an evaluation",
        empty_label="Choose an application",
    )


def standing_context(request, auditor: IndependentAuditor) -> dict:
    """The panel's form and, once an application is chosen, the auditor's standing for it (s32(2))."""
    form = StandingForm(request.GET if "application" in request.GET else None, auto_id="standing_%s")
    context = {"standing_form": form, "standing_application": None, "standing": None}
    if form.is_bound and form.is_valid():
        application = form.cleaned_data["application"]
        auditor = IndependentAuditor.objects.prefetch_related(
            Prefetch("engagements", queryset=Engagement.objects.select_related("organisation"))
        ).get(pk=auditor.pk)
        context["standing_application"] = application
        context["standing_day"] = day = clock.legal_day()
        context["standing"] = guards.auditor_disqualifications(application, auditor, day)
        context["standing_appointed"] = application.auditor_id == auditor.pk
    return context


@admin.register(IndependentAuditor)
class IndependentAuditorAdmin(admin.ModelAdmin):
    """The auditor register: declarations under s32(2) and engagement history."""

    change_form_template = "assessments/admin/independentauditor_change_form.html"
    list_display = ["user", "registered_on", "qualified_declared_on", "fit_and_proper_declared_on"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    exclude = ["log_head_hash", "log_length"]
    inlines = [EngagementInline, AuditorEventInline]

    def has_add_permission(self, request):
        return keeps_the_register(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return keeps_the_register(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # an appointment is judged against the entry: it stays, with its log

    def change_view(self, request, object_id, form_url="", extra_context=None):
        auditor = self.get_object(request, object_id)
        if auditor is not None and self.has_view_or_change_permission(request, auditor):
            extra_context = {**(extra_context or {}), **standing_context(request, auditor)}
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AssessmentError as error:  # the service's refusal (its transaction rolled back)
            show_refusal(request, error)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        save_register_entry(auditor=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Engagement:
            return super().save_formset(request, form, formset, change)
        save_engagements(formset, auditor=form.instance, actor=request.user)
        return None
