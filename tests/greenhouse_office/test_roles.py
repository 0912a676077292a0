import pytest
from django.contrib.auth.models import Group

from greenhouse_office.access import has_role, people_in_role, primary_role
from greenhouse_office.roles import Role, role_permissions


@pytest.mark.django_db
def test_every_role_is_a_group_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_permissions(role):
    group = Group.objects.get(name=role.value)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == role_permissions()[role]


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


def test_each_app_declares_its_own_permissions_and_the_director_holds_the_office_s():
    wanted = role_permissions()
    assert "assessments.view_application" in wanted[Role.OFFICE_STAFF]
    assert "greenhouse_office.view_email" in wanted[Role.OFFICE_STAFF]
    # s32(2): the Director appoints auditors, so keeps their register too (Office staff read it).
    assert wanted[Role.DIRECTOR] == wanted[Role.OFFICE_STAFF] | {
        "assessments.appoint_independent_auditor",
        "assessments.add_independentauditor",
        "assessments.change_independentauditor",
        "assessments.add_engagement",
        "assessments.change_engagement",
        # s8, s11(2): the Director keeps the targets (Office staff read them).
        "greenhouse_office.add_emissiontarget",
        "greenhouse_office.change_emissiontarget",
    }
    assert wanted[Role.PROPONENT] == wanted[Role.MINISTER] == set()


@pytest.mark.django_db
def test_people_in_a_role_of_an_organisation_and_the_role_an_act_is_recorded_under(django_user_model):
    from greenhouse_office.models import Organisation

    ours, theirs = Organisation.objects.create(name="Ours"), Organisation.objects.create(name="Theirs")
    proponent = Group.objects.get(name=Role.PROPONENT)
    mine = django_user_model.objects.create_user("mine", email="m@example.com", organisation=ours)
    other = django_user_model.objects.create_user("other", email="o@example.com", organisation=theirs)
    silent = django_user_model.objects.create_user("silent", email="", organisation=ours)
    for user in (mine, other, silent):
        user.groups.add(proponent)
    assert list(people_in_role(Role.PROPONENT, organisation=ours)) == [mine]  # no address: no email
    director = django_user_model.objects.create_user("d")
    director.groups.add(Group.objects.get(name=Role.DIRECTOR), Group.objects.get(name=Role.OFFICE_STAFF))
    assert primary_role(director) == "Director" and primary_role(None) == "system"
