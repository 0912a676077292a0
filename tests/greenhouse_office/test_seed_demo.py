import io
from datetime import date

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from assessments.models import Engagement
from greenhouse_office.models import Organisation

DEMO_USERNAMES = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister"]


def test_seed_demo_creates_a_login_for_every_role(demo_data):
    for username in DEMO_USERNAMES:
        assert authenticate(username=username, password="greenhouse-demo") is not None, username


def test_seed_demo_is_idempotent(demo_data):
    counts = (get_user_model().objects.count(), Organisation.objects.count(), Engagement.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Engagement.objects.count(),
    )


def test_the_two_proponents_act_for_different_organisations(demo_data):
    users = get_user_model().objects
    assert users.get(username="proponent").organisation != users.get(username="proponent2").organisation


def test_groups_and_staff_flags(demo_data):
    users = get_user_model().objects
    director = users.get(username="director")
    assert set(director.groups.values_list("name", flat=True)) == {"Director", "Office staff"}
    assert director.is_staff and users.get(username="officer").is_staff
    assert not users.get(username="proponent").is_staff
    assert not users.get(username="minister").is_staff


def test_auditor2_contracted_with_proponents_organisation_since_commencement_s32_2(demo_data):
    users = get_user_model().objects
    organisation = users.get(username="proponent").organisation
    contract = Engagement.objects.get(
        auditor__user__username="auditor2", organisation=organisation, kind=Engagement.Kind.CONTRACT
    )
    assert contract.ended_on >= date(2008, 3, 12)  # s2 commencement
    assert not Engagement.objects.filter(auditor__user__username="auditor", organisation=organisation)


def test_demo_password_comes_from_the_environment(db, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-password"
    call_command("seed_demo", stdout=io.StringIO())
    assert authenticate(username="officer", password="another-demo-password") is not None


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DJANGO_DEBUG off"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="minister").exists()
