from django.apps import AppConfig

from greenhouse_office.roles import Role


class TaskforcesConfig(AppConfig):
    """Part 7: greenhouse taskforces (s36) and industry greenhouse plans (ss37-39)."""

    name = "taskforces"
    verbose_name = "Taskforces and industry greenhouse plans"
    # Office staff keep the task forces' records and run the plans' acts (buttons calling the
    # services); the plans' state and log are never edited in the admin.
    role_permissions = {
        Role.OFFICE_STAFF: (
            "view_sourcecategory",
            "view_taskforce",
            "add_taskforce",
            "change_taskforce",
            "view_taskforcemember",
            "add_taskforcemember",
            "change_taskforcemember",
            "delete_taskforcemember",
            "view_recommendation",
            "add_recommendation",
            "change_recommendation",
            "view_industrygreenhouseplan",
            "add_industrygreenhouseplan",
            "change_industrygreenhouseplan",
            "view_planversion",
            "view_planreview",
            "view_planevent",
            "view_dutynotice",
            "view_plancopyrequest",
            "change_plancopyrequest",
        ),
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from .models.categories import sync_source_categories

        post_migrate.connect(sync_source_categories, sender=self)  # Annex A's rows, after a flush too

        from assessments.open_data import add_register
        from taskforces import admin_copy_requests  # noqa: F401 (registers the copy requests' admin)
        from taskforces.open_data import PLANS

        add_register(PLANS)  # s38: the plans join the open data downloads

        from greenhouse_office import today

        from .today import TEMPLATE, part7_duties

        # The Office's today page lists the live Part 7 duties (assessments.admin.today reads the registry).
        today.register("part7", template=TEMPLATE, context=part7_duties)
