"""What the public reads of a decision (s42(1)): the outcome and its day, the Minister's findings on
the s30 matters and reasons, the Office's advice (s34) and its report on the comments (s34(b)), and
the decision's PDF; each item the Minister withheld (s42(2)-(4)) stands in its place as withheld.

Built from an application of ``selectors.published_decisions`` (no further query), so the
assessment page, /decisions/, the open data and the feed say the same.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from assessments import selectors
from assessments.models import Application, Comment, State, WithheldInformation
from greenhouse_office import clock, statute

Item = WithheldInformation.Item

FINDING = {True: "Satisfied", False: "Not satisfied", None: "No finding made"}
CONSIDERED = {True: "Considered", False: "Not considered", None: "Not recorded"}
# The matters of s30 on which the Minister makes findings (the decision PDF states the same).
MATTERS = (
    ("s30", "The Minister has first considered advice from the Greenhouse Office about the proposed action."),
    ("s30(c)", "There is no prudent or feasible alternative to the action."),
    (
        "s30(d)",
        "The action will not prevent Australia from achieving its targets for the reduction of greenhouse "
        "gas emissions.",
    ),
)


@dataclass
class PublicDecision:
    application: Application
    outcome: str
    decided_on: object  # a date
    findings: list[dict] | None  # None when withheld
    reasons: str | None
    recommendation: str | None
    advice_summary: str | None
    comments_report: str | None
    document: object | None  # the decision Document, if issued and not withheld
    withheld: dict = field(default_factory=dict)  # item -> WithheldInformation (non-document items)
    withheld_documents: list = field(default_factory=list)

    @property
    def withheld_list(self) -> list[WithheldInformation]:
        return [*self.withheld.values(), *self.withheld_documents]

    @property
    def decided_on_words(self) -> str:
        return statute.format_day(self.decided_on) if self.decided_on else ""

    @property
    def document_withheld(self) -> WithheldInformation | None:
        return next((w for w in self.withheld_documents if w.document.kind == "decision"), None)


def comments_for_reports(application_ids) -> dict[int, list[tuple]]:
    """For each application, its on-time comments (those the s34(b) report covers) paired with the
    published version of each (selectors.published_comments' rule) or None: two queries."""
    application_ids = list(application_ids)
    published = {
        c.pk: c for c in selectors.every_published_comment().filter(application_id__in=application_ids)
    }
    reported = Comment.objects.filter(application_id__in=application_ids, on_time=True).only(
        "pk", "application_id", "reference", "received_at", "channel", "response"
    )
    by_application: dict[int, list[tuple]] = {pk: [] for pk in application_ids}
    for comment in reported.order_by("received_at", "pk"):
        by_application[comment.application_id].append((comment, published.get(comment.pk)))
    return by_application


def comments_for_report_page(application: Application, number, per_page: int):
    """One page of ``application``'s public report on the comments (the public assessment page): the
    Paginator page of its on-time comments and their pairs as ``comments_for_reports`` gives them, in
    three queries (the count, the page, the published versions of its comments) whatever their number."""
    reported = Comment.objects.filter(application_id=application.pk, on_time=True).only(
        "pk", "application_id", "reference", "received_at", "channel", "response"
    )
    page = Paginator(reported.order_by("received_at", "pk"), per_page).get_page(number)
    comments = list(page.object_list)
    shown = selectors.published_comments(application).filter(pk__in=[c.pk for c in comments])
    published = {c.pk: c for c in shown}  # no query for an empty page (``pk__in=[]``)
    return page, [(comment, published.get(comment.pk)) for comment in comments]


NOT_PUBLISHED = "not published (its maker did not consent to publication, or the Office has not moderated it)"


def public_comments_report(application: Application, comments: list[tuple]) -> str:
    """s34(b): the report on the comments as the public reads it. The stored report quotes every
    on-time comment with its maker's name; here a comment appears, with its name, only as the
    register publishes it (consent and moderation), while the Office's consideration of each is shown."""
    header = getattr(application, "comments_report_header", None)  # selectors.published_assessment's
    if header is None:
        header = (application.comments_report or "").split("\n\n")[0]
    lines = [header, ""]
    for comment, published in comments:
        maker = f" from {published.name}" if published is not None else ""
        received = statute.format_day(clock.legal_day(comment.received_at))
        lines += [
            f"{comment.reference}{maker}, received {received} ({comment.get_channel_display()}):",
            f"  Comment: {published.public_text.strip() if published is not None else NOT_PUBLISHED}",
            f"  Consideration: {comment.response.strip()}",
            "",
        ]
    return "\n".join(lines).strip()


def public_decision(application: Application, comments: list[tuple] | None = None) -> PublicDecision | None:
    """The public view of ``application``'s decision; None before the Minister decides.

    ``comments`` (from ``comments_for_reports``) builds the public report on the comments; without
    them it is "" (not loaded), and None always means withheld.
    """
    if application.state not in (State.APPROVED, State.REFUSED):
        return None
    withheld_items = selectors.withheld_of(application)
    withheld = {w.item: w for w in withheld_items if w.item != Item.DOCUMENT}
    withheld_documents = [w for w in withheld_items if w.item == Item.DOCUMENT]
    withheld_pks = {w.document_id for w in withheld_documents}
    documents = getattr(application, "decision_documents", None)
    if documents is None:
        documents = list(application.documents.filter(kind="decision"))
    document = next((d for d in documents if d.pk not in withheld_pks and not d.withheld_under_s42), None)
    findings = [
        {"section": section, "matter": matter, "finding": finding}
        for (section, matter), finding in zip(
            MATTERS,
            (
                CONSIDERED[application.advice_considered],
                FINDING[application.no_prudent_or_feasible_alternative],
                FINDING[application.targets_not_prevented],
            ),
            strict=True,
        )
    ]
    shown = Item.REASONS not in withheld
    advice_shown = Item.ADVICE not in withheld
    return PublicDecision(
        application=application,
        outcome=State(application.state).label,
        decided_on=clock.legal_day(application.decided_at) if application.decided_at else None,
        findings=findings if shown else None,
        reasons=application.decision_reasons if shown else None,
        recommendation=application.get_recommendation_display() if advice_shown else None,
        advice_summary=application.advice_summary if advice_shown else None,
        comments_report=None
        if Item.COMMENTS_REPORT in withheld
        else ("" if comments is None else public_comments_report(application, comments)),
        document=document,
        withheld=withheld,
        withheld_documents=withheld_documents,
    )
