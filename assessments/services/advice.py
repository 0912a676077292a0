"""The Office's advice to the Minister (s34) as a PDF, with its report on the comments (s34(b)).

``give_advice`` queues ``assessments.tasks.issue_advice`` on commit; it renders templates/pdf/advice.html
once through services.issuing and stores it as the application's ``advice`` Document (the advice is
given once and the comments are fixed from then: consider_comment refuses after advice). The report on
the comments groups them by theme (``comments_by_theme``), the same grouping as the text report in
the advice (services.workflow.comments_report).
"""

from dataclasses import dataclass, field
from datetime import datetime

from assessments.models import Application, ApplicationEvent, Comment, Document, State
from greenhouse_office import statute
from greenhouse_office.statute.wording import S34

from .issuing import Issued, current, day_in_words, issue_document, queue_issue

OTHER_MATTERS = "Other matters"  # the group of the comments given no theme
ADVISED = (State.ADVICE_GIVEN, State.APPROVED, State.REFUSED)


@dataclass
class ThemeGroup:
    """The on-time comments on one theme, and the Office's responses to them (each with whom it answers)."""

    theme: str
    comments: list[Comment] = field(default_factory=list)

    @property
    def responses(self) -> list[tuple[str, list[str]]]:
        """Each distinct response, in the order first given, with the references it answers."""
        answered: dict[str, list[str]] = {}
        for comment in self.comments:
            answered.setdefault(comment.response.strip(), []).append(comment.reference)
        return list(answered.items())


@dataclass
class CommentsByTheme:
    """s34: the comments made on time (to consider, s34(a)) by theme, and those made late or elsewhere."""

    groups: list[ThemeGroup]
    late: list[Comment]

    @property
    def on_time_count(self) -> int:
        return sum(len(group.comments) for group in self.groups)

    @property
    def late_count(self) -> int:
        return len(self.late)


def comments_by_theme(application: Application) -> CommentsByTheme:
    """The application's comments, one query: on-time ones grouped by theme (the same theme whatever
    its case or spacing; a blank one is "Other matters", last), themes in alphabetical order, comments
    in the order received; the late ones apart."""
    groups: dict[str, ThemeGroup] = {}
    late = []
    for comment in Comment.objects.filter(application_id=application.pk).order_by("received_at", "pk"):
        if not comment.on_time:
            late.append(comment)
            continue
        theme = " ".join(comment.theme.split()) or OTHER_MATTERS
        groups.setdefault(theme.casefold(), ThemeGroup(theme)).comments.append(comment)
    other = groups.pop(OTHER_MATTERS.casefold(), None)
    ordered = [groups[key] for key in sorted(groups)]
    return CommentsByTheme(groups=ordered + ([other] if other else []), late=late)


def why_late(comment: Comment) -> str:
    """s34(a): why a comment need not be considered."""
    if not comment.at_notice_address:
        return "not made at the address for lodgment specified in the notice"
    return "made after the closing day specified in the notice"


def flag(comment: Comment) -> str:
    """A held or duplicate comment is reported and considered like the rest (s34), flagged."""
    if comment.status == Comment.Status.HELD:
        return f"held as suspected spam: {comment.held_because}"
    if comment.status == Comment.Status.DUPLICATE:
        return "a duplicate of an earlier comment"
    return ""


def received_on(comment: Comment) -> str:
    return day_in_words(comment.received_at)


# --- The PDF ---------------------------------------------------------------------------------------


def advice_event(application: Application) -> ApplicationEvent:
    return application.events.filter(transition="give_advice").select_related("actor").latest("sequence")


def _ready(application: Application) -> str:
    if application.state not in ADVISED or application.advice_given_at is None:
        return "no advice to the Minister (s34) to issue."
    return ""


def _comment(comment: Comment) -> dict:
    return {
        "reference": comment.reference,
        "maker": comment.name + (f" ({comment.organisation})" if comment.organisation else ""),
        "received_on": received_on(comment),
        "channel": comment.get_channel_display(),
        "text": comment.text.strip(),
        "flag": flag(comment),
    }


def _inputs(application: Application) -> dict:
    """What the advice says, JSON-able: the application in brief, the advice, the report on the comments."""
    event = advice_event(application)
    report = comments_by_theme(application)
    organisation = application.organisation
    return {
        "advice_event": event.hash,
        "reference": application.reference,
        "title": application.title,
        "proponent": organisation.name
        + (f" (ABN {organisation.abn_formatted})" if getattr(organisation, "abn", "") else ""),
        "where": application.get_location_state_display()
        + (f": {application.location_description}" if application.location_description else ""),
        "description": application.description,
        "dates": [
            ("Application received by the Office", "s31", day_in_words(application.received_on)),
            ("Evaluation obtained", "s32(1)", day_in_words(application.evaluation_received_on)),
            ("Notice published in the Gazette", "s33(1)(b)(i)", day_in_words(application.gazette_date)),
            ("Closing day for comments", "s33(2)(d)", day_in_words(application.closing_day)),
            ("Advice given to the Minister", "s34", day_in_words(application.advice_given_at)),
        ],
        "recommendation": application.get_recommendation_display(),
        "summary": application.advice_summary,
        "given_by": event.actor.get_full_name() if event.actor else event.actor_name,
        "on_time_count": report.on_time_count,
        "late_count": report.late_count,
        "groups": [
            {
                "theme": group.theme,
                "comments": [_comment(c) for c in group.comments],
                "responses": [{"text": text, "answers": refs} for text, refs in group.responses],
            }
            for group in report.groups
        ],
        "late": [{**_comment(c), "why": why_late(c)} for c in report.late],
    }


ADVICE = Issued(
    kind=Document.Kind.ADVICE,
    template="pdf/advice.html",
    section="s34",
    transition="issue_advice",
    name=lambda app: f"{app.reference} advice to the Minister (s34).pdf",
    ready=_ready,
    inputs=_inputs,
    context=lambda app, inputs: {
        **inputs,
        "s34": S34,
        "footer": f"{app.reference} · Advice to the Minister (s34)",
    },
    issued_by=lambda app: advice_event(app).actor,
    once=True,  # the advice is given once; what the Minister was told stays as told
    payload=lambda app: {"advice_event": advice_event(app).hash},
)


def queue_advice(application: Application) -> None:
    """Inside the advice's transaction: issue its PDF by a task once the advice commits."""
    queue_issue(application, "issue_advice")


def issue_advice(*, application: Application, at: datetime | None = None) -> Document:
    """s34: store the Office's advice on ``application``, with its report on the comments, as a PDF, once.

    Refused (ValueError) before advice is given. A second call returns the stored one, rendering nothing.
    """
    return issue_document(ADVICE, application=application, at=at)


def advice_document(application: Application) -> Document | None:
    """The stored advice PDF, issued now if its task never ran; None before the advice."""
    if _ready(application):
        return None
    return current(application, Document.Kind.ADVICE) or issue_advice(application=application)


def closing_day_in_words(application: Application) -> str:
    return statute.format_day(application.closing_day) if application.closing_day else "-"
