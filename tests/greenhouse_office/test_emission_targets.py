"""The s8 targets: one per category on any day, kept by the Director in the admin, every change logged."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from greenhouse_office.emission_targets import EmissionTarget, EmissionTargetEvent
from greenhouse_office.models import User
from greenhouse_office.workflow.events import ImmutableEvent

INSTRUMENT = "Convention on Climate Change (Implementation) Targets Determination 2029 (No. 1)"


def make(code="1.A.2", starts_on=date(2030, 1, 1), ends_on=date(2031, 12, 31), tonnes="200000"):
    return EmissionTarget(
        source_category=code,
        starts_on=starts_on,
        ends_on=ends_on,
        target_t_co2e=Decimal(tonnes),
        instrument=INSTRUMENT,
        instrument_made_on=date(2029, 11, 1),
    )


def form(**changes) -> dict:
    data = {
        "source_category": "1.A.2",
        "starts_on": "2030-01-01",
        "ends_on": "2031-12-31",
        "target_t_co2e": "200000",
        "instrument": INSTRUMENT,
        "instrument_made_on": "2029-11-01",
        "notes": "",
        "_save": "Save",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_s8_2_the_section_follows_the_category_a_or_the_total_b():
    category, total = make(), make(code="")
    for target in (category, total):
        target.full_clean()
        target.save()
    assert (category.section, total.section) == ("s8(2)(a)", "s8(2)(b)")
    assert total.category_label == "The total level of greenhouse gas emissions"


@pytest.mark.django_db
def test_s8_2_a_an_unknown_source_category_is_refused():
    with pytest.raises(ValidationError) as refused:
        make(code="9.Z").full_clean()
    assert "source_category" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_on", "ends_on", "refused"),
    [
        (date(2031, 12, 31), date(2032, 12, 31), True),  # shares the last day
        (date(2029, 1, 1), date(2030, 1, 1), True),  # shares the first day
        (date(2030, 6, 1), date(2030, 6, 30), True),  # inside
        (date(2032, 1, 1), date(2033, 12, 31), False),  # the day after
    ],
)
def test_s8_two_targets_for_one_category_may_not_overlap(starts_on, ends_on, refused):
    make().save()
    later = make(starts_on=starts_on, ends_on=ends_on)
    if refused:
        with pytest.raises(ValidationError, match=r"s8\(2\)\(a\): one target applies"):
            later.full_clean()
    else:
        later.full_clean()
    make(code="2.A", starts_on=starts_on, ends_on=ends_on).full_clean()  # another category: never


@pytest.mark.django_db
def test_a_period_must_not_end_before_it_starts():
    with pytest.raises(ValidationError) as refused:
        make(starts_on=date(2031, 1, 1), ends_on=date(2030, 1, 1)).full_clean()
    assert "ends_on" in refused.value.message_dict


@pytest.mark.django_db
def test_the_director_adds_and_changes_a_target_and_each_change_is_logged(client):
    director = User.objects.get(username="director")
    client.force_login(director)

    response = client.post(reverse("admin:greenhouse_office_emissiontarget_add"), form())
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    target = EmissionTarget.objects.get(instrument=INSTRUMENT)
    change = reverse("admin:greenhouse_office_emissiontarget_change", args=[target.pk])
    assert client.post(change, form()).status_code == 302  # saved unchanged: nothing logged
    assert client.post(change, form(target_t_co2e="190000.5", ends_on="2030-12-31")).status_code == 302

    changed, created = EmissionTargetEvent.objects.filter(target=target)  # newest first
    assert (created.change, created.actor, created.before) == ("created", director, {})
    assert created.after["target_t_co2e"] == "200000.000" and created.after["section"] == "s8(2)(a)"
    assert changed.change == "changed" and changed.actor_name == "director"
    assert changed.before == {"target_t_co2e": "200000.000", "ends_on": "2031-12-31"}
    assert changed.after == {"target_t_co2e": "190000.500", "ends_on": "2030-12-31"}
    with pytest.raises(ImmutableEvent):
        changed.save()


@pytest.mark.django_db
def test_the_admin_refuses_an_overlapping_target_with_the_sections_words(client):
    client.force_login(User.objects.get(username="director"))
    make().save()
    response = client.post(
        reverse("admin:greenhouse_office_emissiontarget_add"), form(starts_on="2031-06-01")
    )
    assert response.status_code == 200
    assert "s8(2)(a): one target applies" in response.content.decode()
    assert EmissionTarget.objects.filter(instrument=INSTRUMENT).count() == 1


@pytest.mark.django_db
def test_office_staff_read_the_targets_and_their_log_but_only_the_director_changes_them(client):
    target = make()
    target.save()
    client.force_login(User.objects.get(username="officer"))
    change = reverse("admin:greenhouse_office_emissiontarget_change", args=[target.pk])
    assert client.get(reverse("admin:greenhouse_office_emissiontarget_changelist")).status_code == 200
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # view only
    assert client.get(reverse("admin:greenhouse_office_emissiontarget_add")).status_code == 403
    assert client.post(change, form(target_t_co2e="1")).status_code == 403
    assert client.get(reverse("admin:greenhouse_office_emissiontargetevent_changelist")).status_code == 200
    for name in ("director", "officer"):
        client.force_login(User.objects.get(username=name))
        delete = reverse("admin:greenhouse_office_emissiontarget_delete", args=[target.pk])
        assert client.get(delete).status_code == 403  # ended by an earlier end day, never deleted
    assert EmissionTarget.objects.get(pk=target.pk).target_t_co2e == Decimal("200000")


@pytest.mark.django_db
def test_the_demo_sets_a_national_target_and_one_for_each_demo_category_for_2026_to_2027():
    # seed_demo ran for the test database (tests/conftest.py).
    codes = set(
        EmissionTarget.objects.filter(
            starts_on__lte=date(2026, 1, 1), ends_on__gte=date(2027, 12, 31)
        ).values_list("source_category", flat=True)
    )
    assert codes >= {"", "1.A.1", "1.A.2", "1.B.2", "2.A"}
    assert EmissionTargetEvent.objects.filter(change="created", actor__username="director").exists()
