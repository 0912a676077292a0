"""The public register of decisions (s30, s42(1)), each decision's PDF, and the s35 directions."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import selectors
from assessments.api.base import pdf_download
from assessments.public_decisions import public_decision
from assessments.public_versions import directions_version, register_version
from assessments.services import decision_document
from greenhouse_office import clock
from greenhouse_office.public_pages import public_page
from greenhouse_office.statute.config import LEGAL_TIME_ZONE

from .decision_forms import OUTCOMES, DecisionSearchForm
from .register_context import cacheable  # noqa: F401 - open_data's

DECISIONS_PER_PAGE = 20
DIRECTIONS_PER_PAGE = 50


@require_GET
@public_page(register_version)
def decision_list(request):
    """/decisions/: every decision of the Minister, newest first; search by title or proponent, filter
    by outcome and year. An unknown filter value is reported and otherwise ignored."""
    decisions = selectors.published_decisions()
    years = [
        moment.year
        for moment in decisions.datetimes("decided_at", "year", order="DESC", tzinfo=LEGAL_TIME_ZONE)
    ]
    form = DecisionSearchForm(request.GET or None, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("q"):
        query = filters["q"]
        decisions = decisions.filter(Q(title__icontains=query) | Q(organisation__name__icontains=query))
    if filters.get("outcome"):
        decisions = decisions.filter(state=OUTCOMES[filters["outcome"]])
    if filters.get("year"):
        decisions = decisions.filter(decided_at__year=filters["year"])
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "searched": any(filters.values()),
        "page": page,
        "decisions": [public_decision(application) for application in page.object_list],
    }
    return render(request, "register/decisions.html", context)


@require_GET
def decision_pdf(request, reference):
    """The Minister's decision as its PDF (s30, public under s42(1)); 404 before the decision or where
    the Minister withheld it (s42(2)). Issued now, once, if its task never ran."""
    application = selectors.published_decision(reference)
    if application is None:
        raise Http404
    decision = public_decision(application)
    if decision.document_withheld is not None:
        raise Http404  # withheld under s42: listed as such on the pages, never downloadable
    document = decision.document or decision_document(application)
    if document is None or document.withheld_under_s42:
        raise Http404
    return pdf_download(document, f"{application.reference}-decision.pdf", public=True)


@require_GET
@public_page(directions_version)
def direction_list(request):
    """/directions/: the Minister's s35 directions and whether each has been answered.

    Public: the person directed (an organisation's name), the action, the due date, the day of the
    direction and its status. Not public: who in the Minister's office gave it and the organisation's
    contacts (s35 makes the direction, not the people handling it, a matter of record).
    """
    page = Paginator(selectors.public_directions(), DIRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    today = clock.legal_day()
    rows = []
    for direction in page.object_list:
        application = getattr(direction, "application", None)
        if direction.fulfilled_at is not None:
            status = "Fulfilled: an application was lodged"
        elif direction.due_on < today:
            status = "Overdue: no application lodged by the due date"
        else:
            status = "Outstanding: no application lodged yet"
        rows.append(
            {
                "direction": direction,
                "status": status,
                "application": application if application is not None and application.is_published else None,
            }
        )
    return render(request, "register/directions.html", {"page": page, "rows": rows})
