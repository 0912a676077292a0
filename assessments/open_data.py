"""Open data: the public registers as CSV and JSON, and their column dictionary (s33, s34, s42(1)).

Each register's columns are defined once here; the downloads, the /open-data/ page and
docs/open-data.md (``dictionary_markdown``, kept current by a test) are all rendered from them.
Information the Minister withheld under s42(2)-(4) is never in a file: its cell says it is withheld
and why.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse

from assessments import selectors
from assessments.models import Application, State
from assessments.public_decisions import (
    CONSIDERED,
    FINDING,
    PublicDecision,
    comments_for_reports,
    public_decision,
)
from greenhouse_office import clock, statute

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell: the value as text, a leading formula character neutralised with a single quote."""
    text = as_text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return clock.moment(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_json(value):
    if value == "":
        return None
    if isinstance(value, datetime):
        return clock.moment(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "date" (YYYY-MM-DD, Canberra), "URL", "boolean"
    description: str
    value: Callable  # (row, link) -> value; link(path) gives the absolute URL of a path


@dataclass(frozen=True)
class Register:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable]  # every row, fetched in a fixed number of queries

    def filename(self, extension: str) -> str:
        return f"greenhouse-office-{self.slug}.{extension}"


def _assessment_url(application: Application, link) -> str:
    return link(reverse("register:assessment", kwargs={"reference": application.reference}))


def _withheld_item(withheld) -> str:
    """One withheld item in a file: what, its ground, and the Minister's reasons for withholding it."""
    reasons = f". The Minister's reasons: {withheld.reasons}" if withheld.reasons else ""
    return f"{withheld.what}: {withheld.notice}{reasons}"


def _withheld_or(decision: PublicDecision, item: str, value):
    withheld = decision.withheld.get(item)
    return withheld.notice if withheld is not None else value


def _source_category_codes(codes) -> str:
    # Codes, not labels: they are what the register's filter takes (?source_category=2.A).
    named = set(codes or ())
    return "; ".join(code for code in statute.SOURCE_CATEGORIES if code in named)


def _day(moment):
    return clock.legal_day(moment) if moment else None


ASSESSMENTS = Register(
    slug="assessments",
    title="Register of assessments",
    description="Every Greenhouse Impact Assessment published for public comment (s33(1)), from "
    "publication onward.",
    columns=(
        Column(
            "reference",
            "text",
            "The application's public reference, e.g. GHO-00012.",
            lambda a, _: a.reference,
        ),
        Column("title", "text", "The proposed action's title.", lambda a, _: a.title),
        Column("proponent", "text", "The person or agency applying (s31).", lambda a, _: a.organisation.name),
        Column(
            "state_or_territory",
            "text",
            "Where the action is: a State or Territory code, or OFFSHORE.",
            lambda a, _: a.location_state,
        ),
        Column(
            "limb", "text", "The limb of s31(1) the action falls under.", lambda a, _: a.get_limb_display()
        ),
        Column(
            "source_categories",
            "text",
            "The Kyoto Protocol Annex A source categories the proponent names (s6, s8), as IPCC codes in "
            'Annex A order separated by "; ", e.g. 1.A.2; 2.A (empty if none).',
            lambda a, _: _source_category_codes(a.source_categories),
        ),
        Column("stage", "text", "Where the assessment stands, in words.", lambda a, _: State(a.state).label),
        Column(
            "gazette_date", "date", "Day of the Gazette notice (s33(1)(b)(i)).", lambda a, _: a.gazette_date
        ),
        Column(
            "internet_published_on",
            "date",
            "Day the notice was published on the Internet (s33(1)(b)(iii)).",
            lambda a, _: a.internet_published_on,
        ),
        Column(
            "closing_day",
            "date",
            "Last day for written comments as the notice states it (s33(2)(d)(ii)).",
            lambda a, _: a.closing_day,
        ),
        Column("url", "URL", "The assessment's page on the register.", _assessment_url),
    ),
    rows=lambda: list(selectors.register_of_assessments().order_by("-gazette_date", "-pk")),
)


def _decision_rows() -> list[PublicDecision]:
    applications = list(selectors.published_decisions())
    comments = comments_for_reports(application.pk for application in applications)
    return [public_decision(application, comments[application.pk]) for application in applications]


def _decision_pdf(decision: PublicDecision, link) -> str:
    withheld = decision.document_withheld
    if withheld is not None:
        return withheld.notice
    return link(reverse("register:decision-pdf", kwargs={"reference": decision.application.reference}))


def _finding(decision: PublicDecision, index: int) -> str:
    return (
        decision.findings[index]["finding"]
        if decision.findings is not None
        else decision.withheld["reasons"].notice
    )


DECISIONS = Register(
    slug="decisions",
    title="Register of decisions",
    description="Every decision of the Minister on an application (s30), with the Office's advice (s34) "
    "and the Minister's findings and reasons, published under s42(1).",
    columns=(
        Column(
            "reference", "text", "The application's public reference.", lambda d, _: d.application.reference
        ),
        Column("title", "text", "The proposed action's title.", lambda d, _: d.application.title),
        Column(
            "proponent",
            "text",
            "The person or agency that applied.",
            lambda d, _: d.application.organisation.name,
        ),
        Column("outcome", "text", "Approved or Refused (s30).", lambda d, _: d.outcome),
        Column("decided_on", "date", "Day of the Minister's decision (Canberra).", lambda d, _: d.decided_on),
        Column(
            "advice_considered",
            "text",
            "s30: whether the Minister first considered the Office's advice "
            f"({', '.join(CONSIDERED.values())}).",
            lambda d, _: _finding(d, 0),
        ),
        Column(
            "no_prudent_or_feasible_alternative",
            "text",
            f"s30(c) finding ({', '.join(FINDING.values())}).",
            lambda d, _: _finding(d, 1),
        ),
        Column(
            "targets_not_prevented",
            "text",
            f"s30(d) finding ({', '.join(FINDING.values())}).",
            lambda d, _: _finding(d, 2),
        ),
        Column(
            "reasons", "text", "The Minister's reasons.", lambda d, _: _withheld_or(d, "reasons", d.reasons)
        ),
        Column(
            "recommendation",
            "text",
            "The Office's recommendation in its advice (s34).",
            lambda d, _: _withheld_or(d, "advice", d.recommendation),
        ),
        Column(
            "advice",
            "text",
            "The Office's advice to the Minister (s34).",
            lambda d, _: _withheld_or(d, "advice", d.advice_summary),
        ),
        Column(
            "comments_report",
            "text",
            "The Office's report on the comments and their consideration (s34(b)); each comment as the "
            "register publishes it (consented to and moderated), or marked not published.",
            lambda d, _: _withheld_or(d, "comments_report", d.comments_report),
        ),
        Column("decision_pdf", "URL", "The decision as a PDF (s30), or why it is withheld.", _decision_pdf),
        Column(
            "withheld",
            "text",
            "Each item the Minister determined not to make public, with its ground (s42(2)-(4)) and the "
            'Minister\'s reasons; items separated by " | ".',
            lambda d, _: " | ".join(_withheld_item(w) for w in d.withheld_list),
        ),
        Column(
            "url",
            "URL",
            "The assessment's page on the register.",
            lambda d, link: _assessment_url(d.application, link),
        ),
    ),
    rows=_decision_rows,
)


def _published_comments():
    # The register's own rule for which comments, and which text, are public (selectors).
    return list(selectors.every_published_comment())


def _comment_application(comment) -> Application:
    return Application(pk=comment.application_id)  # for its reference only: no query


COMMENTS = Register(
    slug="comments",
    title="Published comments",
    description="Written comments made on published assessments (s33(2)(c)) whose makers consented to "
    "publication, as moderated by the Office (redacted text where the Office redacted it).",
    columns=(
        Column("reference", "text", "The comment's reference, e.g. C-1A2B3C4D5E.", lambda c, _: c.reference),
        Column(
            "application_reference",
            "text",
            "The reference of the assessment commented on.",
            lambda c, _: _comment_application(c).reference,
        ),
        Column("name", "text", "The name of the person who made it.", lambda c, _: c.name),
        Column(
            "organisation",
            "text",
            "On whose behalf it was made, if anyone's.",
            lambda c, _: c.organisation,
        ),
        Column(
            "received_on", "date", "Day the Office received it (Canberra).", lambda c, _: _day(c.received_at)
        ),
        Column("text", "text", "The comment as published.", lambda c, _: c.public_text),
        Column(
            "url",
            "URL",
            "The page of the assessment commented on.",
            lambda c, link: _assessment_url(_comment_application(c), link),
        ),
    ),
    rows=_published_comments,
)

REGISTERS: dict[str, Register] = {register.slug: register for register in (ASSESSMENTS, DECISIONS, COMMENTS)}


def add_register(register: Register) -> None:
    """Another app's register (``taskforces.open_data.PLANS``, s38) joins the downloads, the /open-data/
    page and the dictionary; its app adds it when it is ready."""
    REGISTERS[register.slug] = register


def dictionary_markdown() -> str:
    """docs/open-data.md, generated from the columns above (a test keeps the file equal to this)."""
    lines = [
        "# Open data: the public registers as CSV and JSON",
        "",
        "Generated from `assessments/open_data.py` (`dictionary_markdown`); a test fails when this file "
        "is stale. The same dictionary is on the site at `/open-data/`.",
        "",
        "Every register is at `/open-data/<register>.csv` and `/open-data/<register>.json`. CSV files are "
        "UTF-8 with a header row; a cell that would start with `=`, `+`, `-`, `@`, a tab or a carriage "
        "return starts with a single quote instead, so no spreadsheet runs it as a formula. JSON files "
        'are one object: `{"register", "title", "columns": [{"name", "type", "description"}], '
        '"rows": [{<column>: <value>}]}`, dates as `YYYY-MM-DD`, an empty value as `null`. Information '
        "the Minister determined not to make public (s42(2)-(4)) is never in a file: its cell reads "
        '"Withheld under s42(..): <ground>".',
    ]
    for register in REGISTERS.values():
        lines += [
            "",
            f"## {register.title} (`{register.slug}`)",
            "",
            register.description,
            "",
            "| column | type | meaning |",
            "| --- | --- | --- |",
        ]
        lines += [f"| `{c.name}` | {c.kind} | {c.description} |" for c in register.columns]
    return "\n".join(lines) + "\n"
