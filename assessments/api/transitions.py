"""Each transition's payload shape and the service that runs it (the names are part of the API)."""

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers

from assessments import services
from assessments.errors import AssessmentError, Refusal
from assessments.services import Outcome
from assessments.services.executor import WHO_MAY, transition_meta

from . import serializers as s


@dataclass(frozen=True)
class Step:
    payload: type[serializers.Serializer]
    run: Callable[..., Outcome]  # run(application=..., actor=..., **validated payload)
    summary: str


def _decide(approve: bool):
    def run(**kwargs) -> Outcome:
        return services.decide(approve=approve, **kwargs)

    return run


STEPS: dict[str, Step] = {
    "lodge": Step(s.NoPayload, services.lodge, "s31: the proponent lodges the application"),
    "return_for_amendment": Step(
        s.ReturnForAmendmentPayload,
        services.return_for_amendment,
        "s31: Office staff return the application, naming what to amend",
    ),
    "commission_evaluation": Step(
        s.CommissionEvaluationPayload,
        services.commission_evaluation,
        "s32(2): the Director appoints an independent environmental auditor",
    ),
    "record_evaluation": Step(
        s.NoPayload, services.record_evaluation, "s32(1): the appointed auditor or Office staff record it"
    ),
    "publish_for_comment": Step(
        s.PublishForCommentPayload,
        services.publish_for_comment,
        "s33: Office staff publish the GIA and evaluation with notices inviting comment",
    ),
    "close_comments": Step(
        s.NoPayload, services.close_comments, "s33(3): Office staff close comments after the closing day"
    ),
    "give_advice": Step(s.GiveAdvicePayload, services.give_advice, "s34: Office staff advise the Minister"),
    "approve": Step(s.DecisionPayload, _decide(True), "s30: the Minister approves, with findings (c), (d)"),
    "refuse": Step(s.DecisionPayload, _decide(False), "s30: the Minister refuses"),
    "withdraw": Step(s.WithdrawPayload, services.withdraw, "The proponent withdraws before the decision"),
}


def refuse_a_role_that_may_never(application, name: str, user) -> None:
    """403 before anything else for a role that may not run ``name`` from any state.

    The services check the state first (409 "not possible while ..."), which would tell an auditor
    that commissioning is merely not possible *now*. Over HTTP the role is the reason, so the API
    asks the transition's own permissions (declared on the model) first; roles that may run it
    from another state still get the services' 409.
    """
    steps = list(transition_meta(application, name).transitions.values())
    if steps and not any(step.has_perm(application, user) for step in steps):
        step = steps[0]
        raise AssessmentError(
            Refusal.FORBIDDEN,
            f"Only {WHO_MAY[step.permission]} may {step.custom['label'].lower()}.",
            code="forbidden",
        )
