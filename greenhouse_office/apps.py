from django.apps import AppConfig

from .roles import Role


class GreenhouseOfficeConfig(AppConfig):
    """The Office-wide app: people, organisations, roles, background-job records, the Bill as code."""

    name = "greenhouse_office"
    verbose_name = "Greenhouse Office"
    # Codenames of this app's permissions each role holds (greenhouse_office.roles).
    role_permissions = {
        Role.OFFICE_STAFF: (
            "view_organisation",
            "add_organisation",
            "change_organisation",
            "view_user",
            "view_jobrun",
            "view_email",
            "view_organisationinvitation",
            "view_organisationevent",
            "view_emissiontarget",
            "view_emissiontargetevent",
        ),
        # The targets (s8) are kept by the Director, who manages the Office (s11(2)).
        Role.DIRECTOR: ("add_emissiontarget", "change_emissiontarget"),
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_role_permissions

        # Every app's migrations may add permissions a role needs: re-sync after each migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="greenhouse_office.sync_roles")

        from allauth.account import signals as account_signals

        from .accounts.tokens import on_password_changed

        # A new password voids the API tokens issued before it (the tokens module checks too).
        for signal in (
            account_signals.password_changed,
            account_signals.password_reset,
            account_signals.password_set,
        ):
            signal.connect(on_password_changed, dispatch_uid=f"greenhouse_office.revoke_tokens.{id(signal)}")
