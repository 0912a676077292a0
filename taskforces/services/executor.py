"""Part 7's use of the workflow core: the plan's chain (``PlanEvent``) and its error (``PlanError``)."""

from datetime import datetime

from greenhouse_office import clock
from greenhouse_office.workflow import executor
from greenhouse_office.workflow.executor import Outcome
from taskforces.errors import PlanError
from taskforces.models import IndustryGreenhousePlan, PlanEvent


def run_transition(plan: IndustryGreenhousePlan, name: str, *, actor, at: datetime, **options) -> Outcome:
    """Run act ``name`` on ``plan`` (see greenhouse_office.workflow.executor.run_act)."""
    return executor.run_act(
        plan, name, actor=actor, at=clock.moment(at), event_model=PlanEvent, error=PlanError, **options
    )


def record_change(
    plan: IndustryGreenhousePlan, name: str, *, actor, at: datetime, section: str, payload: dict
):
    """Log a change to a locked plan in its chain (call inside the change's transaction)."""
    return executor.append_change(
        plan, PlanEvent, name, actor=actor, at=clock.moment(at), section=section, payload=payload
    )


def lock(plan: IndustryGreenhousePlan) -> IndustryGreenhousePlan:
    return IndustryGreenhousePlan.objects.select_for_update().get(pk=plan.pk)
