"""The independent environmental auditor's portal (s32): appointed applications, the GIA to read,
the evaluation to upload and record in one confirmed step, and the auditor's own register entry.

Who sees what is the selectors' (404 for an application the auditor is not appointed to); whether
the evaluation may be recorded is the executor's (the page shows its refusals in its words).
Anyone signed in who is not an auditor gets 403 with a page saying where to go instead.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from assessments.acts import APPLICATION_ACTS
from assessments.models import IndependentAuditor, State
from assessments.selectors import applications_visible_to, visible_documents
from assessments.services.executor import check_may
from assessments.services.register import (
    AUDITOR_FIELDS,
    record_register_change,
    register_values,
    save_engagements,
)
from greenhouse_office import clock
from greenhouse_office.access import has_role
from greenhouse_office.roles import Role
from greenhouse_office.workflow.errors import ActRefused
from greenhouse_office.workflow.web import show_refusal

from .auditor_forms import DeclarationsForm, EngagementFormSet, RecordMyEvaluationForm

PAGE_SIZE = 20
RECORD = APPLICATION_ACTS["record_evaluation"]


def auditor_only(view):
    """Signed in (else to the login page) and an independent environmental auditor (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_role(request.user, Role.INDEPENDENT_AUDITOR):
            return render(request, "portal/not_an_auditor.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def appointed_applications(user):
    """The applications ``user`` is appointed to evaluate (s32(2)), soonest deadline first."""
    return applications_visible_to(user).filter(auditor__user_id=user.pk).order_by("evaluation_due_on", "pk")


def notices(request) -> dict:
    """The page's messages, split: errors for the error summary, the rest for a success banner."""
    stored = list(messages.get_messages(request))
    return {
        "page_errors": [m for m in stored if m.level == messages.ERROR],
        "page_successes": [m for m in stored if m.level != messages.ERROR],
        "messages": (),  # shown here, so not again by the layout
    }


def deadline(application, today) -> dict | None:
    """s32(1): the evaluation's due day and how far off it is, while it is still to be recorded."""
    if application.evaluation_due_on is None:
        return None
    return {
        "due_on": application.evaluation_due_on,
        "days": (days := (application.evaluation_due_on - today).days),
        "late": -days,
        "open": application.state == State.EVALUATION_COMMISSIONED,
        "received_on": application.evaluation_received_on,
    }


def home_context(request, page_param="page") -> dict:
    """The auditor's section of the portal's home (views/portal.py): appointments, each with its deadline."""
    page = Paginator(appointed_applications(request.user), PAGE_SIZE).get_page(request.GET.get(page_param))
    today = clock.legal_day()
    rows = [(application, deadline(application, today)) for application in page]
    return {"page": page, "page_param": page_param, "rows": rows, "today": today}


@auditor_only
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    """One appointed application; while the evaluation is commissioned, the form that records it."""
    application = get_object_or_404(appointed_applications(request.user).prefetch_related("documents"), pk=pk)
    may_record = RECORD in APPLICATION_ACTS.available(application, request.user)
    form, status = None, 200
    if may_record:
        form = RecordMyEvaluationForm(request.POST or None, request.FILES or None, application=application)
    if request.method == "POST":
        if form is None:  # the executor says why not, in its words (e.g. 409: already evaluated)
            try:
                check_may(application, RECORD.name, request.user)
            except ActRefused as error:
                status = show_refusal(request, error)
        elif form.is_valid():
            try:
                with transaction.atomic():  # the upload and the act together, or neither
                    outcome = RECORD.run(application, request.user, **form.payload())
            except ActRefused as error:
                status = show_refusal(request, error, form, aliases={"file": "evaluation"})
            else:
                record = outcome.record
                messages.success(
                    request,
                    f"{record.reference}: your evaluation is recorded. The application is now "
                    f"{State(record.state).label.lower()}.",
                )
                return redirect("portal:application", pk=record.pk)
        else:
            status = 400
    context = {
        **notices(request),
        "application": application,
        # The Minister's decision and the Office's advice are not the auditor's (selectors).
        "documents": visible_documents(request.user, application, application.documents.all()),
        "deadline": deadline(application, clock.legal_day()),
        "form": form,
        "act": RECORD,
    }
    return render(request, "portal/auditor_application.html", context, status=status)


@auditor_only
@require_http_methods(["GET", "POST"])
def register(request):
    """s32(2): the auditor's own register entry; every save is logged with before and after."""
    auditor = IndependentAuditor.objects.filter(user=request.user).first()
    if auditor is None:
        raise Http404("You are not on the register of independent environmental auditors.")
    data = request.POST if request.method == "POST" else None
    before = register_values(auditor, AUDITOR_FIELDS)
    form = DeclarationsForm(data, instance=auditor)
    engagements = EngagementFormSet(data, instance=auditor, prefix="engagements")
    if request.method == "POST":
        if form.is_valid() and engagements.is_valid():
            with transaction.atomic():
                form.save()
                record_register_change(
                    auditor=auditor,
                    actor=request.user,
                    change="change_auditor",
                    before=before,
                    after=register_values(auditor, AUDITOR_FIELDS),
                )
                save_engagements(engagements, auditor=auditor, actor=request.user)
            messages.success(request, "Your register entry is saved. The change is logged.")
            return redirect("portal:register")
        status = 400
    else:
        status = 200
    context = {**notices(request), "auditor": auditor, "form": form, "engagements": engagements}
    return render(request, "portal/auditor_register.html", context, status=status)
