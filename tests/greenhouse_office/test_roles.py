import pytest
from django.contrib.auth.models import Group

from greenhouse_office.roles import ROLE_PERMISSIONS, Role, has_role


@pytest.mark.django_db
def test_every_role_is_a_group_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_permissions(role):
    group = Group.objects.get(name=role.value)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == set(ROLE_PERMISSIONS[role])


@pytest.mark.django_db
def test_only_the_director_may_appoint_auditors_s32_2(django_user_model):
    director = django_user_model.objects.create_user("d")
    officer = django_user_model.objects.create_user("o")
    director.groups.add(Group.objects.get(name=Role.DIRECTOR))
    officer.groups.add(Group.objects.get(name=Role.OFFICE_STAFF))
    assert director.has_perm("assessments.appoint_independent_auditor")
    assert not officer.has_perm("assessments.appoint_independent_auditor")
    assert has_role(director, Role.DIRECTOR) and not has_role(officer, Role.DIRECTOR)


def test_anonymous_visitor_holds_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert not any(has_role(AnonymousUser(), role) for role in Role)
