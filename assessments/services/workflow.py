"""One service per legal act of Parts 5-6. Views, the API, admin and jobs call these only.

Each takes the moment of its act as ``at`` (default: now in Canberra, greenhouse_office.clock);
the legal day of the act is that moment's day in Canberra.
"""

from datetime import date, datetime

from assessments import guards
from assessments.errors import AssessmentError, Refusal
from assessments.models import (
    AmendmentRequest,
    Application,
    Document,
    IndependentAuditor,
    NewspaperNotice,
    Recommendation,
    ReturnGround,
    State,
)
from greenhouse_office import access, clock, statute
from greenhouse_office.emails import queue_email
from greenhouse_office.roles import Role

from .advice import closing_day_in_words, comments_by_theme, flag, queue_advice, received_on, why_late
from .applications import screening_of, upload_document
from .decision import queue_decision
from .executor import Outcome, check_may, run_transition
from .office_documents import queue_notice, queue_receipt


def receipt_for_lodging(application: Application, on) -> tuple:
    """s32(1): the day the GIA counts as received if lodged on ``on``, and its evaluation deadline.

    The 30 days run "after receiving a Greenhouse Impact Assessment under section 31". Lodging again
    after a return starts them again only if the Office returned the application because it was not
    in the prescribed form (s31: no GIA had been received under s31); after a return for another
    amendment the first day of receipt, and its deadline, stand.
    """
    if (
        application.state == State.RETURNED
        and application.return_ground == ReturnGround.OTHER
        and application.received_on is not None
    ):
        return application.received_on, application.evaluation_due_on
    return on, statute.evaluation_deadline(on).deadline


def lodge(*, application: Application, actor, at: datetime | None = None) -> Outcome:
    """s31: the proponent lodges; the day of receipt starts the s32(1) 30 days (see receipt_for_lodging)."""
    at = clock.moment(at)
    received = at.date()

    def rescreen(app):
        app.screening = screening_of(app.emission_profile, comparison=app.gwp_set, on=received)

    def fulfil_direction(app):
        if app.direction_id and app.direction.fulfilled_at is None:
            app.direction.fulfilled_at = at
            app.direction.save(update_fields=["fulfilled_at"])
        queue_receipt(app)  # its receipt (PDF) is issued after the lodgement commits

    return run_transition(
        application,
        "lodge",
        actor=actor,
        at=at,
        payload=lambda locked: dict(
            zip(("received_on", "evaluation_due_on"), receipt_for_lodging(locked, received), strict=True)
        ),
        before_save=rescreen,
        after_save=fulfil_direction,
    )


def return_for_amendment(
    *,
    application: Application,
    actor,
    requests: list[dict],
    ground: str = ReturnGround.NOT_IN_PRESCRIBED_FORM,
    at: datetime | None = None,
) -> Outcome:
    """The Office returns the application naming, one by one, what is missing or wrong, and why.

    ``ground`` decides the s32(1) clock when it is lodged again (``receipt_for_lodging``).
    """
    at = clock.moment(at)
    problems = _amendment_problems(requests)
    if problems:
        raise AssessmentError(Refusal.INVALID, *problems, field_errors={"requests": problems})
    if ground not in ReturnGround.values:
        message = f"Give the ground of the return: one of {', '.join(ReturnGround.values)}."
        raise AssessmentError(Refusal.INVALID, message, field_errors={"ground": [message]})

    def create_requests(app):
        AmendmentRequest.objects.bulk_create(
            AmendmentRequest(
                application=app,
                kind=r["kind"],
                detail=r["detail"].strip(),
                requested_by=actor,
                requested_at=at,
            )
            for r in requests
        )

    return run_transition(
        application,
        "return_for_amendment",
        actor=actor,
        at=at,
        payload={"ground": ground},
        after_save=create_requests,
        logged={"requests": requests, "ground": ground},
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


def commission_evaluation(
    *, application: Application, actor, auditor: IndependentAuditor, at: datetime | None = None
) -> Outcome:
    """s32(2): the Director appoints an independent environmental auditor (refused if not independent)."""
    at = clock.moment(at)
    today = at.date()
    return run_transition(
        application,
        "commission_evaluation",
        actor=actor,
        at=at,
        payload={"auditor": auditor, "commissioned_on": today},
        refusals=lambda app: guards.auditor_refusals(app, auditor, today),
        logged={"auditor": auditor.user.get_username(), "commissioned_on": today},
    )


def record_evaluation(
    *, application: Application, actor, evaluation=None, at: datetime | None = None
) -> Outcome:
    """s32(1): the evaluation is obtained (its PDF uploaded first, or given here as ``evaluation``)."""
    at = clock.moment(at)
    if evaluation is not None:
        upload_document(
            application=application, actor=actor, kind=Document.Kind.EVALUATION, upload=evaluation, at=at
        )
    return run_transition(
        application, "record_evaluation", actor=actor, at=at, payload={"received_on": at.date()}
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
    affected_states: list[str] | None = None,
    confirm_distant_closing_day: bool = False,
    at: datetime | None = None,
) -> Outcome:
    """s33: publish the assessment and evaluation with notices in the Gazette, newspapers and Internet.

    ``affected_states`` is the Office's decision of the States and Territories likely to be affected
    (s33(1)(b)(ii)), stored as the application's ``notice_states``; None adopts the proponent's list.
    The act's day (``at``) bounds the notices' dates (guards.publication_refusals).
    """
    at = clock.moment(at)
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
        queue_notice(app)  # the notice (PDF) is issued after the publication commits

    def notice(app) -> dict:
        states = app.affected_states if affected_states is None else affected_states
        return {
            "gazette_date": gazette_date,
            "internet_published_on": internet_published_on,
            "comment_address": comment_address.strip(),
            "closing_day": closing_day,
            "notice_states": sorted(set(states)) if isinstance(states, list) else states,
        }

    outcome = run_transition(
        application,
        "publish_for_comment",
        actor=actor,
        at=at,
        payload=notice,
        refusals=lambda app: guards.publication_refusals(
            app,
            gazette_date=gazette_date,
            internet_published_on=internet_published_on,
            closing_day=closing_day,
            newspapers=newspapers,
            notice_states=notice(app)["notice_states"],
            on=at.date(),
            confirm_distant_closing_day=bool(confirm_distant_closing_day),
        ),
        after_save=create_notices,
        logged=lambda app: {
            **notice(app),
            "newspapers": newspapers,
            "confirm_distant_closing_day": bool(confirm_distant_closing_day),
        },
    )
    outcome.warnings = guards.publication_warnings(
        gazette_date=gazette_date,
        internet_published_on=internet_published_on,
        closing_day=closing_day,
        newspapers=newspapers,
    )
    return outcome


def close_comments(*, application: Application, actor=None, at: datetime | None = None) -> Outcome:
    """Close the comment period once the closing day has passed (Office staff or the scheduled job)."""
    at = clock.moment(at)
    return run_transition(application, "close_comments", actor=actor, at=at, payload={"closed_at": at})


def give_advice(
    *, application: Application, actor, recommendation: str, summary: str, at: datetime | None = None
) -> Outcome:
    """s34: advise the Minister, including a report on the comments and their consideration.

    The report is built inside the row lock, after the guard has found every on-time comment
    considered; considering a comment takes the same lock, so neither can slip between them.
    """
    at = clock.moment(at)
    errors = {}
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [f"Recommend one of: {', '.join(Recommendation.values)}."]
    if not (summary or "").strip():
        errors["summary"] = ["Summarise the advice."]
    if errors:
        raise AssessmentError(Refusal.INVALID, "The advice is incomplete.", field_errors=errors)

    def tell_the_minister(app):
        for minister in access.people_in_role(Role.MINISTER):
            queue_email("advice_given", minister.email, {"application": app, "person": minister}, record=app)
        queue_advice(app)  # its PDF is issued once, after the advice commits

    return run_transition(
        application,
        "give_advice",
        actor=actor,
        at=at,
        payload=lambda locked: {
            "recommendation": recommendation,
            "summary": summary.strip(),
            "comments_report": comments_report(locked),
            "given_at": at,
        },
        after_save=tell_the_minister,
        logged={"recommendation": recommendation, "summary": summary.strip()},
    )


def comments_report(application: Application) -> str:
    """s34(b): the report on the comments and their consideration, as included in the advice: the
    on-time comments by theme (advice.comments_by_theme, the same grouping as the advice's PDF), each
    with its consideration; the late ones listed as not required to be considered (s34(a))."""
    report = comments_by_theme(application)
    lines = [
        f"Report on comments (s34(b)) for {application.reference}, closing day "
        f"{closing_day_in_words(application)}.",
        f"{report.on_time_count} comment(s) made on time and considered; {report.late_count} made late or "
        "elsewhere (not required to be considered, s34(a)).",
        "",
    ]
    for group in report.groups:
        lines += [f"Theme: {group.theme} ({len(group.comments)} comment(s))", ""]
        for comment in group.comments:
            flagged = flag(comment)
            lines += [
                f"{comment.reference} from {comment.name}{f' [{flagged}]' if flagged else ''}, received "
                f"{received_on(comment)} ({comment.get_channel_display()}):",
                f"  Comment: {comment.text.strip()}",
                f"  Consideration: {comment.response.strip()}",
                "",
            ]
    if report.late:
        lines.append("Made late or elsewhere (not required to be considered, s34(a)):")
        lines += [
            f"{comment.reference} ({comment.name}), received {received_on(comment)} "
            f"({comment.get_channel_display()}): {why_late(comment)}"
            for comment in report.late
        ]
    return "\n".join(lines).strip()


def decide(
    *,
    application: Application,
    actor,
    approve: bool,
    reasons: str,
    advice_considered: bool | None = None,
    no_prudent_or_feasible_alternative: bool | None = None,
    targets_not_prevented: bool | None = None,
    at: datetime | None = None,
) -> Outcome:
    """s30: the Minister approves (only with findings (c) and (d)) or refuses (with reasons).

    A finding not made is recorded as None: a refusal needs no findings that favour approval.
    After commit, the decision is issued as a PDF (assessments.services.decision).
    """
    at = clock.moment(at)
    decision = {
        "advice_considered": _finding(advice_considered),
        "no_prudent_or_feasible_alternative": _finding(no_prudent_or_feasible_alternative),
        "targets_not_prevented": _finding(targets_not_prevented),
        "reasons": (reasons or "").strip(),
    }
    return run_transition(
        application,
        "approve" if approve else "refuse",
        actor=actor,
        at=at,
        payload={**decision, "decided_at": at},
        refusals=lambda app: guards.decision_refusals(approving=approve, **decision),
        after_save=queue_decision,  # its PDF is issued once, after the decision commits
        logged=decision,
    )


def _finding(value) -> bool | None:
    return None if value is None else bool(value)


def approve(*, application: Application, actor, at: datetime | None = None, **decision) -> Outcome:
    """s30: the Minister approves the action (see ``decide``)."""
    return decide(application=application, actor=actor, approve=True, at=at, **decision)


def refuse(
    *,
    application: Application,
    actor,
    reasons: str,
    advice_considered: bool | None = None,
    no_prudent_or_feasible_alternative: bool | None = None,
    targets_not_prevented: bool | None = None,
    at: datetime | None = None,
) -> Outcome:
    """s30: the Minister refuses the action, with reasons; findings (c) and (d) may be given, not needed."""
    return decide(
        application=application,
        actor=actor,
        approve=False,
        reasons=reasons,
        advice_considered=advice_considered,
        no_prudent_or_feasible_alternative=no_prudent_or_feasible_alternative,
        targets_not_prevented=targets_not_prevented,
        at=at,
    )


def withdraw(
    *, application: Application, actor, reason: str = "", confirm: bool = False, at: datetime | None = None
) -> Outcome:
    """The proponent withdraws the application before the Minister decides: with a reason, confirmed.

    Withdrawing cannot be undone, so every surface asks for confirmation (``confirm``); the service
    refuses without it. Who may and when are judged first (role 403, state 409), then the input.
    """
    at = clock.moment(at)
    check_may(application, "withdraw", actor, at=at)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = ["Say why the application is withdrawn."]
    if confirm is not True:
        errors["confirm"] = ["Confirm the withdrawal: a withdrawn application cannot be lodged again."]
    if errors:
        raise AssessmentError(
            Refusal.INVALID, *[m for messages in errors.values() for m in messages], field_errors=errors
        )
    return run_transition(
        application,
        "withdraw",
        actor=actor,
        at=at,
        payload={"reason": reason.strip(), "withdrawn_at": at},
    )
