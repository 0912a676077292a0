from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Parts 5-6: applications for approval and their Greenhouse Impact Assessments."""

    name = "assessments"
    verbose_name = "Greenhouse Impact Assessments"
