"""The legal acts on an application, each declared once: transition, service, API payload, form.

The transition's metadata (section, label, summary, who may) is on the model; this registry binds
each act to the service every surface calls, the API's payload serializer and the form that pages
and the admin show (the admin offers the Office's acts, the portal the proponent's, the Minister's
dashboard the decision). Everything else -- the API's URLs and schema, the
admin's buttons, the names in the schema -- is derived from ``APPLICATION_ACTS``.
"""

from assessments import forms, services
from assessments.api import serializers as s
from assessments.models import Application
from greenhouse_office.workflow.acts import Registry

APPLICATION_ACTS = Registry(Application)
_add = APPLICATION_ACTS.add

_add("lodge", services.lodge, payload=s.NoPayload, form=forms.LodgeForm)
_add(
    "return_for_amendment",
    services.return_for_amendment,
    payload=s.ReturnForAmendmentPayload,
    form=forms.ReturnForAmendmentForm,
)
_add(
    "commission_evaluation",
    services.commission_evaluation,
    payload=s.CommissionEvaluationPayload,
    form=forms.CommissionEvaluationForm,
)
_add("record_evaluation", services.record_evaluation, payload=s.NoPayload, form=forms.RecordEvaluationForm)
_add(
    "publish_for_comment",
    services.publish_for_comment,
    payload=s.PublishForCommentPayload,
    form=forms.PublishForCommentForm,
)
_add("close_comments", services.close_comments, payload=s.NoPayload, form=forms.CloseCommentsForm)
_add("give_advice", services.give_advice, payload=s.GiveAdvicePayload, form=forms.GiveAdviceForm)
_add("approve", services.approve, payload=s.DecisionPayload, form=forms.ApproveForm)
_add("refuse", services.refuse, payload=s.RefusePayload, form=forms.RefuseForm)
_add("withdraw", services.withdraw, payload=s.WithdrawPayload, form=forms.WithdrawForm)
APPLICATION_ACTS.check_complete()


def available_acts(application: Application, user) -> list[str]:
    """Names of the acts this user may run from the application's current state."""
    return [act.name for act in APPLICATION_ACTS.available(application, user)]
