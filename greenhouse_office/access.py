"""Who holds which role: the one place guards, selectors, views, emails and pages ask.

Roles are Django groups (``greenhouse_office.roles.Role``); a user's groups are read once per
user object. Which records a person may *see* is for each app's selectors, built on these answers.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .roles import OFFICE_ROLES, Role

# Most senior first: the role an act is recorded under.
SENIORITY = (Role.MINISTER, Role.DIRECTOR, Role.OFFICE_STAFF, Role.INDEPENDENT_AUDITOR, Role.PROPONENT)


def role_names(user) -> frozenset[str]:
    """The role groups a user holds (a superuser holds none implicitly); none for the anonymous.

    Read once per user object, which lives for one request (drop ``_greenhouse_roles`` after changing
    the groups of an object still in use)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_greenhouse_roles", None)
    if cached is None:
        cached = remember_role_names(user, user.groups.values_list("name", flat=True))
    return cached


def role_names_known(user) -> bool:
    """True once this user object's roles have been read (no query is needed to answer role_names)."""
    return getattr(user, "_greenhouse_roles", None) is not None


def remember_role_names(user, names) -> frozenset[str]:
    """Keep ``names`` (every group ``user`` holds) as its roles: for a caller that read them together
    with something else in one query (greenhouse_office.accounts.mfa)."""
    user._greenhouse_roles = frozenset(names)
    return user._greenhouse_roles


def has_role(user, role: Role) -> bool:
    """True if the signed-in user holds the role."""
    return role.value in role_names(user)


def roles_of(user) -> list[Role]:
    """The roles the user holds, most senior first."""
    held = role_names(user)
    return [role for role in SENIORITY if role.value in held]


def is_office(user) -> bool:
    """Office staff or the Director (s23, s11): the Office administers Parts 5-6."""
    return bool(role_names(user) & {role.value for role in OFFICE_ROLES})


def is_director(user) -> bool:
    return has_role(user, Role.DIRECTOR)


def is_minister(user) -> bool:
    return has_role(user, Role.MINISTER)


def is_proponent_of(user, organisation_id) -> bool:
    """A proponent acting for this organisation."""
    return (
        has_role(user, Role.PROPONENT)
        and organisation_id is not None
        and getattr(user, "organisation_id", None) == organisation_id
    )


def is_administrator_of(user, organisation_id) -> bool:
    """The person who administers this organisation (invites people, keeps its details)."""
    return (
        getattr(user, "is_authenticated", False)
        and organisation_id is not None
        and user.organisation_id == organisation_id
        and user.administers_organisation
    )


def may_start_an_organisation(user) -> bool:
    """Signed in, acting for no organisation and holding no role: someone who has just signed up."""
    return (
        getattr(user, "is_authenticated", False)
        and user.organisation_id is None
        and not role_names(user)
        and not user.is_staff
    )


def primary_role(user) -> str:
    """The role an act is recorded under: the most senior one the user holds ("system" for a job)."""
    held = roles_of(user)
    if held:
        return held[0].label
    return "system" if user is None else "none"


def people_in_role(*roles: Role, organisation=None) -> QuerySet:
    """Active people holding any of ``roles`` (of ``organisation`` if given) with an email address."""
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in roles])
        .exclude(email="")
    )
    if organisation is not None:
        people = people.filter(organisation=organisation)
    return people.distinct().order_by("pk")
