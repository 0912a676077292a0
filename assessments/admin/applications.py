"""Applications for Office staff: a read-only record with the workflow's buttons (STYLE 5).

The record never changes through this page's form (the state is a protected FSM field): each
Office act is a button opening its own small form, which POSTs to the act's service.
"""

import re
from decimal import Decimal, InvalidOperation

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from assessments.acts import APPLICATION_ACTS
from assessments.models import (
    AmendmentRequest,
    Application,
    ApplicationEvent,
    Comment,
    Document,
    NewspaperNotice,
    State,
)
from assessments.services.deadlines import AWAITING_EVALUATION
from greenhouse_office import clock
from greenhouse_office.emission_profiles import stored_profile_warnings
from greenhouse_office.statute.screening import Conclusion

from . import filters
from .assignment import assign_view, assignment_context
from .today import today_view
from .transitions import office_acts, transition_view


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = [
        "kind",
        "original_name",
        "file_size",
        "uploaded_by",
        "uploaded_at",
        "superseded_at",
        "withheld_under_s42",
        "download",
    ]
    readonly_fields = fields

    @admin.display(description="Size")
    def file_size(self, document):
        return filesizeformat(document.size)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description="File")
    def download(self, document):
        url = reverse("admin:assessments_application_document", args=[document.application_id, document.pk])
        return format_html('<a href="{}">Download PDF</a>', url)


class NewspaperNoticeInline(ReadOnlyInline):
    model = NewspaperNotice
    verbose_name_plural = "Newspaper notices (s33(1)(b)(ii))"
    fields = ["state_or_territory", "newspaper", "published_on"]
    readonly_fields = fields


class AmendmentRequestInline(ReadOnlyInline):
    model = AmendmentRequest
    fields = ["kind", "detail", "requested_by", "requested_at", "response", "answered_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requested_by")


class CommentInline(ReadOnlyInline):
    """Comments are considered on their own page (the link), which calls services.consider_comment."""

    model = Comment
    verbose_name_plural = "Comments (s33(2)(c), s34)"
    fields = ["reference", "name", "received_at", "channel", "on_time", "considered", "consideration"]
    readonly_fields = fields

    @admin.display(description="")
    def consideration(self, comment):
        url = reverse("admin:assessments_comment_change", args=[comment.pk])
        return format_html('<a href="{}">{}</a>', url, "View" if comment.considered else "Consider")


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    verbose_name_plural = "Timeline (the hash-chained event log)"
    fields = ["sequence", "at", "act", "change", "actor_name", "role", "hash_matches"]
    readonly_fields = fields
    ordering = ["sequence"]

    @admin.display(description="Act")
    def act(self, event):
        act = APPLICATION_ACTS.get(event.transition)
        return format_html(
            "{} <small>({}, {})</small>",
            act.label if act else event.transition.replace("_", " ").capitalize(),
            event.transition,
            event.section,
        )

    @admin.display(description="State")
    def change(self, event):
        return f"{_state(event.from_state)} \u2192 {_state(event.to_state)}"

    @admin.display(description="Hash matches", boolean=True)
    def hash_matches(self, event):
        return event.hash_matches()


def _state(value: str) -> str:
    return State(value).label if value in State.values else value


# The screening's conclusion (greenhouse_office.statute.screening), in words.
CONCLUSIONS = {
    Conclusion.IN_EXCESS: "In excess of the threshold in a period of 12 months",
    Conclusion.CANNOT_RULE_OUT: "Cannot rule out an excess from monthly figures",
    Conclusion.NOT_IN_EXCESS: "Not in excess of the threshold",
}

REFERENCE = re.compile(r"^\s*(?:GHO-?)?0*(\d{1,9})\s*$", re.IGNORECASE)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    change_form_template = "assessments/admin/application_change_form.html"
    list_display = [
        "reference",
        "title",
        "proponent",
        "stage",
        "next_deadline",
        "officer",
        "received",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "state",
        filters.OverdueFilter,
        filters.ToDoFilter,
        "location_state",
        filters.SourceCategoryFilter,
        filters.AssignedOfficerFilter,
        "limb",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation", "assigned_officer"]  # get_queryset's select_related wins
    list_per_page = 50
    search_fields = ["title", "description", "organisation__name", "organisation__abn"]
    search_help_text = "Title, description, proponent or reference (e.g. GHO-00012)."
    fieldsets = [
        (
            "The application (s31)",
            {
                "fields": [
                    "reference",
                    "state",
                    "assigned_officer",
                    "title",
                    "organisation",
                    "created_by",
                    "description",
                    "location_state",
                    "location_description",
                    "affected_states_display",
                    "limb",
                    "direction",
                ]
            },
        ),
        (
            "Emissions (s25, s31(1)(a))",
            {"fields": ["gwp_set", "screening_display", "acknowledgements_display", "profile_display"]},
        ),
        (
            "Evaluation (s32)",
            {
                "fields": [
                    "received_on",
                    "evaluation_due_on",
                    "return_ground",
                    "auditor",
                    "evaluation_commissioned_on",
                    "evaluation_received_on",
                ]
            },
        ),
        (
            "Publication and comment (s33)",
            {
                "fields": [
                    "notice_states",
                    "gazette_date",
                    "internet_published_on",
                    "comment_address",
                    "closing_day",
                    "comments_closed_at",
                ]
            },
        ),
        (
            "Advice and decision (s34, s30)",
            {
                "fields": [
                    "recommendation",
                    "advice_summary",
                    "comments_report",
                    "advice_given_at",
                    "decided_at",
                    "decision_reasons",
                    "withdrawn_at",
                    "withdrawal_reason",
                ]
            },
        ),
        ("Integrity", {"fields": ["log_head_hash"], "classes": ["collapse"]}),
    ]
    readonly_fields = [
        "reference",
        "affected_states_display",
        "screening_display",
        "acknowledgements_display",
        "profile_display",
    ]
    always_shown = 2  # the application and its emissions; later fieldsets once they have something
    inlines = [DocumentInline, AmendmentRequestInline, NewspaperNoticeInline, CommentInline, EventInline]

    class Media:
        css = {"all": ["assessments/admin.css"]}

    def get_inline_instances(self, request, obj=None):
        """Notices and comments once published; amendment requests once there are any."""
        shown = []
        for inline in super().get_inline_instances(request, obj):
            if obj is not None and isinstance(inline, NewspaperNoticeInline | CommentInline):
                if obj.gazette_date is None:
                    continue
            if obj is not None and isinstance(inline, AmendmentRequestInline):
                if not obj.amendment_requests.exists():
                    continue
            shown.append(inline)
        return shown

    def get_fieldsets(self, request, obj=None):
        """Later stages' fieldsets appear once the application has reached them (no walls of '-')."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return fieldsets[: self.always_shown] + [
            (name, options)
            for name, options in fieldsets[self.always_shown :]
            if any(getattr(obj, field, None) not in (None, "", [], {}) for field in options["fields"])
        ]

    # --- Who may do what: view the record; change it only through the workflow's services ---

    def has_add_permission(self, request):
        return False  # proponents create applications (services.create_application)

    def has_change_permission(self, request, obj=None):
        return False  # the page is read-only; the buttons below run the services

    def has_delete_permission(self, request, obj=None):
        return False

    def may_run_steps(self, request, application) -> bool:
        """Reach the step forms at all; the service still decides each act by role, state and the Act."""
        return request.user.has_perm("assessments.change_application")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "created_by", "auditor__user", "direction", "assigned_officer")
        )

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        match = REFERENCE.match(search_term or "")
        if match:
            results |= queryset.filter(pk=int(match.group(1)))
        return results, duplicates

    # --- Buttons and views ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("today/", self.admin_site.admin_view(self.today_view), name="{}_{}_today".format(*info)),
            path(
                "<int:object_id>/assign/",
                self.admin_site.admin_view(self.assign_view),
                name="{}_{}_assign".format(*info),
            ),
            path(
                "<int:object_id>/steps/<str:name>/",
                self.admin_site.admin_view(self.step_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<int:object_id>/documents/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="{}_{}_document".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            steps = office_acts(application, request.user) if self.may_run_steps(request, application) else []
            extra_context["steps"] = [
                (step, reverse("admin:assessments_application_transition", args=[application.pk, step.name]))
                for step in steps
            ]
            extra_context["awaiting_minister"] = application.state == State.ADVICE_GIVEN
            extra_context.update(assignment_context(request, application))
        return super().change_view(request, object_id, form_url, extra_context)

    def today_view(self, request):
        return today_view(self, request)

    def assign_view(self, request, object_id):
        return assign_view(self, request, object_id)

    def step_view(self, request, object_id, name):
        return transition_view(self, request, object_id, name)

    def document_view(self, request, object_id, document_id):
        """Stream a private document to Office staff (documents have no public URL)."""
        application = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not (
            self.has_view_permission(request, application)
            and request.user.has_perm("assessments.view_document")
        ):
            raise PermissionDenied
        document = get_object_or_404(Document, application=application, pk=document_id)
        try:
            handle = document.file.storage.open(document.file.name, "rb")
        except FileNotFoundError as error:
            raise Http404("The file of this document is missing.") from error
        response = FileResponse(
            handle, as_attachment=True, filename=document.original_name, content_type="application/pdf"
        )
        # as api.base.pdf_download: never sniffed, never run as a page (admin adds no-store)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        return response

    # --- Read-only displays ---

    @admin.display(description="Reference", ordering="pk")
    def reference(self, application):
        return application.reference

    @admin.display(description="Stage", ordering="state")
    def stage(self, application):
        return application.get_state_display()

    @admin.display(description="Next statutory deadline")
    def next_deadline(self, application):
        deadline = filters.next_deadline(application)
        return deadline.in_words(clock.legal_day()) if deadline else "-"

    @admin.display(description="Assigned officer", ordering="assigned_officer__username")
    def officer(self, application):
        person = application.assigned_officer
        return (person.get_full_name() or person.get_username()) if person else "-"

    @admin.display(description="Received", ordering="received_on")
    def received(self, application):
        return application.received_on

    @admin.display(description="Evaluation due", ordering="evaluation_due_on")
    def evaluation_due(self, application):
        """s32(1): only while the Office is still to obtain the evaluation."""
        return application.evaluation_due_on if application.state in AWAITING_EVALUATION else None

    @admin.display(description="Closing day", ordering="closing_day")
    def closing(self, application):
        return application.closing_day

    @admin.display(description="Proponent", ordering="organisation__name")
    def proponent(self, application):
        return application.organisation.name

    @admin.display(description="States and Territories likely to be affected")
    def affected_states_display(self, application):
        return ", ".join(application.affected_states or []) or "-"

    @admin.display(description="Screening (s25)")
    def screening_display(self, application):
        screening = application.screening
        if not screening:
            return "-"
        conclusion = CONCLUSIONS.get(screening.get("conclusion"), screening.get("conclusion", ""))
        return format_html(
            "<strong>{}</strong>{}",
            conclusion,
            format_html_join("", "<p>{}</p>", ((line,) for line in screening.get("explanation", []))),
        )

    @admin.display(description="Profile warnings acknowledged")
    def acknowledgements_display(self, application):
        """The Office's data-quality warnings on the profile, each with the proponent's explanation."""
        acknowledged = {a["code"]: a for a in application.profile_acknowledgements or []}
        warnings = stored_profile_warnings(application.emission_profile)
        if not warnings:
            return "No warnings"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} <strong>{}</strong> {}</li>",
                (
                    (
                        w.message,
                        "Explanation:" if w.code in acknowledged else "Not yet acknowledged.",
                        f"{acknowledged[w.code]['explanation']} ({acknowledged[w.code]['by_name']}, "
                        f"{acknowledged[w.code]['at'][:10]})"
                        if w.code in acknowledged
                        else "",
                    )
                    for w in warnings
                ),
            ),
        )

    @admin.display(description="Emission profile (t)")
    def profile_display(self, application):
        months = (application.emission_profile or {}).get("months") or []
        if not months:
            return "-"
        gases = sorted({gas for month in months for gas in month.get("gases", {})})
        header = format_html_join("", "<th>{}</th>", ((gas,) for gas in gases))
        rows = format_html_join(
            "",
            "<tr><td>{}</td>{}</tr>",
            (
                (
                    month.get("month"),
                    format_html_join("", "<td>{}</td>", ((month["gases"].get(gas, ""),) for gas in gases)),
                )
                for month in months
            ),
        )
        return format_html("<table><tr><th>Month</th>{}</tr>{}</table>", header, rows)


def _tonnes(value) -> str:
    try:
        return f"{Decimal(value):,f}"
    except (InvalidOperation, TypeError):
        return str(value)
