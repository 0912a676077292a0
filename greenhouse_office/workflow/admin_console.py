"""The Office's act buttons in the admin, for any record with a registry of acts: one small form per act,
each POSTing to the act's service.

Which acts exist and which form each has come from the registry; which buttons to show from the acts
this person may run now. Nothing here decides whether an act is allowed: the executor refuses with the
Act's words, shown as admin messages (``show_refusal``); its warnings are shown as warnings. Each app
configures one ``ActConsole`` (assessments.admin.transitions, taskforces.admin.acts).
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from greenhouse_office import clock, statute

from .acts import Act, Registry, Unmet
from .errors import ActRefused
from .executor import current_state, state_label
from .web import show_refusal


@dataclass(frozen=True)
class Button:
    """An act's button: its form, or, while a condition the form cannot meet is unmet, a disabled
    button with the guards' words and the day it becomes possible."""

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


@dataclass(frozen=True)
class ActConsole:
    """The admin's act buttons and act pages for one registry.

    ``act_url`` and ``change_url`` are admin URL names (the act page takes the record's pk and the
    act's name); forms take the record as ``form_keyword``; ``aliases`` rename a service's field to
    the form's for its refusals.
    """

    registry: Registry
    error: type[ActRefused]
    act_url: str
    change_url: str
    template: str
    form_keyword: str
    aliases: dict = field(default_factory=dict)

    def name_of(self, record) -> str:
        """The record in the messages' words ("GHO-00012", "the plan")."""
        return str(record)

    def may_run(self, model_admin, request, record) -> bool:
        return True

    def initial(self, act: Act, record) -> dict:
        return {}

    def extra_context(self, act: Act, record) -> dict:
        return {}

    def office_acts(self, record, user) -> list[Act]:
        """The Office's acts this user may run from the record's state (each has its form)."""
        return [act for act in self.registry.available(record, user) if _in_console(act)]

    def buttons(self, record, user, on: date | None = None) -> list[Button]:
        """The Office's acts this user may run now, each asked of its guards."""
        day = clock.legal_day() if on is None else on
        return [
            Button(
                act,
                reverse(self.act_url, args=[record.pk, act.name]),
                tuple(self.registry.unmet(record, act, on=day)),
            )
            for act in self.office_acts(record, user)
        ]

    def view(self, model_admin, request, object_id, name):
        """GET shows the act's form; POST runs the service and returns to the record's page."""
        act = self.registry.get(name)
        if not _in_console(act):
            raise Http404("No such Office act.")
        record = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
        if not self.may_run(model_admin, request, record):
            raise PermissionDenied
        change_url = reverse(self.change_url, args=[record.pk])
        bound = {self.form_keyword: record}
        status = 200
        if request.method == "POST":
            form = act.form(request.POST, request.FILES, **bound)
            if form.is_valid():
                try:
                    outcome = act.run(record, request.user, **form.payload())
                except self.error as error:
                    status = show_refusal(request, error, form, aliases=self.aliases)
                else:
                    state = state_label(type(record), outcome.record.state)
                    messages.success(
                        request, f"{act.label} ({act.section}): {self.name_of(record)} is now {state}."
                    )
                    for warning in outcome.warnings:
                        messages.warning(request, warning)
                    return redirect(change_url)
            else:
                status = 400
        else:
            if act not in self.office_acts(record, request.user):
                state = state_label(type(record), current_state(record))
                messages.error(
                    request, f"{act.label} is not open to you while {self.name_of(record)} is {state}."
                )
                return redirect(change_url)
            form = act.form(**bound, initial=self.initial(act, record))
        context = {
            **model_admin.admin_site.each_context(request),
            "title": f"{act.label} ({act.section})",
            "subtitle": str(record),
            "opts": model_admin.opts,
            "original": record,
            self.form_keyword: record,
            "step": act,
            "form": form,
            "change_url": change_url,
            **self.extra_context(act, record),
        }
        return TemplateResponse(request, self.template, context, status=status)


def _in_console(act: Act | None) -> bool:
    return act is not None and act.is_office_act and act.form is not None
