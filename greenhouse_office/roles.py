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


_OFFICE_STAFF_PERMISSIONS = (
    "greenhouse_office.view_organisation",
    "greenhouse_office.add_organisation",
    "greenhouse_office.change_organisation",
    "greenhouse_office.view_user",
    "greenhouse_office.view_jobrun",
    "assessments.view_independentauditor",
    "assessments.add_independentauditor",
    "assessments.change_independentauditor",
    "assessments.view_engagement",
    "assessments.add_engagement",
    "assessments.change_engagement",
    # The workflow in the admin: read-only records; changes go through the services' buttons.
    "assessments.view_application",
    "assessments.change_application",
    "assessments.view_document",
    "assessments.view_comment",
    "assessments.change_comment",
    "assessments.view_applicationevent",
    "assessments.view_newspapernotice",
    "assessments.view_amendmentrequest",
    "assessments.view_direction",
)

# "app_label.codename" for each role; permissions of apps not yet migrated are skipped.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.PROPONENT: (),
    Role.OFFICE_STAFF: _OFFICE_STAFF_PERMISSIONS,
    Role.DIRECTOR: (*_OFFICE_STAFF_PERMISSIONS, "assessments.appoint_independent_auditor"),
    Role.INDEPENDENT_AUDITOR: (),
    Role.MINISTER: (),
}

# Roles whose members work in the Django admin.
STAFF_ROLES = frozenset({Role.OFFICE_STAFF, Role.DIRECTOR})


def role_names(user) -> frozenset[str]:
    """The role groups a user holds, read once per user object (a superuser holds none implicitly)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_greenhouse_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._greenhouse_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    """True if the signed-in user holds the role."""
    return role.value in role_names(user)


def primary_role(user) -> str:
    """The role an act is recorded under: the most senior one the user holds."""
    held = role_names(user)
    for role in (Role.MINISTER, Role.DIRECTOR, Role.OFFICE_STAFF, Role.INDEPENDENT_AUDITOR, Role.PROPONENT):
        if role.value in held:
            return role.label
    return "system" if user is None else "none"


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
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
