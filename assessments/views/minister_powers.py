"""The Minister's other powers on the dashboard: directions to prepare a Greenhouse Impact Assessment
(s35) and determinations that information not be made public (s42(2)-(4)).

Access and logging are ``minister_only``'s; the acts and their refusals are the services'
(``direct_assessment``, ``determine_withheld``), shown in their words.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.api.base import pdf_download
from assessments.errors import AssessmentError
from assessments.minister_forms import DirectionForm, WithholdForm
from assessments.models import Direction, WithheldInformation
from assessments.selectors import directions_visible_to, documents_visible_to
from assessments.services.directions import direct_assessment, direction_document
from assessments.services.issuing import day_in_words
from assessments.services.withheld import determine_withheld
from greenhouse_office import clock
from greenhouse_office.workflow.web import show_refusal

from .minister import _application, minister_only

PAGE_SIZE = 20


@dataclass(frozen=True)
class DirectionRow:
    direction: Direction
    status: str
    overdue: bool


def direction_status(direction: Direction, today) -> tuple[str, bool]:
    """The direction's status in words, and whether it is overdue."""
    if direction.fulfilled_at is not None:
        return f"Fulfilled on {day_in_words(direction.fulfilled_at)}: an application was lodged", False
    if direction.due_on < today:
        days = (today - direction.due_on).days
        return f"Overdue by {days} day{'' if days == 1 else 's'}: no application lodged by the due date", True
    return "Outstanding: no application lodged yet", False


# --- Directions (s35) ------------------------------------------------------------------------------


@minister_only
@require_GET
def directions(request):
    """/minister/directions/: the directions given, newest first, with their status in words."""
    page = Paginator(directions_visible_to(request.user).order_by("-directed_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = clock.legal_day()
    rows = [DirectionRow(direction, *direction_status(direction, today)) for direction in page]
    return render(request, "minister/directions.html", {"page": page, "rows": rows})


@minister_only
@require_http_methods(["GET", "POST"])
def direction_new(request):
    """/minister/directions/new/: s35, direct a person to prepare a GIA of an action by a due date."""
    form = DirectionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                direction = direct_assessment(actor=request.user, **form.payload())
            except AssessmentError as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(
                    request,
                    f"Direction given to {direction.organisation.name} under section 35: the Greenhouse "
                    f"Impact Assessment is due on {day_in_words(direction.due_on)}. "
                    "The people of the organisation are told by email.",
                )
                return redirect("minister:directions")
        else:
            status = 400
    context = {"form": form, "refused": status >= 400}
    return render(request, "minister/directions_new.html", context, status=status)


@minister_only
@require_GET
def direction_pdf(request, pk):
    """s35: the direction as issued (issued now if its task never ran)."""
    direction = direction_document(get_object_or_404(directions_visible_to(request.user), pk=pk))
    return pdf_download(direction, f"direction-{direction.pk}.pdf", public=False)


# --- Information not to be made public (s42(2)-(4)) ------------------------------------------------


@minister_only
@require_http_methods(["GET", "POST"])
def withhold(request, pk):
    """/minister/applications/<pk>/withhold/: determine that an item not be made public (s42(2)-(4)),
    with the Minister's reasons; the items already withheld are listed with their grounds and reasons."""
    application = _application(request, pk)
    documents = (
        documents_visible_to(request.user, application)
        .filter(superseded_at__isnull=True)
        .order_by("kind", "uploaded_at", "pk")
    )
    form = WithholdForm(request.POST if request.method == "POST" else None, documents=documents)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                withheld = determine_withheld(application=application, actor=request.user, **form.payload())
            except AssessmentError as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(
                    request,
                    f"{withheld.what} of {application.reference} is not to be made public: "
                    f"{withheld.notice}. "
                    "The public registers list it as withheld, with its ground and your reasons.",
                )
                return redirect("minister:withhold", pk=application.pk)
        else:
            status = 400
    withheld_items = WithheldInformation.objects.filter(application=application).select_related(
        "document", "application"
    )
    context = {
        "application": application,
        "form": form,
        "withheld": withheld_items,
        "refused": status >= 400,
    }
    return render(request, "minister/withhold.html", context, status=status)
