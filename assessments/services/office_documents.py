"""The Office's notice inviting comments (s33(2)) and receipt of lodgement (s31) as PDFs.

``lodge`` and ``publish_for_comment`` queue them on commit (assessments.tasks.issue_office_document);
each is stored by services.issuing, rendered again only when what it says changes (a later lodgement,
a notice amended), the earlier one kept as superseded. The first download issues one whose task never
ran (``office_document``).
"""

from datetime import datetime

from assessments.models import Application, ApplicationEvent, Document
from greenhouse_office import statute
from greenhouse_office.statute import Key

from .issuing import Issued, current, day_in_words, issue_document, queue_issue
from .notice import notice_text, public_url

TASK = "issue_office_document"


def _proponent(application: Application) -> str:
    organisation = application.organisation
    abn = f" (ABN {organisation.abn_formatted})" if getattr(organisation, "abn", "") else ""
    return f"{organisation.name}{abn}"


def _last_event(application: Application, transition: str) -> ApplicationEvent | None:
    return (
        application.events.filter(transition=transition).select_related("actor").order_by("-sequence").first()
    )


# --- s31: the receipt of lodgement ---


def _receipt_ready(application: Application) -> str:
    if application.received_on is None or _last_event(application, "lodge") is None:
        return "not lodged (s31); there is nothing to acknowledge."
    return ""


def _receipt_inputs(application: Application) -> dict:
    lodged = _last_event(application, "lodge")
    days = statute.parameter(Key.EVALUATION_DAYS, on=application.received_on)
    gia = current(application, Document.Kind.GIA)
    return {
        "reference": application.reference,
        "title": application.title,
        "proponent": _proponent(application),
        "where": application.get_location_state_display(),
        "lodged_by": lodged.actor.get_full_name() if lodged.actor else lodged.actor_name,
        "lodged_on": day_in_words(lodged.at),
        "lodge_event": lodged.hash,
        "received_on": day_in_words(application.received_on),
        "evaluation_due_on": day_in_words(application.evaluation_due_on),
        "evaluation_days": f"{days.value} {days.unit}",
        "evaluation_section": days.section,
        "gia": {"name": gia.original_name, "sha256": gia.sha256} if gia else None,
        "public_url": public_url(application),
    }


RECEIPT = Issued(
    kind=Document.Kind.RECEIPT,
    template="pdf/receipt.html",
    section="s31",
    transition="issue_receipt",
    name=lambda app: f"{app.reference} receipt of lodgement (s31).pdf",
    ready=_receipt_ready,
    inputs=_receipt_inputs,
    context=lambda app, inputs: {**inputs, "footer": f"{app.reference} · Receipt of lodgement (s31)"},
    issued_by=lambda app: _last_event(app, "lodge").actor,
    payload=lambda app: {"lodge_event": _last_event(app, "lodge").hash},
)


# --- s33(2): the notice inviting comments ---


def _notice_ready(application: Application) -> str:
    if not (application.gazette_date and application.closing_day):
        return "not published for comment (s33); there is no notice."
    return ""


def _notice_inputs(application: Application) -> dict:
    return {
        "reference": application.reference,
        "title": application.title,
        "proponent": _proponent(application),
        "text": notice_text(application),
        "gazette_date": day_in_words(application.gazette_date),
        "internet_published_on": day_in_words(application.internet_published_on),
        "public_url": public_url(application),
        "newspapers": [
            {
                "state": n.get_state_or_territory_display(),
                "newspaper": n.newspaper,
                "published_on": day_in_words(n.published_on),
            }
            for n in application.newspaper_notices.order_by("state_or_territory", "pk")
        ],
        "comment_address": application.comment_address,
        "closing_day": day_in_words(application.closing_day),
        "effective_closing_day": day_in_words(statute.effective_closing_day(application.closing_day)),
    }


def _publisher(application: Application):
    published = _last_event(application, "publish_for_comment")
    return published.actor if published else None


NOTICE = Issued(
    kind=Document.Kind.NOTICE,
    template="pdf/notice.html",
    section="s33(2)",
    transition="issue_notice",
    name=lambda app: f"{app.reference} notice inviting comments (s33(2)).pdf",
    ready=lambda app: _notice_ready(app) or ("" if _publisher(app) else "no publication recorded (s33)."),
    inputs=_notice_inputs,
    context=lambda app, inputs: {**inputs, "footer": f"{app.reference} · Notice inviting comments (s33(2))"},
    issued_by=_publisher,
)

KINDS = {Document.Kind.RECEIPT: RECEIPT, Document.Kind.NOTICE: NOTICE}


def queue_receipt(application: Application) -> None:
    """Inside the lodgement's transaction: issue its receipt by a task once it commits."""
    queue_issue(application, TASK, Document.Kind.RECEIPT)


def queue_notice(application: Application) -> None:
    """Inside the publication's transaction: issue the notice by a task once it commits."""
    queue_issue(application, TASK, Document.Kind.NOTICE)


def issue_office_document(*, application: Application, kind: str, at: datetime | None = None) -> Document:
    """Store the receipt or the notice of ``application`` as a PDF unless the stored one says the same.

    Refused (ValueError) before the application is lodged (receipt) or published (notice).
    """
    return issue_document(KINDS[kind], application=application, at=at)


def office_document(application: Application, kind: str) -> Document | None:
    """The stored receipt or notice, issued now if its task never ran; None if there is none to issue."""
    if KINDS[kind].ready(application):
        return None
    return current(application, kind) or issue_office_document(application=application, kind=kind)
