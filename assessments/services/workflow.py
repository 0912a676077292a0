"""One service per legal act of Parts 5-6. Views, the API, admin and jobs call these only."""

from datetime import date

from django.utils import timezone

from assessments import guards
from assessments.errors import AssessmentError, Refusal
from assessments.models import (
    AmendmentRequest,
    Application,
    IndependentAuditor,
    NewspaperNotice,
    Recommendation,
)
from greenhouse_office import statute
from greenhouse_office.notices import queue_notice
from greenhouse_office.roles import Role

from .applications import screening_of
from .executor import Outcome, run_transition


def lodge(*, application: Application, actor) -> Outcome:
    """s31: the proponent lodges; the day of receipt starts the s32(1) 30 days."""
    received = statute.legal_today()
    deadline = statute.evaluation_deadline(received)

    def rescreen(app):
        app.screening = screening_of(app.emission_profile, app.gwp_set)

    def fulfil_direction(app):
        if app.direction_id and app.direction.fulfilled_at is None:
            app.direction.fulfilled_at = timezone.now()
            app.direction.save(update_fields=["fulfilled_at"])

    return run_transition(
        application,
        "lodge",
        actor=actor,
        payload={"received_on": received, "evaluation_due_on": deadline.deadline},
        before_save=rescreen,
        after_save=fulfil_direction,
    )


def return_for_amendment(*, application: Application, actor, requests: list[dict]) -> Outcome:
    """The Office returns the application naming, one by one, what is missing or wrong."""
    problems = _amendment_problems(requests)
    if problems:
        raise AssessmentError(Refusal.INVALID, *problems, field_errors={"requests": problems})

    def create_requests(app):
        AmendmentRequest.objects.bulk_create(
            AmendmentRequest(application=app, kind=r["kind"], detail=r["detail"].strip(), requested_by=actor)
            for r in requests
        )

    return run_transition(
        application,
        "return_for_amendment",
        actor=actor,
        payload={},
        after_save=create_requests,
        logged={"requests": requests},
    )


def _amendment_problems(requests) -> list[str]:
    if not isinstance(requests, list) or not requests:
        return ["Name at least one thing the proponent must amend."]
    problems = []
    for number, request in enumerate(requests, start=1):
        if not isinstance(request, dict) or request.get("kind") not in AmendmentRequest.Kind.values:
            problems.append(
                f"Request {number}: kind must be one of {', '.join(AmendmentRequest.Kind.values)}."
            )
        elif not str(request.get("detail") or "").strip():
            problems.append(f"Request {number}: say what is missing or wrong.")
    return problems


def commission_evaluation(*, application: Application, actor, auditor: IndependentAuditor) -> Outcome:
    """s32(2): the Director appoints an independent environmental auditor (refused if not independent)."""
    today = statute.legal_today()
    return run_transition(
        application,
        "commission_evaluation",
        actor=actor,
        payload={"auditor": auditor, "commissioned_on": today},
        refusals=lambda app: guards.auditor_refusals(app, auditor, today),
        logged={"auditor": auditor.user.get_username(), "commissioned_on": today},
    )


def record_evaluation(*, application: Application, actor) -> Outcome:
    """s32(1): the evaluation is obtained (its PDF already uploaded)."""
    return run_transition(
        application, "record_evaluation", actor=actor, payload={"received_on": statute.legal_today()}
    )


def publish_for_comment(
    *,
    application: Application,
    actor,
    gazette_date: date,
    internet_published_on: date,
    comment_address: str,
    closing_day: date,
    newspapers: list[dict],
) -> Outcome:
    """s33: publish the assessment and evaluation with notices in the Gazette, newspapers and Internet."""
    missing = {
        name: ["This field is required."]
        for name, value in (
            ("gazette_date", gazette_date),
            ("internet_published_on", internet_published_on),
            ("comment_address", (comment_address or "").strip()),
            ("closing_day", closing_day),
        )
        if not value
    }
    if missing:
        raise AssessmentError(
            Refusal.INVALID, "s33(1)(b), s33(2): the notice is incomplete.", field_errors=missing
        )

    def create_notices(app):
        NewspaperNotice.objects.bulk_create(NewspaperNotice(application=app, **n) for n in newspapers)

    outcome = run_transition(
        application,
        "publish_for_comment",
        actor=actor,
        payload={
            "gazette_date": gazette_date,
            "internet_published_on": internet_published_on,
            "comment_address": comment_address.strip(),
            "closing_day": closing_day,
        },
        refusals=lambda app: guards.publication_refusals(
            app, gazette_date=gazette_date, closing_day=closing_day, newspapers=newspapers
        ),
        after_save=create_notices,
        logged={
            "gazette_date": gazette_date,
            "internet_published_on": internet_published_on,
            "comment_address": comment_address.strip(),
            "closing_day": closing_day,
            "newspapers": newspapers,
        },
    )
    outcome.warnings = guards.publication_warnings(
        gazette_date=gazette_date,
        internet_published_on=internet_published_on,
        closing_day=closing_day,
        newspapers=newspapers,
    )
    return outcome


def close_comments(*, application: Application, actor=None) -> Outcome:
    """Close the comment period once the closing day has passed (Office staff or the scheduled job)."""
    return run_transition(application, "close_comments", actor=actor, payload={"closed_at": timezone.now()})


def give_advice(*, application: Application, actor, recommendation: str, summary: str) -> Outcome:
    """s34: advise the Minister, including a report on the comments and their consideration."""
    errors = {}
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [f"Recommend one of: {', '.join(Recommendation.values)}."]
    if not (summary or "").strip():
        errors["summary"] = ["Summarise the advice."]
    if errors:
        raise AssessmentError(Refusal.INVALID, "The advice is incomplete.", field_errors=errors)

    def tell_the_minister(app):
        from django.contrib.auth import get_user_model

        for minister in (
            get_user_model()
            .objects.filter(groups__name=Role.MINISTER.value, is_active=True)
            .exclude(email="")
        ):
            queue_notice("advice_given", minister.email, {"application": app, "person": minister})

    return run_transition(
        application,
        "give_advice",
        actor=actor,
        payload={
            "recommendation": recommendation,
            "summary": summary.strip(),
            "comments_report": comments_report(application),
            "given_at": timezone.now(),
        },
        after_save=tell_the_minister,
        logged={"recommendation": recommendation, "summary": summary.strip()},
    )


def comments_report(application: Application) -> str:
    """s34(b): the report on the comments and their consideration, as included in the advice."""
    comments = list(application.comments.order_by("received_at", "pk"))
    on_time = [c for c in comments if c.on_time]
    late = len(comments) - len(on_time)
    lines = [
        f"Report on comments (s34(b)) for {application.reference}, closing day "
        f"{statute.format_day(application.closing_day) if application.closing_day else '-'}.",
        f"{len(on_time)} comment(s) made on time and considered; {late} made late or elsewhere "
        "(not required to be considered).",
        "",
    ]
    for comment in on_time:
        lines += [
            f"{comment.reference} from {comment.name}, received "
            f"{timezone.localtime(comment.received_at):%d %B %Y} ({comment.get_channel_display()}):",
            f"  Comment: {comment.text.strip()}",
            f"  Consideration: {comment.response.strip()}",
            "",
        ]
    return "\n".join(lines).strip()


def decide(
    *,
    application: Application,
    actor,
    approve: bool,
    advice_considered: bool,
    no_prudent_or_feasible_alternative: bool,
    targets_not_prevented: bool,
    reasons: str,
) -> Outcome:
    """s30: the Minister approves (only with findings (c) and (d)) or refuses."""
    decision = {
        "advice_considered": bool(advice_considered),
        "no_prudent_or_feasible_alternative": bool(no_prudent_or_feasible_alternative),
        "targets_not_prevented": bool(targets_not_prevented),
        "reasons": (reasons or "").strip(),
    }
    return run_transition(
        application,
        "approve" if approve else "refuse",
        actor=actor,
        payload={**decision, "decided_at": timezone.now()},
        refusals=lambda app: guards.decision_refusals(approving=approve, **decision),
        logged=decision,
    )


def withdraw(*, application: Application, actor, reason: str = "") -> Outcome:
    """The proponent withdraws the application before the Minister decides."""
    return run_transition(
        application,
        "withdraw",
        actor=actor,
        payload={"reason": (reason or "").strip(), "withdrawn_at": timezone.now()},
    )
