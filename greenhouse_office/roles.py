"""The roles people hold, as Django groups with permissions.

The groups are created by migration 0002_roles; the permissions each role needs are re-applied
after every migrate (apps added later bring their own permissions).
"""

from django.db import models


class Role(models.TextChoices):
    """A role is a Django group of this name. The public needs no account."""

    PROPONENT = "Proponent", "Proponent"  # s31: lodges applications with a GIA
    OFFICE_STAFF = "Office staff", "Office staff"  # s23: staff of the Greenhouse Office
    DIRECTOR = "Director", "Director"  # s11: manages the Office; s32(2) appoints auditors
    INDEPENDENT_AUDITOR = "Independent auditor", "Independent environmental auditor"  # s32(2)
    MINISTER = "Minister", "Minister"  # s30: approves or refuses actions


# Each app declares the permissions its roles need, as ``role_permissions`` on its AppConfig:
# ``{Role: ("codename", ...)}`` (codenames of that app's own models). The Director holds every
# permission of Office staff as well. Questions about who holds a role: greenhouse_office.access.
OFFICE_ROLES = (Role.OFFICE_STAFF, Role.DIRECTOR)

# Roles whose members work in the Django admin.
STAFF_ROLES = frozenset(OFFICE_ROLES)


def role_permissions() -> dict[Role, set[str]]:
    """``{Role: {"app_label.codename", ...}}`` gathered from every installed app's declaration."""
    from django.apps import apps

    wanted: dict[Role, set[str]] = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            wanted[role] |= {f"{config.label}.{codename}" for codename in codenames}
    wanted[Role.DIRECTOR] |= wanted[Role.OFFICE_STAFF]
    return wanted


def sync_role_permissions(*, using: str = "default", apps=None, **kwargs) -> None:
    """Create the role groups and give each exactly its permissions (post_migrate handler)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth not migrated yet
        return
    for role, wanted in role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        permissions = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".")
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
