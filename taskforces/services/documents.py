"""s38: each published version of a plan as a PDF (available on request), rendered once after commit.

The publishing act queues ``taskforces.tasks.issue_plan_pdf`` on commit; a version whose PDF is
missing (the broker was down, the render failed) is rendered by the next run of the plans' daily
job, or on its first download. Rendering again renders nothing once the PDF is stored.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from kombu.exceptions import OperationalError

from greenhouse_office import clock
from greenhouse_office.pdf import render_pdf
from taskforces.models import PlanVersion

from .executor import record_change

logger = logging.getLogger(__name__)
TEMPLATE = "pdf/industry_greenhouse_plan.html"


def queue_version_pdf(version_id: int) -> bool:
    """Give the version to the render task; False if the broker is unreachable (rendered later)."""
    from taskforces import tasks

    try:
        tasks.issue_plan_pdf.delay(version_id)
    except OperationalError as error:
        logger.warning(
            "The PDF of plan version %s waits: the task broker is unreachable (%s).", version_id, error
        )
        return False
    return True


def paragraphs(text: str) -> list[dict]:
    """The plan's text as blocks: ``{"heading": ...}`` for a line starting '# ', else a paragraph."""
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("# "):
            heading, _, rest = chunk.partition("\n")
            blocks.append({"heading": heading[2:].strip()})
            if rest.strip():
                blocks.append({"paragraph": rest.strip()})
        else:
            blocks.append({"paragraph": chunk})
    return blocks


def issue_version_pdf(version: PlanVersion, *, at=None) -> PlanVersion:
    """Render and store the published ``version`` as a PDF once; returns it (with its file)."""
    at = clock.moment(at)
    if version.published_on is None:
        raise ValueError(f"{version}: only a published version is issued as a PDF (s38).")
    with transaction.atomic():
        locked = (
            PlanVersion.objects.select_for_update().select_related("plan__source_category").get(pk=version.pk)
        )
        if locked.sha256:
            return locked
        plan = locked.plan
        content = render_pdf(
            TEMPLATE,
            {
                "plan": plan,
                "version": locked,
                "category": plan.source_category,
                "taskforce": getattr(plan.source_category, "taskforce", None),
                "blocks": paragraphs(locked.text),
                "footer": f"{plan.source_category.code} · Industry greenhouse plan, "
                f"version {locked.number} (s38)",
            },
        )
        locked.file.save(
            f"{plan.source_category.code}-v{locked.number}.pdf", ContentFile(content), save=False
        )
        locked.sha256 = hashlib.sha256(content).hexdigest()
        locked.size = len(content)
        locked.rendered_at = at
        locked.save(update_fields=["file", "sha256", "size", "rendered_at"])
        plan_locked = type(plan).objects.select_for_update().get(pk=plan.pk)
        record_change(
            plan_locked,
            "issue_plan_pdf",
            actor=None,
            at=at,
            section="s38",
            payload={"version": locked.number, "sha256": locked.sha256, "size": locked.size},
        )
    return locked
