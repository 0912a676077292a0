"""The Minister's decision under s30 as a PDF instrument: issued once, after the decision commits.

A government records system fixes the instrument on record: ``decide`` queues
``assessments.tasks.issue_decision`` on commit, which renders templates/pdf/decision.html once,
stores it as the application's ``decision`` Document and logs its sha256 in the event chain. Issuing
again returns the stored one (a unique constraint backs the row lock). If the task was lost (broker
down), the first download issues it instead (``decision_document``), so the record is the same.
The steps it shares with the Office's other PDFs (notice, receipt) are services.issuing.
"""

from datetime import datetime
from decimal import Decimal

from assessments.models import Application, ApplicationEvent, Document, Limb, State
from greenhouse_office import clock, statute
from greenhouse_office.pdf import render_pdf
from greenhouse_office.statute import Key

from .issuing import Issued, current, day_in_words, enqueue, issue_document, queue_issue

DECIDED_BY_THE_MINISTER = (State.APPROVED, State.REFUSED)
TEMPLATE = "pdf/decision.html"


def queue_decision(application: Application) -> None:
    """Inside the decision's transaction: issue its PDF by a task once the decision commits."""
    queue_issue(application, "issue_decision")


def enqueue_decision(application_id: int) -> bool:
    """Give the decision to the issuing task; False if the broker is unreachable (the first download
    issues it then, see ``decision_document``)."""
    return enqueue("issue_decision", application_id)


def _ready(application: Application) -> str:
    if application.state not in DECIDED_BY_THE_MINISTER:
        return "no decision of the Minister (s30) to issue."
    return ""


def _inputs(application: Application) -> dict:
    return {"decision_event": decision_event(application).hash}


DECISION = Issued(
    kind=Document.Kind.DECISION,
    template=TEMPLATE,
    section="s30",
    transition="issue_decision",
    name=lambda app: f"{app.reference} decision of the Minister (s30).pdf",
    ready=_ready,
    inputs=_inputs,
    context=lambda app, inputs: decision_context(app, decision_event(app)),
    issued_by=lambda app: decision_event(app).actor,
    once=True,  # the instrument on record (docs/adr/0010)
    payload=_inputs,
    render=lambda template, context: render_pdf(template, context),  # looked up at call time
)


def issue_decision(*, application: Application, at: datetime | None = None) -> Document:
    """s30: store the Minister's decision on ``application`` as its PDF, once; returns the Document.

    Refused (ValueError) unless the Minister has approved or refused it. Idempotent: a second call,
    or a second task, returns the stored instrument and renders nothing.
    """
    return issue_document(DECISION, application=application, at=at)


def decision_document(application: Application) -> Document | None:
    """The stored decision PDF; issued now if its task never ran (fallback); None before a decision."""
    if application.state not in DECIDED_BY_THE_MINISTER:
        return None
    return current(application, Document.Kind.DECISION) or issue_decision(application=application)


def decision_event(application: Application) -> ApplicationEvent:
    """The event that recorded the Minister's decision (the last approve or refuse)."""
    return (
        application.events.filter(transition__in=["approve", "refuse"], to_state=application.state)
        .select_related("actor")
        .latest("sequence")
    )


def _amount(parameter) -> str:
    """A number of the Bill with its unit, e.g. "50,000 t CO2-e", "30 days"."""
    value = parameter.value
    number = f"{value:,.0f}" if isinstance(value, Decimal) else f"{value:,}"
    return f"{number} {parameter.unit}"


def _limbs(application: Application, threshold, window) -> list[dict]:
    """The limbs of s30 the application was made under (s31(1) names the same two)."""
    emissions = {
        "section": "s30(a)",
        "text": f"will, or is likely to, result in emissions of greenhouse gases in excess of "
        f"{_amount(threshold)} in any period of {_amount(window)}",
    }
    targets = {
        "section": "s30(b)",
        "text": "will, or is likely to, inhibit the achievement of targets for reducing greenhouse gas "
        "emissions",
    }
    return {
        Limb.EMISSIONS: [emissions],
        Limb.TARGETS: [targets],
        Limb.BOTH: [emissions, targets],
    }.get(application.limb, [])


FINDING = {True: "Satisfied", False: "Not satisfied", None: "No finding made"}
CONSIDERED = {True: "Considered", False: "Not considered", None: "Not recorded"}


def decision_context(application: Application, decision: ApplicationEvent) -> dict:
    """What templates/pdf/decision.html shows; the Bill's numbers come from the statute, as in force
    on the day of the decision."""
    decided_on = clock.legal_day(application.decided_at)
    threshold = statute.parameter(Key.EMISSIONS_THRESHOLD_T_CO2E, on=decided_on)
    window = statute.parameter(Key.EMISSIONS_WINDOW_MONTHS, on=decided_on)
    evaluation_days = statute.parameter(Key.EVALUATION_DAYS, on=decided_on)
    comment_months = statute.parameter(Key.COMMENT_PERIOD_MONTHS, on=decided_on)
    approved = application.state == State.APPROVED
    organisation = application.organisation
    return {
        "application": application,
        "organisation": organisation,
        "approved": approved,
        "outcome": "Approved" if approved else "Refused",
        "decided_on": statute.format_day(decided_on),
        "minister": decision.actor.get_full_name() if decision.actor else decision.actor_name,
        "decision_event": decision,
        "reasons": application.decision_reasons,
        "limbs": _limbs(application, threshold, window),
        "matters": [
            {
                "section": "s30",
                "matter": "The Minister has first considered advice from the Greenhouse Office about the "
                "proposed action.",
                "finding": CONSIDERED[application.advice_considered],
            },
            {
                "section": "s30(c)",
                "matter": "There is no prudent or feasible alternative to the action.",
                "finding": FINDING[application.no_prudent_or_feasible_alternative],
            },
            {
                "section": "s30(d)",
                "matter": "The action will not prevent Australia from achieving targets for the reduction "
                "of greenhouse gas emissions set out in the Kyoto Protocol or, if the targets set "
                "under the Act are more stringent, those targets.",
                "finding": FINDING[application.targets_not_prevented],
            },
        ],
        "dates": [
            ("Application received by the Office", "s31", day_in_words(application.received_on)),
            (
                f"Evaluation due (within {_amount(evaluation_days)} after receipt)",
                evaluation_days.section,
                day_in_words(application.evaluation_due_on),
            ),
            (
                "Evaluation obtained",
                evaluation_days.section,
                day_in_words(application.evaluation_received_on),
            ),
            ("Notice published in the Gazette", "s33(1)(b)(i)", day_in_words(application.gazette_date)),
            (
                f"Closing day for comments (not within {_amount(comment_months)} after the Gazette notice)",
                comment_months.section,
                day_in_words(application.closing_day),
            ),
            ("Advice given to the Minister", "s34", day_in_words(application.advice_given_at)),
            ("Decision of the Minister", "s30", statute.format_day(decided_on)),
        ],
        "footer": f"{application.reference} · Decision of the Minister (s30)",
    }
