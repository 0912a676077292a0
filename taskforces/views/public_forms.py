"""The plans' public form (input only): "Request a copy" (s38), the register's form without its choice
of documents (a plan is one document)."""

from assessments.views.register_forms import CopyRequestForm


class PlanCopyRequestForm(CopyRequestForm):
    documents = None  # a plan is one document: nothing to choose
