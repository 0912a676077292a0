"""s32(2): the auditor register is the Director's (Office staff read it); every edit in the admin is
logged in the auditor's keyed chain, with who, when, and the values before and after; the change
page shows the auditor's standing for an application awaiting its evaluation."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments.errors import AssessmentError, Refusal
from assessments.forms import CommissionEvaluationForm
from assessments.models import AuditorEvent, Engagement, IndependentAuditor, State
from assessments.services.register import (
    record_register_change,
    register_refusal,
    save_engagements,
    save_register_entry,
)
from assessments.views.auditor_forms import EngagementFormSet
from greenhouse_office.models import Organisation
from greenhouse_office.roles import Role

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
    client.force_login(people.director)
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
    assert (edit.actor, edit.section, edit.kind) == (people.director, "s32(2)", "change")
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
    client.force_login(people.director)
    url = reverse("admin:assessments_independentauditor_change", args=[auditor.pk])
    data = {**form_data(client.get(url)), "_save": "Save"}
    response = client.post(url, data)
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors]
        errors += [f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms]
        errors += [i.formset.non_form_errors() for i in response.context["inline_admin_formsets"]]
        raise AssertionError(errors)
    assert not AuditorEvent.objects.filter(auditor=auditor).exists()


# --- The register is the Director's (s32(2)) ------------------------------------------------------


def change_url(auditor) -> str:
    return reverse("admin:assessments_independentauditor_change", args=[auditor.pk])


def test_s32_2_office_staff_read_the_register_but_cannot_add_or_change_it(client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    client.force_login(people.officer)
    assert client.get(reverse("admin:assessments_independentauditor_changelist")).status_code == 200
    assert client.get(reverse("admin:assessments_independentauditor_add")).status_code == 403
    page = client.get(change_url(auditor))
    assert page.status_code == 200
    assert not page.context["has_change_permission"] and not page.context["has_add_permission"]
    assert b'name="_save"' not in page.content  # a read-only page: nothing to submit
    engagements = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is Engagement)
    assert not engagements.has_add_permission and not engagements.has_change_permission
    posted = client.post(change_url(auditor), {"qualifications": "Forged", "_save": "Save"})
    assert posted.status_code == 403
    auditor.refresh_from_db()
    assert auditor.qualifications != "Forged"
    assert not AuditorEvent.objects.filter(auditor=auditor).exists()


def test_s32_2_the_director_may_add_and_change_entries_but_nobody_deletes_one(client, people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    client.force_login(people.director)
    assert client.get(reverse("admin:assessments_independentauditor_add")).status_code == 200
    page = client.get(change_url(auditor))
    assert page.context["has_change_permission"] and not page.context["has_delete_permission"]
    engagements = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is Engagement)
    assert engagements.has_add_permission and engagements.has_change_permission
    assert not engagements.has_delete_permission  # ended, never removed: s32(2) looks back
    delete = reverse("admin:assessments_independentauditor_delete", args=[auditor.pk])
    assert client.get(delete).status_code == 403


def test_s32_2_the_director_registers_an_auditor_in_the_admin_and_it_is_logged(client, people):
    person = get_user_model().objects.create_user("newauditor", first_name="Noor", last_name="Haddad")
    client.force_login(people.director)
    data = form_data(client.get(reverse("admin:assessments_independentauditor_add")))
    data.update(
        {
            "user": person.pk,
            "qualifications": "Certified Environmental Auditor, EIANZ 118",
            "qualified_declared_on": "2026-10-01",
            "fit_and_proper_declared_on": "2026-10-01",
            "registered_on": "2026-10-02",
            "_save": "Save",
        }
    )
    response = client.post(reverse("admin:assessments_independentauditor_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    auditor = IndependentAuditor.objects.get(user=person)
    [event] = AuditorEvent.objects.filter(auditor=auditor)
    assert (event.transition, event.actor, event.section) == ("register_auditor", people.director, "s32(2)")
    assert event.payload["after"]["qualifications"] == "Certified Environmental Auditor, EIANZ 118"
    assert event.hash_matches()


def test_s32_2_the_service_refuses_office_staff_a_register_change(people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    with pytest.raises(AssessmentError) as caught:
        record_register_change(
            auditor=auditor,
            actor=people.officer,
            change="change_auditor",
            before={"qualifications": "a"},
            after={"qualifications": "b"},
        )
    error = caught.value
    assert (error.kind, error.code, error.status) == (Refusal.FORBIDDEN, "register_is_the_directors", 403)
    assert error.messages[0].startswith("s32(2): ") and "only the Director" in error.messages[0]
    auditor.qualifications = "Forged"
    with pytest.raises(AssessmentError):
        save_register_entry(auditor=auditor, actor=people.officer)
    auditor.refresh_from_db()
    assert auditor.qualifications != "Forged"
    assert register_refusal(people.minister, IndependentAuditor(user=people.minister)) is not None
    assert not AuditorEvent.objects.filter(auditor=auditor).exists()


def test_s32_2_the_service_refuses_office_staff_engagements_before_saving_any(people):
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    engagement = Engagement.objects.filter(auditor=auditor).first()
    data = {
        "engagements-TOTAL_FORMS": 1,
        "engagements-INITIAL_FORMS": 1,
        "engagements-0-id": engagement.pk,
        "engagements-0-auditor": auditor.pk,
        "engagements-0-organisation": engagement.organisation_id,
        "engagements-0-kind": engagement.kind,
        "engagements-0-started_on": engagement.started_on.isoformat(),
        "engagements-0-ended_on": "2026-06-30",
        "engagements-0-description": engagement.description,
    }
    formset = EngagementFormSet(data, instance=auditor, prefix="engagements")
    assert formset.is_valid(), formset.errors
    with pytest.raises(AssessmentError) as caught:
        save_engagements(formset, auditor=auditor, actor=people.officer)
    assert caught.value.kind == Refusal.FORBIDDEN
    engagement.refresh_from_db()
    assert engagement.ended_on is None
    save_engagements(formset, auditor=auditor, actor=people.director)
    engagement.refresh_from_db()
    assert engagement.ended_on == date(2026, 6, 30)


def test_s32_2_an_auditor_keeps_their_own_entry_only(people):
    own = IndependentAuditor.objects.get(user=people.auditor)
    other = IndependentAuditor.objects.get(user=people.auditor2)
    assert register_refusal(people.auditor, own) is None
    assert register_refusal(people.auditor, other).kind == Refusal.FORBIDDEN
    assert register_refusal(people.director, other) is None
    assert register_refusal(people.director) is None  # a new entry
    # Off the register's role, the person's entry is no longer theirs to keep.
    people.auditor.groups.remove(Group.objects.get(name=Role.INDEPENDENT_AUDITOR.value))
    people.auditor.__dict__.pop("_greenhouse_roles", None)
    assert register_refusal(people.auditor, own) is not None


def test_s32_2_office_staff_permissions_are_view_only_and_the_directors_add_and_change(people):
    for codename in (
        "add_independentauditor",
        "change_independentauditor",
        "add_engagement",
        "change_engagement",
    ):
        assert not people.officer.has_perm(f"assessments.{codename}")
        assert people.director.has_perm(f"assessments.{codename}")
    for codename in ("view_independentauditor", "view_engagement", "view_auditorevent"):
        assert people.officer.has_perm(f"assessments.{codename}")
    assert not people.director.has_perm("assessments.delete_independentauditor")
    assert not people.director.has_perm("assessments.delete_engagement")


# --- Standing for an application (s32(2)) --------------------------------------------------------


def test_s32_2_the_change_page_shows_an_independent_auditors_standing(client, people, make_application):
    application = make_application(State.LODGED)
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    client.force_login(people.officer)  # Office staff see it too: the register is theirs to read
    page = client.get(change_url(auditor), {"application": application.pk})
    assert page.status_code == 200
    assert page.context["standing"] == []
    text = page.content.decode()
    assert '<label for="standing_application">Application awaiting an evaluation</label>' in text
    assert f"Independent: {auditor} may be appointed to evaluate {application.reference}" in text


def test_s32_2_the_change_page_lists_each_disqualification_with_its_section(client, people, make_application):
    application = make_application(State.LODGED)
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)
    client.force_login(people.director)
    page = client.get(change_url(auditor2), {"application": application.pk})
    text = page.content.decode()
    assert f"Cannot be appointed: {auditor2} is not an independent environmental auditor" in text
    [reason] = page.context["standing"]
    assert reason.section == "s32(2)" and "(the proponent)" in reason.fact
    assert f"<strong>s32(2)</strong>: {reason.fact}" in text
    # The same words as the Director's appointment form gives for this auditor.
    field = CommissionEvaluationForm(application=application).fields["auditor"]
    assert field.label_from_instance(auditor2).endswith(f"cannot be appointed: {reason.fact}")


def test_s32_2_standing_is_shown_for_applications_awaiting_an_evaluation_only(
    client, people, make_application
):
    lodged = make_application(State.LODGED)
    commissioned = make_application(State.EVALUATION_COMMISSIONED)
    draft = make_application(State.DRAFT)
    evaluated = make_application(State.EVALUATED)
    auditor = IndependentAuditor.objects.get(user=people.auditor)
    client.force_login(people.officer)
    page = client.get(change_url(auditor))
    choices = {pk.value for pk, _ in page.context["standing_form"].fields["application"].choices if pk}
    assert {lodged.pk, commissioned.pk} <= choices and not {draft.pk, evaluated.pk} & choices
    assert page.context["standing"] is None
    refused = client.get(change_url(auditor), {"application": draft.pk})
    assert refused.status_code == 200 and refused.context["standing"] is None
    assert refused.context["standing_form"].errors["application"]
    appointed = client.get(change_url(auditor), {"application": commissioned.pk})
    assert f"{auditor} is the auditor appointed to evaluate it." in appointed.content.decode()


def test_the_change_page_and_its_standing_make_a_constant_number_of_queries(
    client, people, make_application, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = make_application(State.LODGED)
    auditor2 = IndependentAuditor.objects.get(user=people.auditor2)
    client.force_login(people.officer)
    url = change_url(auditor2)
    client.get(url, {"application": application.pk})  # warm the session and caches
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as judged:
        client.get(url, {"application": application.pk})
    for n in range(3):
        Engagement.objects.create(
            auditor=auditor2,
            organisation=Organisation.objects.create(
                name=f"Firm {n}", kind=Organisation.Kind.STATE_OR_TERRITORY
            ),
            kind=Engagement.Kind.CONTRACT,
            started_on=date(2020, 1, 1),
        )
    with django_assert_num_queries(len(plain)):
        client.get(url)
    with django_assert_num_queries(len(judged)):
        page = client.get(url, {"application": application.pk})
    assert len(page.context["standing"]) == 1  # the new firms are no counterparty of s32(2)


def test_a_refusal_by_the_service_is_shown_as_a_message_and_nothing_is_saved(client, people, monkeypatch):
    from assessments.services import register

    auditor = IndependentAuditor.objects.get(user=people.auditor)
    client.force_login(people.director)
    url = change_url(auditor)
    data = {**form_data(client.get(url)), "qualifications": "Changed", "_save": "Save"}
    refusal = AssessmentError(Refusal.FORBIDDEN, "s32(2): refused for the test.", code="test")
    monkeypatch.setattr(register, "register_refusal", lambda actor, auditor=None: refusal)
    response = client.post(url, data, follow=True)
    assert "s32(2): refused for the test." in response.content.decode()
    auditor.refresh_from_db()
    assert auditor.qualifications != "Changed"
    assert not AuditorEvent.objects.filter(auditor=auditor).exists()
