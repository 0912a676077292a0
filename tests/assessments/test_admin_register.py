"""s32(2): every edit of the auditor register in the admin is logged in the auditor's keyed chain,
with who, when, and the values before and after."""

import pytest
from django.urls import reverse

from assessments.models import AuditorEvent, Engagement, IndependentAuditor

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """What the admin's change form would POST unchanged: the main form and every inline formset."""
    data = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.initial_forms:
            data[form.add_prefix("id")] = form.instance.pk
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None and name != "id":
                    data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data


def test_a_register_edit_in_the_admin_is_logged_with_before_and_after(client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    before = auditor.qualifications
    client.force_login(people.officer)
    url = reverse("admin:assessments_independentauditor_change", args=[auditor.pk])
    data = form_data(client.get(url))
    data["qualifications"] = "Lead Environmental Auditor (ISO 14001), certificate 4471"
    engagement = Engagement.objects.get(auditor=auditor)
    prefix = next(key for key in data if key.endswith("-0-id") and data[key] == engagement.pk).removesuffix(
        "-0-id"
    )
    data[f"{prefix}-0-ended_on"] = "2026-06-30"
    data["_save"] = "Save"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    events = list(AuditorEvent.objects.filter(auditor=auditor).order_by("sequence"))
    changed = {event.transition: event for event in events}
    edit = changed["change_auditor"]
    assert (edit.actor, edit.section, edit.kind) == (people.officer, "s32(2)", "change")
    assert edit.payload == {
        "changed": ["qualifications"],
        "before": {"qualifications": before},
        "after": {"qualifications": "Lead Environmental Auditor (ISO 14001), certificate 4471"},
    }
    ended = changed["change_engagement"].payload
    assert ended["changed"] == ["ended_on"] and ended["before"] == {"ended_on": None}
    assert ended["after"] == {"ended_on": "2026-06-30"}
    assert all(event.hash_matches() for event in events)
    auditor.refresh_from_db()
    assert auditor.log_head_hash == events[-1].hash and auditor.log_length == len(events)


def test_saving_without_a_change_logs_nothing(client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    client.force_login(people.officer)
    url = reverse("admin:assessments_independentauditor_change", args=[auditor.pk])
    data = {**form_data(client.get(url)), "_save": "Save"}
    response = client.post(url, data)
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors]
        errors += [f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms]
        errors += [i.formset.non_form_errors() for i in response.context["inline_admin_formsets"]]
        raise AssertionError(errors)
    assert not AuditorEvent.objects.filter(auditor=auditor).exists()
