"""s42(2)-(4): the Minister determines that an item of an application's information not be made public.

The Minister's dashboard calls ``determine_withheld``; the public pages then list the item as
withheld with its ground (assessments.selectors), never silently missing.
"""

from datetime import datetime

from django.db import transaction

from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, Document, WithheldInformation
from greenhouse_office import clock
from greenhouse_office.access import is_minister
from greenhouse_office.statute.information import withholding_ground

from .executor import lock, record_change

Item = WithheldInformation.Item


def reasons_needed(ground: str | None) -> str:
    """What the Minister must say when giving no reasons, in the words of the ground's provision."""
    if ground == "commercial_detriment":  # s42(3): the detriment must be weighed in the case at hand
        return (
            "s42(2) and s42(3): give your reasons: why the commercial detriment that may result from "
            "publishing this information outweighs the public interest in publishing it in this case."
        )
    if ground == "defence_or_security":
        return (
            "s42(2) and s42(4): give your reasons: why, having regard to the defence or security of the "
            "Commonwealth, publishing this information is not in the public interest."
        )
    return (
        "s42(2): give your reasons: why you believe publishing this information is not in the "
        "public interest."
    )


def determine_withheld(
    *,
    application: Application,
    item: str | Document,
    ground: str,
    reasons: str,
    actor,
    at: datetime | None = None,
) -> WithheldInformation:
    """Record the Minister's determination that ``item`` of ``application`` not be made public.

    ``item`` is one of ``WithheldInformation.Item`` (advice, comments_report, reasons) or a Document
    of the application; ``ground`` a code of ``statute.information.WITHHOLDING_GROUNDS``; ``reasons``
    the Minister's reasons for believing publication is not in the public interest (s42(2)), stored and
    logged with the determination and shown on the public pages. Only the Minister determines
    (s42(2)); each item is withheld once. Logged in the application's chain.
    """
    at = clock.moment(at)
    if not is_minister(actor):
        raise AssessmentError(
            Refusal.FORBIDDEN, "s42(2): only the Minister may determine that information not be made public."
        )
    document = item if isinstance(item, Document) else None
    kind = Item.DOCUMENT if document is not None else item
    errors = {}
    if kind not in Item.values or (kind == Item.DOCUMENT and document is None):
        errors["item"] = [f"Name the item: a document, or one of {', '.join(Item.values[:-1])}."]
    elif document is not None and document.application_id != application.pk:
        errors["item"] = ["The document is not one of this application's."]
    try:
        withheld_ground = withholding_ground(ground)
    except KeyError:
        withheld_ground = None
        errors["ground"] = ["Give the ground: s42(2), s42(3) or s42(4)."]
    reasons = (reasons or "").strip()
    if not reasons:
        errors["reasons"] = [reasons_needed(withheld_ground.code if withheld_ground else None)]
    if errors:
        raise AssessmentError(Refusal.INVALID, "The determination needs correcting.", field_errors=errors)
    with transaction.atomic():
        locked = lock(application)
        already = WithheldInformation.objects.filter(application=locked, item=kind)
        if document is not None:
            already = already.filter(document=document)
        if already.exists():
            raise AssessmentError(Refusal.CONFLICT, "s42(2): the Minister has already withheld this item.")
        withheld = WithheldInformation(
            application=locked,
            item=kind,
            document=document,
            ground=withheld_ground.code,
            determined_by=actor,
            determined_at=at,
            reasons=reasons,
        )
        withheld.full_clean()
        withheld.save()
        if document is not None:
            # The document's own flag is what every document selector (API, register) filters on.
            Document.objects.filter(pk=document.pk).update(
                withheld_under_s42=True, withheld_reason=withheld.notice
            )
        record_change(
            locked,
            "determine_withheld",
            actor=actor,
            at=at,
            section=withheld_ground.section,
            payload={
                "item": kind,
                "document": document.pk if document is not None else None,
                "ground": withheld_ground.code,
                "reasons": reasons,
            },
        )
    return withheld
