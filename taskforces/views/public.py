"""The public pages of Part 7, for everyone without signing in: every source category with its task
force and plan (s36, s38); a category's page with the current plan, its earlier versions and reviews
(s39); each published version as a PDF; and "Request a copy" (s38: available on request). What is
public is the selectors' to say; anything else is 404.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from assessments.api.base import pdf_download
from assessments.views.register import CopyRequestThrottle
from greenhouse_office import clock
from greenhouse_office.public_pages import public_page
from taskforces import selectors
from taskforces.public_versions import plans_version
from taskforces.services import copy_requests
from taskforces.services.documents import issue_version_pdf, paragraphs

from .public_forms import PlanCopyRequestForm


@require_GET
@public_page(plans_version)
def plan_list(request):
    """/plans/: every Annex A category by sector, its task force and its plan's state in words."""
    return render(request, "taskforces/public/plans.html", {"rows": selectors.categories_with_plans()})


@require_GET
@public_page(plans_version)
def plan_detail(request, code):
    """/plans/<code>/: the category, its task force, and its plan from publication (s38)."""
    row = selectors.category_page(code)
    if row is None:
        raise Http404("No such source category.")
    versions = row.plan.published_versions if row.published else []
    context = {
        "row": row,
        "category": row.category,
        "taskforce": row.taskforce,
        "plan": row.plan,
        "current": versions[0] if versions else None,
        "blocks": paragraphs(versions[0].text) if versions else [],
        "previous": versions[1:],
        "reviews": list(row.plan.reviews.all()) if row.published else [],
    }
    return render(request, "taskforces/public/plan.html", context)


@require_GET
def version_pdf(request, code, number):
    """s38: a published version of the plan as its PDF (rendered now if its task has not yet run)."""
    version = selectors.published_version(code, number)
    if version is None:
        raise Http404("No published version of this plan has this number.")
    if not version.sha256:
        version = issue_version_pdf(version)
    return pdf_download(version, f"industry-greenhouse-plan-{code}-v{number}.pdf", public=True)


def _published(code):
    plan = selectors.plan_for_copies(code)
    if plan is None:
        raise Http404("No published plan for this source category.")
    return plan


def copy_request(request, code):
    """s38: ask for a copy of the published plan, by email or by post."""
    plan = _published(code)
    form = PlanCopyRequestForm(request.POST or None)
    if request.method == "POST":
        throttle = CopyRequestThrottle()
        if not throttle.allow_request(request, None):
            return render(
                request,
                "taskforces/public/copy_request_throttled.html",
                {"plan": plan, "wait": int(throttle.wait() or 60)},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            copy_requests.request_plan_copy(
                plan=plan,
                name=data["name"],
                email=data["email"],
                postal_address=data["postal_address"],
                format=data["format"],
                suspected_spam=bool(data["website"]),
            )
            return redirect("plans:copy-request-sent", code=code)
    return render(request, "taskforces/public/copy_request.html", {"plan": plan, "form": form})


@require_GET
def copy_request_sent(request, code):
    plan = _published(code)
    return render(
        request,
        "taskforces/public/copy_request_sent.html",
        {"plan": plan, "due_on": copy_requests.due_on(clock.legal_day())},
    )
