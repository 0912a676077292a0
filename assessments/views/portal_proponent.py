"""The proponent's portal (s31-s35): its organisation's applications and where each stands, the
Minister's s35 directions to it, and on each application the timeline, the documents, the Office's
amendment requests to answer, and only the acts the proponent may take now (lodge again, withdraw).

Who sees what is the selectors' (404 for another organisation's application); whether an act may run
is the executor's and the service's (the page shows their refusals in their words). Anyone signed in
who is not a proponent gets 403 on the proponent's act pages.
"""

from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.acts import APPLICATION_ACTS
from assessments.models import AmendmentRequest, Document, State
from assessments.selectors import applications_visible_to, directions_visible_to, visible_documents
from assessments.services import answer_amendment_request
from assessments.services.executor import check_may
from greenhouse_office.access import has_role
from greenhouse_office.roles import Role
from greenhouse_office.workflow.errors import ActRefused
from greenhouse_office.workflow.events import Kind
from greenhouse_office.workflow.web import show_refusal

from .portal_auditor import notices

PAGE_SIZE = 20
LODGE = APPLICATION_ACTS["lodge"]
WITHDRAW = APPLICATION_ACTS["withdraw"]


# --- Where an application stands, in words (the one mapping from State to sentences) --------------


@dataclass(frozen=True)
class Stage:
    holder: str  # who holds the application now
    now: str  # what is happening, citing the section
    next: str  # what happens next


STAGES: dict[State, Stage] = {
    State.DRAFT: Stage(
        "You",
        "You are preparing the application and its Greenhouse Impact Assessment (s31).",
        "Next: you lodge it with the Office.",
    ),
    State.LODGED: Stage(
        "The Greenhouse Office",
        "The Office is arranging an independent evaluation (s32).",
        "Next: an auditor is appointed.",
    ),
    State.RETURNED: Stage(
        "You",
        "The Office returned the application for amendment (s31).",
        "Next: you answer each request and lodge it again.",
    ),
    State.EVALUATION_COMMISSIONED: Stage(
        "The independent environmental auditor",
        "The auditor the Director appointed is evaluating the assessment (s32(2)).",
        "Next: the Office obtains the evaluation, within 30 days after it received the application (s32(1)).",
    ),
    State.EVALUATED: Stage(
        "The Greenhouse Office",
        "The Office has obtained the independent evaluation (s32(1)).",
        "Next: the Office publishes the assessment and the evaluation and invites public comment (s33).",
    ),
    State.OPEN_FOR_COMMENT: Stage(
        "The public",
        "The assessment and the evaluation are published for public comment (s33).",
        "Next: comments close after the closing day, and the Office considers them.",
    ),
    State.COMMENTS_CLOSED: Stage(
        "The Greenhouse Office",
        "Comments have closed; the Office is considering them (s33(3)).",
        "Next: the Office advises the Minister, with a report on the comments (s34).",
    ),
    State.ADVICE_GIVEN: Stage(
        "The Minister",
        "The Office has given its advice to the Minister (s34).",
        "Next: the Minister approves or refuses the action (s30).",
    ),
    State.APPROVED: Stage(
        "No one: decided",
        "The Minister approved the action (s30).",
        "Nothing further: the decision and its reasons are on the application's page.",
    ),
    State.REFUSED: Stage(
        "No one: decided",
        "The Minister refused the action (s30).",
        "Nothing further: the decision and its reasons are on the application's page.",
    ),
    State.WITHDRAWN: Stage(
        "No one: withdrawn",
        "You withdrew the application.",
        "Nothing further: a withdrawn application cannot be lodged again.",
    ),
}

# Changes between acts, in words (their payloads are not shown: some are the Office's only).
CHANGES = {
    "create_application": "the application was started",
    "update_application": "the application's details",
    "upload_document": "a document was uploaded",
    "answer_amendment_request": "an amendment request was answered",
    "record_comment": "a public comment was recorded",
    "consider_comment": "the Office considered a public comment",
    "issue_decision": "the Minister's decision was issued as a PDF",
    "issue_receipt": "the receipt of lodgement was issued as a PDF",
    "issue_notice": "the notice inviting comments was issued as a PDF",
    "issue_advice": "the Office's advice to the Minister was issued as a PDF",
}


def stage_of(application) -> Stage:
    return STAGES[State(application.state)]


TIMELINE_PER_PAGE = 50  # an application's events grow with its comments (each considered is one)
TIMELINE_PAGE = "timeline_page"


def timeline(application, number=None):
    """One page of the application's events in order (two queries): each act by its label, each
    change as "Changed: ...". Returns the Paginator page and its entries."""
    events = application.events.only("application", "sequence", "kind", "transition", "at", "section", "role")
    page = Paginator(events.order_by("sequence"), TIMELINE_PER_PAGE).get_page(number)
    entries = []
    for event in page:
        if event.kind == Kind.TRANSITION and event.transition in APPLICATION_ACTS:
            what = APPLICATION_ACTS[event.transition].label
        else:
            what = f"Changed: {CHANGES.get(event.transition, event.transition.replace('_', ' '))}"
        entries.append({"what": what, "at": event.at, "section": event.section, "by": event.role})
    return page, entries


# --- Who may, and what the proponent sees ---------------------------------------------------------


def proponent_only(view):
    """Signed in (else to the login page) and a proponent (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_a_proponent(request.user):
            return render(request, "portal/proponent_not_a_proponent.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def is_a_proponent(user) -> bool:
    return has_role(user, Role.PROPONENT) and user.organisation_id is not None


def own_applications(user):
    """The applications of the proponent's organisation (s31), newest first."""
    return (
        applications_visible_to(user)
        .filter(organisation_id=user.organisation_id)
        .order_by("-created_at", "pk")
    )


LISTED = ("title", "state", "evaluation_due_on", "closing_day", "advice_given_at")
DIRECTION_LISTED = ("action", "directed_at", "due_on", "fulfilled_at", "application__state")


def home_context(request, page_param="page") -> dict:
    """The proponent's section of the portal's home: its applications (paged) and its directions."""
    user = request.user
    # Only what the rows show: an application's profile and screening are large JSON.
    listed = own_applications(user).select_related(None).only(*LISTED)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get(page_param))
    return {
        "applications_page": page,
        "applications_page_param": page_param,
        "application_rows": [(application, stage_of(application)) for application in page],
        "directions": list(
            directions_visible_to(user)
            .filter(organisation_id=user.organisation_id)
            .select_related(None)
            .select_related("application")
            .only(*DIRECTION_LISTED)
        ),
    }


# --- Forms (input only: the act's rules are the service's) ---------------------------------------


class AnswerForm(forms.Form):
    response = forms.CharField(
        label="What did you change?",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Say what was changed."},
    )


def _application(user, pk):
    return get_object_or_404(
        own_applications(user).prefetch_related("documents", "amendment_requests"), pk=pk
    )


def _answer_forms(application, bound: AnswerForm | None = None, bound_pk=None) -> list:
    """Each amendment request with, while the application is returned, the form that answers it."""
    rows = []
    for amendment in application.amendment_requests.all():
        form = None
        if application.state == State.RETURNED:
            form = bound if amendment.pk == bound_pk else AnswerForm(prefix=f"request-{amendment.pk}")
        rows.append((amendment, form))
    return rows


def _detail(request, application, *, status=200, bound=None, bound_pk=None):
    acts = {act.name for act in APPLICATION_ACTS.available(application, request.user)}
    timeline_page, entries = timeline(application, request.GET.get(TIMELINE_PAGE))
    context = {
        **notices(request),
        "application": application,
        "stage": stage_of(application),
        "timeline": entries,
        "timeline_page": timeline_page,
        # The receipt and the notice have their own links (the current one, issued if its task was lost).
        "documents": [
            d
            for d in visible_documents(request.user, application, application.documents.all())
            if d.kind not in (Document.Kind.RECEIPT, Document.Kind.NOTICE)
        ],
        "offers_receipt": application.received_on is not None,  # s31: once lodged
        "offers_notice": bool(application.gazette_date and application.closing_day),  # s33(2): once published
        "amendments": _answer_forms(application, bound, bound_pk),
        "form": bound,  # the error summary links to a refused answer's field
        "may_lodge": LODGE.name in acts,
        "lodge_label": "Lodge again" if application.state == State.RETURNED else LODGE.label,
        "may_withdraw": WITHDRAW.name in acts,
        # s30: the decision's PDF, stored after the decision commits (or issued on the first download).
        "decided_by_the_minister": application.state in (State.APPROVED, State.REFUSED),
    }
    return render(request, "portal/proponent_application.html", context, status=status)


# --- The screens ------------------------------------------------------------------------------------


@proponent_only
@require_GET
def application_detail(request, pk):
    """One of the organisation's applications: where it stands, its timeline, documents and requests."""
    return _detail(request, _application(request.user, pk))


@proponent_only
@require_POST
def answer(request, pk, request_pk):
    """Answer one of the Office's amendment requests while the application is returned."""
    application = _application(request.user, pk)
    amendment = get_object_or_404(AmendmentRequest, application=application, pk=request_pk)
    form = AnswerForm(request.POST, prefix=f"request-{amendment.pk}")
    if not form.is_valid():
        return _detail(request, application, status=400, bound=form, bound_pk=amendment.pk)
    try:
        answer_amendment_request(
            request=amendment, actor=request.user, response=form.cleaned_data["response"]
        )
    except ActRefused as error:
        status = show_refusal(request, error, form)
        return _detail(request, application, status=status, bound=form, bound_pk=amendment.pk)
    messages.success(request, f"{application.reference}: your answer is saved.")
    return redirect("portal:application", pk=application.pk)


@proponent_only
@require_POST
def lodge(request, pk):
    """s31: lodge the application (again, once each request is answered); refusals in the guards' words."""
    application = _application(request.user, pk)
    try:
        outcome = LODGE.run(application, request.user)
    except ActRefused as error:
        return _detail(request, _application(request.user, pk), status=show_refusal(request, error))
    record = outcome.record
    messages.success(
        request,
        f"{record.reference} is lodged. The Office received it on {record.received_on:%-d %B %Y}; "
        f"the independent evaluation is due by {record.evaluation_due_on:%-d %B %Y} (s32(1)).",
    )
    return redirect("portal:application", pk=record.pk)


@proponent_only
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    """Withdraw the application before the decision: a reason and a confirmation, then the act."""
    application = _application(request.user, pk)
    form = WITHDRAW.form(request.POST or None, application=application)
    status = 200
    if WITHDRAW not in APPLICATION_ACTS.available(application, request.user):
        try:  # the executor says why not, in its words (e.g. 409: already decided)
            check_may(application, WITHDRAW.name, request.user)
        except ActRefused as error:
            status = show_refusal(request, error)
        form = None
    elif request.method == "POST":
        if form.is_valid():
            try:
                outcome = WITHDRAW.run(application, request.user, **form.payload())
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                messages.success(
                    request,
                    f"{outcome.record.reference} is withdrawn. The Office has been told; "
                    "it cannot be lodged again.",
                )
                return redirect("portal:application", pk=application.pk)
        else:
            status = 400
    context = {**notices(request), "application": application, "form": form, "act": WITHDRAW}
    return render(request, "portal/proponent_withdraw.html", context, status=status)
