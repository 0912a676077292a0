"""The assessments' refusal: the workflow core's ``ActRefused`` (its kind carries the HTTP status)."""

from greenhouse_office.workflow.errors import ActRefused, Refusal


class AssessmentError(ActRefused):
    """A legal act of Parts 5-6 was refused (see ``greenhouse_office.workflow.errors``)."""


__all__ = ["AssessmentError", "Refusal"]
