"""Part 7's jobs: the published plans' PDFs, and the daily watch over the Part 7 duties."""

from celery import shared_task

from greenhouse_office import clock
from greenhouse_office.pdf import PDF_TASK
from taskforces.models import PlanVersion
from taskforces.services.documents import issue_version_pdf
from taskforces.services.duties import render_missing_pdfs, tell_live_duties


@shared_task(name="taskforces.tasks.issue_plan_pdf", **PDF_TASK)
def issue_plan_pdf(version_id: int) -> str:
    """s38: store a published version of a plan as its PDF (queued after commit). Idempotent."""
    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "no such version"
    return issue_version_pdf(version).sha256


@shared_task(name="taskforces.tasks.watch_part7_duties")
def watch_part7_duties() -> dict:
    """ss36-39, daily: tell the people responsible for each Part 7 duty due or overdue (once per
    status), and render published plans' PDFs that are missing (s38). Running twice sends nothing
    again (taskforces.services.duties)."""
    at = clock.legal_now()  # one moment for the whole run
    return {"told": tell_live_duties(at=at), "rendered": render_missing_pdfs(at=at)}
