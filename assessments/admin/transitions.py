"""The Office's transition buttons: one small form per legal act, each POSTing to its service.

Which acts exist and which form each has come from the registry (assessments.acts); which buttons
to show from the acts this person may run now. Nothing here decides whether an act is allowed:
the executor refuses with the Act's words, shown as admin messages (show_refusal). The Minister's
decision (s30) has no admin form.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from assessments.acts import APPLICATION_ACTS
from assessments.errors import AssessmentError
from assessments.models import Application, State
from assessments.services.workflow import comments_report
from greenhouse_office import clock, statute
from greenhouse_office.workflow.acts import Act, Unmet
from greenhouse_office.workflow.web import show_refusal

FIELD_ALIASES = {"file": "evaluation"}  # upload_document's field is the form's evaluation PDF


def office_acts(application: Application, user) -> list[Act]:
    """The buttons for this user: the Office's acts they may run now (each has its form)."""
    return [act for act in APPLICATION_ACTS.available(application, user) if _in_console(act)]


@dataclass(frozen=True)
class Button:
    """One of the change page's workflow buttons: the act's form, or, while a condition the form
    cannot meet is unmet, a disabled button with the guards' words and the day it becomes possible."""

    act: Act
    url: str
    unmet: tuple[Unmet, ...] = ()

    @property
    def disabled(self) -> bool:
        return bool(self.unmet)

    @property
    def possible_from(self) -> str:
        """The latest day a time-based condition is met, in words ("" if none is, or one never is)."""
        days = [condition.possible_from for condition in self.unmet]
        return statute.format_day(max(days)) if days and None not in days else ""


def office_buttons(application: Application, user, on: date | None = None) -> list[Button]:
    """The Office's acts this user may run from the application's stage, each asked of its guards."""
    day = clock.legal_day() if on is None else on
    return [
        Button(
            act,
            reverse("admin:assessments_application_transition", args=[application.pk, act.name]),
            tuple(APPLICATION_ACTS.unmet(application, act, on=day)),
        )
        for act in office_acts(application, user)
    ]


def _in_console(act: Act | None) -> bool:
    return act is not None and act.is_office_act and act.form is not None


def transition_view(model_admin, request, object_id, name):
    """GET shows the act's form; POST runs the service and returns to the application."""
    act = APPLICATION_ACTS.get(name)
    if not _in_console(act):
        raise Http404("No such Office act.")
    application = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.may_run_steps(request, application):
        raise PermissionDenied
    change_url = reverse("admin:assessments_application_change", args=[application.pk])
    status = 200
    if request.method == "POST":
        form = act.form(request.POST, request.FILES, application=application)
        if form.is_valid():
            try:
                outcome = act.run(application, request.user, **form.payload())
            except AssessmentError as error:
                status = show_refusal(request, error, form, aliases=FIELD_ALIASES)
            else:
                messages.success(
                    request,
                    f"{act.label} ({act.section}): {application.reference} is now "
                    f"{State(outcome.record.state).label.lower()}.",
                )
                for warning in outcome.warnings:
                    messages.warning(request, warning)
                return redirect(change_url)
        else:
            status = 400
    else:
        if act not in office_acts(application, request.user):
            messages.error(
                request,
                f"{act.label} is not open to you while {application.reference} is "
                f"{State(application.state).label.lower()}.",
            )
            return redirect(change_url)
        form = act.form(application=application)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{act.label} ({act.section})",
        "subtitle": str(application),
        "opts": model_admin.opts,
        "original": application,
        "application": application,
        "step": act,
        "form": form,
        "change_url": change_url,
        "documents": application.documents.select_related("uploaded_by"),
        "comments_report": comments_report(application) if name == "give_advice" else "",
    }
    return TemplateResponse(request, "assessments/admin/transition_form.html", context, status=status)
