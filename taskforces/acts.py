"""The legal acts on an industry greenhouse plan, each declared once: transition, service and form.

The transition's metadata (section, label, summary, who may) is on the model; the admin offers these
acts as buttons (they are the Office's), each calling its service.
"""

from greenhouse_office.workflow.acts import Registry
from taskforces import forms, services
from taskforces.models import IndustryGreenhousePlan

PLAN_ACTS = Registry(IndustryGreenhousePlan, keyword="plan")
_add = PLAN_ACTS.add

_add("give_to_minister", services.give_to_minister, form=forms.GiveToMinisterForm)
_add("publish", services.publish, form=forms.PublishForm)
_add("begin_review", services.begin_review, form=forms.BeginReviewForm)
_add("complete_review", services.complete_review, form=forms.CompleteReviewForm)
PLAN_ACTS.check_complete()
