"""The plans' act buttons: the workflow core's admin console (greenhouse_office.workflow.admin_console)
over ``PLAN_ACTS``, each act's form from taskforces.forms; a warning (s38's month passed) is shown as one.
"""

from django import forms
from django.urls import reverse

from greenhouse_office import clock
from greenhouse_office.workflow.admin_console import ActConsole
from taskforces.acts import PLAN_ACTS
from taskforces.errors import PlanError

FORM_TEMPLATE = "taskforces/admin/plan_form.html"


class PlanConsole(ActConsole):
    def name_of(self, plan) -> str:
        return "the plan"

    def may_run(self, model_admin, request, plan) -> bool:
        return model_admin.may_run_acts(request)

    def initial(self, act, plan) -> dict:
        """The act's required days (received, published, began, completed): today unless changed."""
        return {name: clock.legal_day() for name in _day_fields(act.form)}

    def extra_context(self, act, plan) -> dict:
        return {
            "heading": f"{act.label} ({act.section})",
            "cancel_url": reverse(self.change_url, args=[plan.pk]),
        }


CONSOLE = PlanConsole(
    registry=PLAN_ACTS,
    error=PlanError,
    act_url="admin:taskforces_industrygreenhouseplan_act",
    change_url="admin:taskforces_industrygreenhouseplan_change",
    template=FORM_TEMPLATE,
    form_keyword="plan",
)
office_acts = CONSOLE.office_acts
office_buttons = CONSOLE.buttons
act_view = CONSOLE.view


def _day_fields(form_class) -> list[str]:
    return [
        name
        for name, field in form_class.base_fields.items()
        if field.required and isinstance(field, forms.DateField)
    ]
