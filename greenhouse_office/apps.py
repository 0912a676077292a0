from django.apps import AppConfig


class GreenhouseOfficeConfig(AppConfig):
    """The Office-wide app: people, organisations, roles, background-job records, the Bill as code."""

    name = "greenhouse_office"
    verbose_name = "Greenhouse Office"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_role_permissions

        # Every app's migrations may add permissions a role needs: re-sync after each migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="greenhouse_office.sync_roles")
