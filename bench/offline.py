"""The figures measured in this process, after the server has stopped: ``verify_log`` and the advice PDF.

- verify_log: ``verify_all`` (what ``manage.py verify_log`` runs) over the bench database, scaled to
  seconds per million events;
- the advice PDF (s34): templates/pdf/advice.html for the advised application with the most comments,
  its report on the comments cut to about 20 pages, rendered through ``greenhouse_office.pdf.render_pdf``
  (template, URL fetcher) and the same HTML through bare ``weasyprint.HTML(string=...).write_pdf()``.
"""

import copy
import io
import statistics
import time

from bench import targets
from bench.targets import Operation

PDF_PAGES = 20


def verify_log() -> list[Operation]:
    from greenhouse_office.workflow.verify import verify_all

    began = time.perf_counter()
    breaks, events, records = verify_all()
    took = time.perf_counter() - began
    per_million = took / events * 1_000_000 if events else 0.0
    return [
        Operation(
            "verify_log (verify_all)",
            f"{per_million:.1f} s per million events "
            f"({took:.1f} s for {events:,} events, {records:,} records)",
            verdict="-" if not breaks else f"{len(breaks)} breaks",
            note="every chain verified" if not breaks else "; ".join(breaks[:3]),
        )
    ]


def cut(inputs: dict, comments: int) -> dict:
    """The advice's inputs with only the first ``comments`` comments of the report (groups in order)."""
    out = copy.deepcopy(inputs)
    left = comments
    groups = []
    for group in out["groups"]:
        if left <= 0:
            break
        group["comments"] = group["comments"][:left]
        left -= len(group["comments"])
        groups.append(group)
    out["groups"] = groups
    out["late"] = out["late"][: max(0, left)]
    return out


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def advice_pdf(*, pages: int = PDF_PAGES, repeats: int = 3) -> list[Operation]:
    from django.db.models import Count
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from assessments.models import Application, State
    from assessments.services.advice import ADVICE
    from greenhouse_office.pdf import render_pdf, static_roots

    application = (
        Application.objects.filter(state__in=[State.ADVICE_GIVEN, State.APPROVED, State.REFUSED])
        .annotate(n=Count("comments"))
        .order_by("-n")
        .first()
    )
    if application is None:
        return [Operation("advice PDF", "no advised application", verdict="not measured")]
    inputs = ADVICE.inputs(application)
    total = sum(len(g["comments"]) for g in inputs["groups"]) + len(inputs["late"])
    comments = used = min(total, 3 * pages)
    context: dict = {}
    for _ in range(4):  # scale the comments until the PDF has about ``pages`` pages
        used, context = comments, ADVICE.context(application, cut(inputs, comments))
        made = page_count(render_pdf(ADVICE.template, context))
        if made == pages or (comments >= total and made < pages):
            break
        comments = min(total, max(1, round(comments * pages / max(made, 1))))
    html = render_to_string(ADVICE.template, context)
    base_url = static_roots()[0].as_uri() + "/" if static_roots() else None

    def timed(render) -> tuple[float, bytes]:
        times, pdf = [], b""
        for _ in range(repeats):
            began = time.perf_counter()
            pdf = render()
            times.append(time.perf_counter() - began)
        return statistics.median(times), pdf

    ours, ours_pdf = timed(lambda: render_pdf(ADVICE.template, context))
    bare, bare_pdf = timed(lambda: HTML(string=html, base_url=base_url).write_pdf())
    times = targets.ratio(ours, bare)
    return [
        Operation(
            f"advice PDF, {page_count(ours_pdf)} pages ({used:,} comments of {application.reference})",
            f"render_pdf {ours:.2f} s (median of {repeats})",
            f"bare WeasyPrint {bare:.2f} s, {page_count(bare_pdf)} pages",
            times,
            f"<= {targets.PDF_TIMES_BARE:g}x bare WeasyPrint",
            targets.at_most(times, targets.PDF_TIMES_BARE) if times is not None else "-",
            "render_pdf includes the template's rendering; bare is given its HTML",
        )
    ]
