"""The public register of assessments (s33), for everyone without signing in: the list with search,
filters and sorting; an assessment's page (its reference is its stable address); its published
documents (s33(1)(a)); and "Request a copy" (s33(1)(a): copies on request). What is public is the
selectors' to say; anything else is 404.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from assessments import selectors
from assessments.api.base import pdf_download
from assessments.models import Application, Document, State
from assessments.public_versions import assessment_version, register_version
from assessments.services import comments, copy_requests, office_document
from greenhouse_office import clock, statute
from greenhouse_office.jurisdictions import StateOrTerritory
from greenhouse_office.public_pages import public_page
from greenhouse_office.throttling import FixedWindowThrottle

from . import register_context
from .register_forms import SORTS, STAGES, CopyRequestForm, RegisterSearchForm

PAGE_SIZE = 20
# What the list is filtered by (not its sort or page, which leave the count as it is).
FILTERS = ("q", "state", "source_category", "stage", "open")
# Seconds a filtered count is kept. Never stale (its key has the register's version), so this only
# bounds how long counts no one asks for any more take up room.
COUNT_SECONDS = 5 * 60
# The public timeline in words (selectors.PUBLIC_TIMELINE_TRANSITIONS): the act and its day, no more.
TIMELINE_WORDS = {
    "lodge": "The proponent lodged the application with the Office",
    "commission_evaluation": "The Director commissioned an independent evaluation",
    "record_evaluation": "The Office obtained the independent evaluation",
    "publish_for_comment": "Published for public comment",
    "close_comments": "Comments closed",
    "give_advice": "The Office gave its advice to the Minister",
    "approve": "The Minister approved the action",
    "refuse": "The Minister refused the action",
}
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class CommentWindow:
    """s33(2)(d)(ii): the closing day and, while comments are open, the days left (Canberra)."""

    closing_day: date | None
    effective_closing_day: date | None  # AIA s36(2): the next business day if the closing day is not one
    open: bool
    days_left: int | None


def comment_window(application: Application, at=None) -> CommentWindow:
    if not application.closing_day:
        return CommentWindow(None, None, False, None)
    # The one rule of when comments are on time (services.comments), asked of the legal day shown.
    last_day = comments.last_day_for_comments(application)
    is_open = comments.comments_open(application, at)
    today = clock.legal_day(at)
    days_left = (application.closing_day - today).days if is_open else None
    return CommentWindow(application.closing_day, last_day, is_open, days_left)


def earliest_open_closing_day(today: date) -> date:
    """The earliest closing day on which comments are still on time today (AIA s36(2) carries a
    closing day on a weekend or holiday to the next business day; the extension is monotone)."""
    day = today
    while statute.effective_closing_day(day - ONE_DAY) >= today:
        day -= ONE_DAY
    return day


def _search(applications, q: str):
    """Title, proponent or place (the State or Territory's name, or the described location)."""
    for word in q.split():
        places = [code for code, name in StateOrTerritory.choices if word.lower() in name.lower()]
        places += [code for code in StateOrTerritory.values if code == word.upper()]
        applications = applications.filter(
            Q(title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(location_description__icontains=word)
            | Q(location_state__in=places)
        )
    return applications


# What a row of the list shows (and its comment window reads): not the profile, screening or reports.
LIST_COLUMNS = ("title", "state", "location_state", "location_description", "closing_day", "gazette_date")


def _register(data: dict, today: date):
    applications = selectors.register_of_assessments().only(*LIST_COLUMNS, "organisation__name")
    if data.get("q"):
        applications = _search(applications, data["q"])
    if data.get("state"):
        code = data["state"]
        applications = applications.filter(
            Q(location_state=code)
            | Q(notice_states__icontains=f'"{code}"')
            | Q(affected_states__icontains=f'"{code}"')
        )
    if data.get("source_category"):  # a JSON list of codes; the quotes keep "2.A" from matching "2.A.1"
        applications = applications.filter(source_categories__icontains=f'"{data["source_category"]}"')
    if data.get("stage"):
        applications = applications.filter(state=data["stage"])
    if data.get("open"):
        applications = applications.filter(
            state=State.OPEN_FOR_COMMENT, closing_day__gte=earliest_open_closing_day(today)
        )
    sort = data.get("sort") or "newest"
    if sort == "closing":  # those still open first: the soonest closing day is the one to act on
        applications = applications.annotate(
            closed=Case(When(state=State.OPEN_FOR_COMMENT, then=Value(0)), default=Value(1))
        ).order_by("closed", "closing_day", "pk")
        return applications
    return applications.order_by(*SORTS[sort][1])


class CachedCountPaginator(Paginator):
    """A Paginator whose count (a COUNT(*) over the filtered register) is kept in the shared cache
    under ``count_key``; without a key it counts every time, as Paginator does."""

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        counted = cache.get(self.count_key)
        if counted is None:
            counted = super().count
            cache.set(self.count_key, counted, COUNT_SECONDS)
        return counted


def _count_key(data: dict, today: date, version) -> str | None:
    """The filtered count's cache key: the filters (canonical), the legal day ("open" depends on it)
    and the register's version, so any change to the register asks for a new count. None while the
    version is unknown (a signed-in person's request, which computes none)."""
    if version is None:
        return None
    filters = urlencode(sorted((name, str(data[name])) for name in FILTERS if data.get(name)))
    parts = (filters, today.isoformat(), repr(version))
    return "register-count:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


@require_GET
@public_page(register_version)
def assessment_list(request):
    """/assessments/: every published assessment, searched, filtered, sorted and paged (GET only)."""
    form = RegisterSearchForm(request.GET or None)
    data = {}
    if form.is_bound:
        form.is_valid()
        data = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    today = clock.legal_day()
    count_key = _count_key(data, today, getattr(request, "public_version", None))
    page = CachedCountPaginator(_register(data, today), PAGE_SIZE, count_key=count_key).get_page(
        request.GET.get("page")
    )
    rows = [(application, STAGES[application.state], comment_window(application)) for application in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "searched": any(data.get(f) for f in FILTERS),
    }
    return render(request, "register/assessments.html", context)


def _assessment(reference) -> Application:
    application = selectors.published_assessment(reference)
    if application is None:
        raise Http404("No published assessment has this reference.")
    return application


@require_GET
@public_page(assessment_version)
def assessment_detail(request, reference):
    """/assessments/<reference>/: the assessment, its documents, the notice and the timeline."""
    application = _assessment(reference)
    documents = {document.kind: document for document in application.public_documents}
    context = {
        "application": application,
        "stage": STAGES[application.state],
        "window": comment_window(application),
        "public_documents": [
            ("Greenhouse Impact Assessment", documents.get("gia")),
            ("independent evaluation", documents.get("evaluation")),
        ],
        # s33(1)(b)(ii): the Office's list when it published (else the proponent's).
        "source_categories": statute.source_category_labels(application.source_categories),
        "affected_states": [
            StateOrTerritory(code).label
            for code in (application.notice_states or application.affected_states)
            if code in StateOrTerritory.values
        ],
        "timeline": [
            {"what": TIMELINE_WORDS[event.transition], "at": event.at, "section": event.section}
            for event in application.public_events
        ],
    }
    context.update(register_context.comments_context(application, request))
    context.update(register_context.decision_context(application, request))
    return render(request, "register/assessment.html", context)


@require_GET
def document_download(request, reference, document_pk):
    """s33(1)(a): a published assessment's GIA or evaluation (current, not withheld), as a PDF."""
    pk = selectors.application_pk_of(reference)
    document = selectors.public_document(pk, document_pk) if pk else None
    if document is None:
        raise Http404
    return pdf_download(document, f"{document.application.reference}-{document.kind}.pdf", public=True)


@require_GET
def notice_download(request, reference):
    """s33(2): a published assessment's notice inviting comments, as the Office issued it (the current
    one; issued now if its task never ran)."""
    document = office_document(_assessment(reference), Document.Kind.NOTICE)
    if document is None:
        raise Http404
    return pdf_download(document, f"{reference}-notice.pdf", public=True)


class CopyRequestThrottle(FixedWindowThrottle):
    """Per client, as the API throttles public comments (settings: DEFAULT_THROTTLE_RATES)."""

    scope = "copy_requests"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def copy_request(request, reference):
    """s33(1)(a): ask for a copy of the assessment and/or the evaluation, by email or by post."""
    application = _assessment(reference)
    form = CopyRequestForm(request.POST or None)
    if request.method == "POST":
        throttle = CopyRequestThrottle()
        if not throttle.allow_request(request, None):
            return render(
                request,
                "register/copy_request_throttled.html",
                {"application": application, "wait": int(throttle.wait() or 60)},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            copy_requests.request_copy(
                application=application,
                name=data["name"],
                email=data["email"],
                postal_address=data["postal_address"],
                documents=data["documents"],
                format=data["format"],
                suspected_spam=bool(data["website"]),
            )
            return redirect("register:copy-request-sent", reference=application.reference)
    return render(request, "register/copy_request.html", {"application": application, "form": form})


@require_GET
def copy_request_sent(request, reference):
    application = _assessment(reference)
    return render(
        request,
        "register/copy_request_sent.html",
        {"application": application, "due_on": copy_requests.due_on(clock.legal_day())},
    )
