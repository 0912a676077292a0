"""Part 7's refusal: the workflow core's ``ActRefused`` (its kind carries the HTTP status)."""

from greenhouse_office.workflow.errors import ActRefused, Refusal


class PlanError(ActRefused):
    """An act of Part 7 was refused (see ``greenhouse_office.workflow.errors``)."""


__all__ = ["PlanError", "Refusal"]
