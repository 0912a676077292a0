"""Applications for Office staff: a read-only record with the workflow's buttons (STYLE 5).

The record never changes through this page's form (the state is a protected FSM field): each
Office act is a button opening its own small form, which POSTs to the act's service.
"""

import re
from decimal import Decimal, InvalidOperation

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html, format_html_join

from assessments.api.base import pdf_download
from assessments.models import (
    AmendmentRequest,
    Application,
    Document,
    NewspaperNotice,
    State,
)
from assessments.services.deadlines import AWAITING_EVALUATION
from greenhouse_office import clock, statute
from greenhouse_office.emission_profiles import stored_profile_warnings
from greenhouse_office.statute.screening import Conclusion

from . import change_page, filters
from .assignment import assign_view, assignment_context
from .issue_failures import failures_for
from .today import today_view
from .transitions import office_buttons, transition_view


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NewspaperNoticeInline(ReadOnlyInline):
    model = NewspaperNotice
    section = "notices"  # where the change page shows it (change_page.SECTIONS)
    verbose_name_plural = "Newspaper notices (s33(1)(b)(ii))"
    fields = ["state_or_territory", "newspaper", "published_on"]
    readonly_fields = fields


class AmendmentRequestInline(ReadOnlyInline):
    model = AmendmentRequest
    section = "summary"
    fields = ["kind", "detail", "requested_by", "requested_at", "response", "answered_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requested_by")


# The screening's conclusion (greenhouse_office.statute.screening), in words.
CONCLUSIONS = {
    Conclusion.IN_EXCESS: "In excess of the threshold in a period of 12 months",
    Conclusion.CANNOT_RULE_OUT: "Cannot rule out an excess from monthly figures",
    Conclusion.NOT_IN_EXCESS: "Not in excess of the threshold",
}

REFERENCE = re.compile(r"^\s*(?:GHO-?)?0*(\d{1,9})\s*$", re.IGNORECASE)


# The columns the list shows: an application's profile and screening are large JSON, and the change
# page's joins (auditor, direction, creator) are not needed for a row.
LIST_COLUMNS = (
    "title",
    "state",
    "organisation__name",
    "evaluation_due_on",
    "closing_day",
    "received_on",
    "created_at",
    "assigned_officer__username",
    "assigned_officer__first_name",
    "assigned_officer__last_name",
)


class ApplicationChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return (
            queryset.select_related(None)
            .select_related("organisation", "assigned_officer")
            .only(*LIST_COLUMNS)
        )


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
        ("organisation", filters.ProponentFilter),
    ]
    list_select_related = ["organisation", "assigned_officer"]  # get_queryset's select_related wins
    list_per_page = 25
    search_fields = ["title", "description", "organisation__name", "organisation__abn"]
    search_help_text = "Title, description, proponent or reference (e.g. GHO-00012)."
    fieldsets = [
        (
            "The application (s31)",
            {
                "fields": [  # reference, stage and assigned officer head the summary
                    "title",
                    "organisation",
                    "created_by",
                    "description",
                    "location_state",
                    "location_description",
                    "affected_states_display",
                    "limb",
                    "direction",
                ],
                "classes": ["collapse"],  # the summary's facts say the most of it
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
                ],
                "classes": ["collapse"],
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
    # Which section of the change page shows each fieldset (the rest: the summary).
    fieldset_sections = {
        "Emissions (s25, s31(1)(a))": "screening",
        "Publication and comment (s33)": "notices",
        "Integrity": "log",
    }
    # Comments, documents and the log are bounded summaries (change_page), not inline formsets.
    inlines = [AmendmentRequestInline, NewspaperNoticeInline]

    class Media:
        css = {"all": ["assessments/admin.css"]}

    def get_inline_instances(self, request, obj=None):
        """Notices once published; amendment requests once there are any."""
        shown = []
        for inline in super().get_inline_instances(request, obj):
            if obj is not None and isinstance(inline, NewspaperNoticeInline):
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

    def get_changelist(self, request, **kwargs):
        return ApplicationChangeList

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The page in sections (change_page), each bounded whatever the number of comments or events."""
        if obj is not None:
            context.update(self._change_page_context(request, obj, context))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _change_page_context(self, request, application, context) -> dict:
        may_run = self.may_run_steps(request, application)
        deadline = filters.next_deadline(application)
        shown = request.GET.get("section", "")
        comments = change_page.comments_context(application)
        events = change_page.events_context(application)
        documents = change_page.documents_context(application)
        notes = {
            "screening": CONCLUSIONS.get((application.screening or {}).get("conclusion"), ""),
            "documents": _documents_note(documents["counts"]),
            "notices": _notices_note(application),
            "comments": _comments_note(comments),
            "log": f"{events['total']} event{'s' if events['total'] != 1 else ''}",
        }
        return {
            "buttons": office_buttons(application, request.user) if may_run else [],
            "awaiting_minister": application.state == State.ADVICE_GIVEN,
            "next_deadline": deadline.in_words(clock.legal_day()) if deadline else "",
            "officer_name": self.officer(application),
            "sections": change_page.sections(
                application,
                fieldsets=list(context["adminform"]),
                inline_formsets=context["inline_admin_formsets"],
                fieldset_sections=self.fieldset_sections,
                shown=shown if shown in change_page.SECTION_IDS else "",
                notes=notes,
            ),
            "comments": comments,
            "events": events,
            "documents": documents,
            **assignment_context(request, application),
            **failures_for(application),
        }

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
        return pdf_download(document, document.original_name, public=False)

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
        # Up to 1,200 months: collapsed, so the screening reads first.
        return format_html(
            "<details><summary>Monthly figures ({} months)</summary>"
            "<table><tr><th>Month</th>{}</tr>{}</table></details>",
            len(months),
            header,
            rows,
        )


def _documents_note(counts) -> str:
    superseded = f", {counts['superseded']} superseded" if counts["superseded"] else ""
    return f"{counts['current']} current{superseded}"


def _notices_note(application) -> str:
    if application.gazette_date is None:
        return "Not yet published"
    return (
        f"Gazette notice {statute.format_day(application.gazette_date)}; "
        f"closing day {statute.format_day(application.closing_day)}"
    )


def _comments_note(comments) -> str:
    counts = comments["counts"]
    if not comments["published"] and not counts["total"]:
        return "Not yet invited"
    return f"{counts['total']} made; made on time and still to consider: {counts['to_consider']}"


def _tonnes(value) -> str:
    try:
        return f"{Decimal(value):,f}"
    except (InvalidOperation, TypeError):
        return str(value)
