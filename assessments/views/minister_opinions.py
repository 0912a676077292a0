"""The Minister's opinions on the dashboard (s26, s29(2)): that an action has inhibited, inhibits, will
inhibit or is likely to inhibit the achievement of targets for reducing greenhouse gas emissions.

Access and logging are ``minister_only``'s; the act and its refusals are ``form_opinion``'s, shown in
its words.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.errors import AssessmentError
from assessments.models import MinisterialOpinion
from assessments.opinion_forms import OpinionForm
from assessments.selectors import applications_visible_to
from assessments.services.opinions import form_opinion
from greenhouse_office.workflow.web import show_refusal

from .minister import minister_only

PAGE_SIZE = 20
ALIASES = {"commonwealth": "opinion", "limb": "opinion"}  # the service's fields, on the form's radios


@minister_only
@require_GET
def opinions(request):
    """/minister/opinions/: the opinions recorded, newest first, with what the Office has done."""
    recorded = MinisterialOpinion.objects.select_related("application", "organisation", "acknowledged_by")
    page = Paginator(recorded.order_by("-formed_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "minister/opinions.html", {"page": page})


@minister_only
@require_http_methods(["GET", "POST"])
def opinion_new(request):
    """/minister/opinions/new/: record an opinion under s26 or s29(2), with reasons; ``?application=``
    starts it from that application's decision page."""
    applications = applications_visible_to(request.user)
    if request.method == "POST":
        form = OpinionForm(request.POST, applications=applications)
    else:
        initial = {}
        asked = request.GET.get("application", "")
        chosen = applications.filter(pk=int(asked)).first() if asked.isdigit() else None
        if chosen is not None:
            request.minister_application = chosen
            initial = {
                "application": chosen.pk,
                "organisation": chosen.organisation_id,
                "action": chosen.title,
            }
        form = OpinionForm(initial=initial, applications=applications)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                opinion = form_opinion(actor=request.user, **form.payload())
            except AssessmentError as error:
                status = show_refusal(request, error, form, aliases=ALIASES)
            else:
                messages.success(
                    request,
                    f"Opinion {opinion.pk} recorded under {opinion.provision}: {opinion.opinion}. "
                    "The Greenhouse Office is told by email and records what it does about it.",
                )
                return redirect("minister:opinions")
        else:
            status = 400
    context = {"form": form, "refused": status >= 400}
    return render(request, "minister/opinions_new.html", context, status=status)
