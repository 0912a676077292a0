"""The Office's transition buttons: one small form per legal act, each POSTing to its service.

Nothing here decides whether an act is allowed: ``services.available_transitions`` says which buttons
to show, and the service refuses (AssessmentError) with the Act's words, shown as admin messages.
The Minister's decision (s30) is not an admin act.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.models import Application, Document, State
from assessments.services.workflow import comments_report

from . import forms


def _return_for_amendment(application, actor, payload):
    return services.return_for_amendment(application=application, actor=actor, **payload)


def _commission_evaluation(application, actor, payload):
    return services.commission_evaluation(application=application, actor=actor, **payload)


def _record_evaluation(application, actor, payload):
    if payload.get("evaluation"):
        services.upload_document(
            application=application, actor=actor, kind=Document.Kind.EVALUATION, upload=payload["evaluation"]
        )
    return services.record_evaluation(application=application, actor=actor)


def _publish_for_comment(application, actor, payload):
    return services.publish_for_comment(application=application, actor=actor, **payload)


def _close_comments(application, actor, payload):
    return services.close_comments(application=application, actor=actor)


def _give_advice(application, actor, payload):
    return services.give_advice(application=application, actor=actor, **payload)


@dataclass(frozen=True)
class Step:
    name: str
    form: type[forms.TransitionForm]
    run: Callable
    submit: str
    intro: str = ""

    @property
    def label(self) -> str:
        return transition_custom(self.name)["label"]

    @property
    def section(self) -> str:
        return transition_custom(self.name)["section"]


def transition_custom(name: str) -> dict:
    """The model's words for a transition (``label``, ``section``); empty if there is none of that name."""
    meta = getattr(getattr(Application, name, None), "_django_fsm", None)
    return next(iter(meta.transitions.values())).custom if meta else {}


STEPS = {
    step.name: step
    for step in (
        Step(
            "return_for_amendment",
            forms.ReturnForAmendmentForm,
            _return_for_amendment,
            "Return",
            "The application is not in the prescribed form (s31(1)): return it, naming each thing the "
            "proponent must amend. The proponent answers every request before lodging again.",
        ),
        Step("commission_evaluation", forms.CommissionEvaluationForm, _commission_evaluation, "Appoint"),
        Step("record_evaluation", forms.RecordEvaluationForm, _record_evaluation, "Record the evaluation"),
        Step("publish_for_comment", forms.PublishForCommentForm, _publish_for_comment, "Publish"),
        Step(
            "close_comments",
            forms.CloseCommentsForm,
            _close_comments,
            "Close comments",
            "Close the period for public comment. Comments can be closed from the day after the closing day "
            "(moved to the next business day if it falls on a weekend or public holiday, AIA s36(2)).",
        ),
        Step("give_advice", forms.GiveAdviceForm, _give_advice, "Give the advice"),
    )
}


def office_steps(application: Application, user) -> list[Step]:
    """The buttons for this user: the service's available transitions that are Office acts."""
    return [STEPS[name] for name in services.available_transitions(application, user) if name in STEPS]


def transition_view(model_admin, request, object_id, name):
    """GET shows the step's form; POST runs the service and returns to the application."""
    step = STEPS.get(name)
    if step is None:
        raise Http404("No such Office step.")
    application = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.may_run_steps(request, application):
        raise PermissionDenied
    change_url = reverse("admin:assessments_application_change", args=[application.pk])
    status = 200
    if request.method == "POST":
        form = step.form(request.POST, request.FILES, application=application)
        if form.is_valid():
            try:
                outcome = step.run(application, request.user, form.payload())
            except AssessmentError as error:
                status = _refused(request, form, error)
            else:
                messages.success(
                    request,
                    f"{step.label} ({step.section}): {application.reference} is now "
                    f"{State(outcome.application.state).label.lower()}.",
                )
                for warning in outcome.warnings:
                    messages.warning(request, warning)
                return redirect(change_url)
    else:
        if step not in office_steps(application, request.user):
            messages.error(
                request,
                f"{step.label} is not open to you while {application.reference} is "
                f"{State(application.state).label.lower()}.",
            )
            return redirect(change_url)
        form = step.form(application=application)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{step.label} ({step.section})",
        "subtitle": str(application),
        "opts": model_admin.opts,
        "original": application,
        "application": application,
        "step": step,
        "form": form,
        "change_url": change_url,
        "documents": application.documents.select_related("uploaded_by"),
        "comments_report": comments_report(application) if name == "give_advice" else "",
    }
    return TemplateResponse(request, "assessments/admin/transition_form.html", context, status=status)


FIELD_ALIASES = {"file": "evaluation"}  # upload_document's field is the form's evaluation PDF
STATUS = {Refusal.FORBIDDEN: 403, Refusal.NOT_AVAILABLE: 409, Refusal.CONFLICT: 409}


def _refused(request, form, error: AssessmentError) -> int:
    """Each of the service's messages (the guard's words, citing the section) as an error message."""
    for message in error.messages:
        messages.error(request, message)
    for field, field_messages in error.field_errors.items():
        field = FIELD_ALIASES.get(field, field)
        if field in form.fields:
            for message in field_messages:
                form.add_error(field, message)
    return STATUS.get(error.kind, 200)
