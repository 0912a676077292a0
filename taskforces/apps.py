from django.apps import AppConfig


class TaskforcesConfig(AppConfig):
    """Part 7: greenhouse taskforces and industry greenhouse plans (built in a later issue)."""

    name = "taskforces"
    verbose_name = "Taskforces and industry greenhouse plans"
