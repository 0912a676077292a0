"""The Minister's dashboard (s30, s34): the queue of applications with the Office's advice, each
application's decision page (the proposal, the screening, the advice and its report on the comments,
the evaluation, the comments), and the decision itself, approve or refuse, through the acts.

Only the Minister gets in (403 for everyone else signed in; TOTP is the accounts middleware's), and
every request that gets in is logged (``MinisterialAccess``). What the Minister may see is the
selectors'; whether a decision may be made is the executor's and the guards', shown in their words.
"""

from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.acts import APPLICATION_ACTS
from assessments.api.base import pdf_download
from assessments.models import Application, Document, MinisterialAccess, State
from assessments.selectors import applications_visible_to, documents_visible_to
from assessments.services import decision_document
from assessments.services.advice import advice_document, comments_by_theme, why_late
from assessments.services.executor import check_may
from assessments.targets import target_position
from greenhouse_office import clock, statute
from greenhouse_office.access import is_minister
from greenhouse_office.jurisdictions import StateOrTerritory
from greenhouse_office.workflow.errors import ActRefused
from greenhouse_office.workflow.web import show_refusal

PAGE_SIZE = 20
COMMENTS_SHOWN = 20  # the rest are in the report on the comments and the advice PDF
# The report on the comments on the page, capped (the advice PDF has all of it): an application may
# draw thousands of comments, each with its own theme or response.
THEMES_SHOWN = 20
RESPONSES_SHOWN = 10  # of a theme
REFERENCES_SHOWN = 20  # of a response
CONCLUSIONS = {  # statute.screening.Conclusion, in words
    "in_excess": "In excess of the threshold in some 12 consecutive months (s30(a), s31(1)(a))",
    "cannot_rule_out": "Cannot be ruled out: no 12 calendar months are in excess, but some 13 are",
    "not_in_excess": "Not in excess of the threshold in any 12 months",
}
DECISION_ACTS = {"approve": APPLICATION_ACTS["approve"], "refuse": APPLICATION_ACTS["refuse"]}


def minister_only(view):
    """Signed in (else to sign in) and the Minister (else 403); every request let in is logged, with
    the application the view found (``request.minister_application``), even if the view fails."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_minister(request.user):
            return render(request, "minister/not_the_minister.html", status=403)
        request.minister_application = None
        try:
            return view(request, *args, **kwargs)
        finally:
            MinisterialAccess.objects.create(
                user=request.user,
                at=clock.legal_now(),
                method=request.method[:10],
                path=request.get_full_path()[:500],
                application=request.minister_application,
            )

    return wrapped


def _application(request, pk) -> Application:
    """An application the Minister may see (advice given: selectors), else 404; noted for the log."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    request.minister_application = application
    return application


def waited_in_words(days: int) -> str:
    if days <= 0:
        return "Advice given today"
    return f"{days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class QueueRow:
    application: Application
    advised_on: date
    waited: str


# --- The queue ---------------------------------------------------------------------------------------


@minister_only
@require_GET
def queue(request):
    """/minister/: the applications awaiting the decision (advice given, s34), oldest advice first."""
    # Only what the rows show: an application's profile and screening are large JSON.
    awaiting = (
        applications_visible_to(request.user)
        .filter(state=State.ADVICE_GIVEN)
        .select_related(None)
        .select_related("organisation")
        .only("title", "state", "recommendation", "advice_given_at", "organisation__name")
        .order_by("advice_given_at", "pk")
    )
    page = Paginator(awaiting, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.legal_day()
    rows = []
    for application in page:
        advised_on = clock.legal_day(application.advice_given_at)
        rows.append(QueueRow(application, advised_on, waited_in_words((today - advised_on).days)))
    return render(request, "minister/queue.html", {"page": page, "rows": rows})


# --- The decision page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeShown:
    theme: str
    count: int
    responses: list[tuple[str, list[str], int]]  # the response, the references shown, how many more
    more_responses: int


def _report_shown(report) -> list[ThemeShown]:
    """The first themes of the report on the comments, each with its first responses and references."""
    shown = []
    for group in report.groups[:THEMES_SHOWN]:
        responses = group.responses
        shown.append(
            ThemeShown(
                theme=group.theme,
                count=len(group.comments),
                responses=[
                    (text, references[:REFERENCES_SHOWN], max(0, len(references) - REFERENCES_SHOWN))
                    for text, references in responses[:RESPONSES_SHOWN]
                ],
                more_responses=max(0, len(responses) - RESPONSES_SHOWN),
            )
        )
    return shown


def _brief(application: Application) -> dict:
    screening = application.screening or {}
    return {
        "conclusion": CONCLUSIONS.get(screening.get("conclusion"), ""),
        "source_categories": statute.source_category_labels(application.source_categories),
        "affected_states": [
            StateOrTerritory(code).label
            for code in (application.notice_states or application.affected_states)
            if code in StateOrTerritory.values
        ],
    }


def _evaluation(request, application) -> Document | None:
    return (
        documents_visible_to(request.user, application)
        .filter(kind=Document.Kind.EVALUATION, superseded_at__isnull=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


@minister_only
@require_GET
def decision_page(request, pk):
    """/minister/applications/<pk>/: what the Minister considers before deciding (s30, s34)."""
    application = _application(request, pk)
    report = comments_by_theme(application)
    everyone = [comment for group in report.groups for comment in group.comments] + report.late
    everyone.sort(key=lambda comment: (comment.received_at, comment.pk))
    acts = {act.name for act in APPLICATION_ACTS.available(application, request.user)}
    context = {
        **_brief(application),
        "application": application,
        "report": report,
        "themes": _report_shown(report),
        "more_themes": max(0, len(report.groups) - THEMES_SHOWN),
        "late": [(comment, why_late(comment)) for comment in report.late[:COMMENTS_SHOWN]],
        "comments": everyone[:COMMENTS_SHOWN],
        "comment_count": len(everyone),
        "evaluation": _evaluation(request, application),
        "target_position": target_position(application),  # s8, s30(d): the action against the targets
        "may_decide": {"approve", "refuse"} <= acts,
        "decided": application.state in (State.APPROVED, State.REFUSED),
    }
    return render(request, "minister/decision_page.html", context)


# --- Approve or refuse (s30) ---------------------------------------------------------------------------


@minister_only
@require_http_methods(["GET", "POST"])
def decide(request, pk, name):
    """s30: approve or refuse; the findings and reasons are judged by the guards, in the Act's words."""
    act = DECISION_ACTS.get(name)
    if act is None:
        raise Http404
    application = _application(request, pk)
    # Bound on every POST, even an empty one: nothing ticked is an answer the guards judge.
    form = act.form(request.POST if request.method == "POST" else None, application=application)
    status = 200
    if act not in APPLICATION_ACTS.available(application, request.user):
        try:  # the executor says why not (e.g. 409: already decided)
            check_may(application, act.name, request.user)
        except ActRefused as error:
            status = show_refusal(request, error)
        form = None
    elif request.method == "POST":
        if form.is_valid():
            try:
                act.run(application, request.user, **form.payload())
            except ActRefused as error:
                status = show_refusal(request, error, form)
            else:
                return redirect("minister:decided", pk=application.pk)
        else:
            status = 400
    context = {
        "application": application,
        "form": form,
        "act": act,
        "approving": name == "approve",
        "refused": status >= 400,
    }
    return render(request, "minister/decide.html", context, status=status)


@minister_only
@require_GET
def decided(request, pk):
    """The confirmation: the outcome, the findings and reasons, and the decision PDF (issued after
    commit by the act's task; the download issues it if the task has not run yet)."""
    application = _application(request, pk)
    if application.state not in (State.APPROVED, State.REFUSED):
        return redirect("minister:application", pk=application.pk)
    return render(request, "minister/decided.html", {"application": application})


# --- Downloads (private, never cached) -----------------------------------------------------------------


@minister_only
@require_GET
def advice_pdf(request, pk):
    """s34: the Office's advice with its report on the comments, as issued (issued now if its task
    never ran)."""
    application = _application(request, pk)
    document = advice_document(application)
    if document is None:
        raise Http404
    return pdf_download(document, f"{application.reference}-advice.pdf", public=False)


@minister_only
@require_GET
def evaluation_pdf(request, pk):
    """s32: the independent evaluation of the Greenhouse Impact Assessment."""
    application = _application(request, pk)
    document = _evaluation(request, application)
    if document is None:
        raise Http404
    return pdf_download(document, f"{application.reference}-evaluation.pdf", public=False)


@minister_only
@require_GET
def decision_pdf(request, pk):
    """s30: the decision instrument, once made."""
    application = _application(request, pk)
    document = decision_document(application)
    if document is None:
        raise Http404
    return pdf_download(document, f"{application.reference}-decision.pdf", public=False)
