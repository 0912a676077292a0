"""Industry greenhouse plans for Office staff: a read-only record with the acts' buttons (STYLE 5).

The state is never edited here (a protected FSM field, and the change form is read-only): a plan is
begun through the add page (services.prepare_plan), its draft revised through its own form
(services.revise_draft), and each act is a button opening its form (taskforces.admin.acts).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from assessments.api.base import pdf_download
from greenhouse_office.pdf import PdfRenderError
from greenhouse_office.workflow.web import show_refusal
from taskforces import services
from taskforces.errors import PlanError
from taskforces.forms import PreparePlanForm, ReviseDraftForm
from taskforces.models import IndustryGreenhousePlan, PlanEvent, PlanState, PlanVersion
from taskforces.services.documents import issue_version_pdf

from .acts import FORM_TEMPLATE, act_view, office_buttons

LATEST_EVENTS = 20


@admin.register(IndustryGreenhousePlan)
class IndustryGreenhousePlanAdmin(admin.ModelAdmin):
    change_form_template = "taskforces/admin/plan_change_form.html"
    list_display = [
        "title",
        "category_display",
        "state_display",
        "prepared_by",
        "publication_due_on",
        "review_due_on",
    ]
    list_filter = ["state", "prepared_by"]
    list_select_related = ["source_category"]
    search_fields = ["title", "source_category__code", "source_category__name"]
    fields = [
        "source_category",
        "title",
        "state_display",
        "prepared_by",
        "received_on",
        "publication_due_on",
        "first_published_on",
        "published_on",
        "last_reviewed_on",
        "review_due_on",
        "created_at",
    ]
    readonly_fields = fields

    # --- Who may do what: view the record; change it only through the services ---

    def has_change_permission(self, request, obj=None):
        return False  # the page is read-only; its forms and buttons run the services

    def has_delete_permission(self, request, obj=None):
        return False

    def may_run_acts(self, request) -> bool:
        """Reach the acts' forms at all; the service still decides each act by role, state and the Act."""
        return request.user.has_perm("taskforces.change_industrygreenhouseplan")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source_category")

    # --- Pages ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/acts/<str:name>/", view(self.act_view), name="{}_{}_act".format(*info)),
            path("<int:object_id>/revise/", view(self.revise_view), name="{}_{}_revise".format(*info)),
            path(
                "<int:object_id>/versions/<int:number>/plan.pdf",
                view(self.version_pdf_view),
                name="{}_{}_version_pdf".format(*info),
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """s36(1)(a), s37: begin a plan (services.prepare_plan); then its change page."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        status = 200
        form = PreparePlanForm(request.POST or None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    plan = services.prepare_plan(**form.cleaned_data, actor=request.user)
                except PlanError as error:
                    status = show_refusal(request, error, form)
                else:
                    messages.success(request, f"{plan} is being prepared: give it to the Minister when done.")
                    return redirect("admin:taskforces_industrygreenhouseplan_change", plan.pk)
        return self._form_page(
            request,
            form,
            status,
            heading="Begin an industry greenhouse plan (s36(1)(a), s37)",
            cancel_url=reverse("admin:taskforces_industrygreenhouseplan_changelist"),
        )

    def revise_view(self, request, object_id):
        """The draft's summary and text (services.revise_draft): POSTed from the change page."""
        plan = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.may_run_acts(request):
            raise PermissionDenied
        change_url = reverse("admin:taskforces_industrygreenhouseplan_change", args=[plan.pk])
        if request.method != "POST":
            return redirect(change_url)
        form = ReviseDraftForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                version = services.revise_draft(plan=plan, **form.cleaned_data, actor=request.user)
            except PlanError as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(request, f"Version {version.number} of the plan is revised.")
                return redirect(change_url)
        return self._form_page(
            request,
            form,
            status,
            heading="Revise the draft (s36(1)(a))",
            cancel_url=change_url,
            plan=plan,
        )

    def _form_page(self, request, form, status, *, heading, cancel_url, plan=None):
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "opts": self.opts,
            "original": plan,
            "plan": plan,
            "heading": heading,
            "form": form,
            "cancel_url": cancel_url,
        }
        return TemplateResponse(request, FORM_TEMPLATE, context, status=status)

    def act_view(self, request, object_id, name):
        return act_view(self, request, object_id, name)

    def version_pdf_view(self, request, object_id, number):
        """A published version's PDF (s38: available on request); rendered now if its task never ran."""
        plan = get_object_or_404(self.get_queryset(request), pk=object_id)
        version = get_object_or_404(PlanVersion, plan=plan, number=number, published_on__isnull=False)
        try:
            version = issue_version_pdf(version)
        except PdfRenderError:
            messages.error(
                request,
                f"The PDF of version {number} could not be rendered now; the plans' daily job tries again.",
            )
            return redirect("admin:taskforces_industrygreenhouseplan_change", plan.pk)
        return pdf_download(version, f"{plan.source_category.code}-v{version.number}.pdf", public=False)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._change_page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _change_page_context(self, request, plan) -> dict:
        may_run = self.may_run_acts(request)
        plan = (
            IndustryGreenhousePlan.objects.select_related("source_category")
            .prefetch_related("versions", Prefetch("reviews", to_attr="all_reviews"))
            .get(pk=plan.pk)
        )
        drafting = plan.state == PlanState.DRAFTING and plan.draft is not None
        revise_form = None
        if may_run and drafting:
            revise_form = ReviseDraftForm(initial={"summary": plan.draft.summary, "text": plan.draft.text})
        events = PlanEvent.objects.filter(plan=plan).select_related("actor").order_by("-sequence")
        return {
            "plan": plan,
            "buttons": office_buttons(plan, request.user) if may_run else [],
            "revise_form": revise_form,
            "revise_url": reverse("admin:taskforces_industrygreenhouseplan_revise", args=[plan.pk]),
            "versions": sorted(plan.versions.all(), key=lambda version: version.number),
            "reviews": plan.all_reviews,
            "events": events[:LATEST_EVENTS],
            "events_total": events.count(),
            "events_url": reverse("admin:taskforces_planevent_changelist") + f"?plan__id__exact={plan.pk}",
        }

    # --- Read-only displays ---

    @admin.display(description="Source category", ordering="source_category__position")
    def category_display(self, plan):
        return str(plan.source_category)

    @admin.display(description="State", ordering="state")
    def state_display(self, plan):
        return PlanState(plan.state).label
