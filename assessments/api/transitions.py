"""The API's transitions: one endpoint per act of the registry (assessments.acts), nothing listed here."""

from assessments.acts import APPLICATION_ACTS

STEPS = {act.name: act for act in APPLICATION_ACTS}
