"""The organisation's log: every act on an organisation and its people (create, change details,
invite, accept, revoke, remove, and the Office's edits in the admin) writes one append-only event,
with who, when, what, before and after, in the act's own transaction."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse

from greenhouse_office import organisations as acts
from greenhouse_office.clock import legal_now
from greenhouse_office.models import Organisation, OrganisationEvent, User
from greenhouse_office.workflow.errors import ActRefused
from greenhouse_office.workflow.events import ImmutableEvent
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Change = OrganisationEvent.Change
DETAILS = {
    "kind": Organisation.Kind.BODY_CORPORATE,
    "name": "Mallee Lime Pty Ltd",
    "abn": "53 004 085 616",
    "address_lines": "1 Kiln Road",
    "suburb": "Mildura",
    "state": "VIC",
    "postcode": "3500",
}


@pytest.fixture
def founded():
    founder = UserFactory(email="founder@example.com")
    return acts.create_organisation(founder=founder, data=DETAILS), founder


def changes(organisation) -> list[str]:
    return list(
        OrganisationEvent.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("change", flat=True)
    )


def test_creating_an_organisation_logs_its_details_and_administrator(founded):
    organisation, founder = founded
    [event] = OrganisationEvent.objects.filter(organisation=organisation)
    assert (event.change, event.actor, event.actor_name) == (Change.CREATED, founder, founder.username)
    assert event.before == {}
    assert event.after["name"] == "Mallee Lime Pty Ltd" and event.after["abn"] == "53004085616"
    assert event.after["administrator"] == {"person": founder.pk, "username": founder.username}
    assert abs(event.at - legal_now()) < timedelta(minutes=1)


def test_a_change_of_details_logs_only_the_fields_changed_before_and_after(founded):
    organisation, founder = founded
    acts.update_organisation(
        organisation=organisation,
        by=founder,
        data={**DETAILS, "abn": "53004085616", "contact_name": "Jo Lee"},
    )
    event = OrganisationEvent.objects.filter(organisation=organisation).latest("pk")
    assert (event.change, event.actor) == (Change.DETAILS_CHANGED, founder)
    assert (event.before, event.after) == ({"contact_name": ""}, {"contact_name": "Jo Lee"})
    acts.update_organisation(organisation=organisation, by=founder, data={"contact_name": "Jo Lee"})
    assert changes(organisation) == [Change.CREATED, Change.DETAILS_CHANGED]  # nothing changed: no event


def test_inviting_accepting_revoking_and_removing_are_each_logged(founded):
    organisation, founder = founded
    invitation = acts.invite_member(organisation=organisation, by=founder, email="member@example.com")
    member = UserFactory(email="member@example.com")
    acts.accept_invitation(invitation=invitation, user=member)
    second = acts.invite_member(organisation=organisation, by=founder, email="late@example.com")
    acts.revoke_invitation(invitation=second, by=founder)
    acts.remove_member(organisation=organisation, by=founder, member=member)
    assert changes(organisation) == [
        Change.CREATED,
        Change.INVITED,
        Change.INVITATION_ACCEPTED,
        Change.INVITED,
        Change.INVITATION_REVOKED,
        Change.MEMBER_REMOVED,
    ]
    events = list(OrganisationEvent.objects.filter(organisation=organisation).order_by("pk"))
    invited, accepted, _, revoked, removed = events[1:]
    assert invited.actor == founder
    assert invited.after["email"] == "member@example.com" and invited.after["invitation"] == invitation.pk
    assert accepted.actor == member
    assert accepted.after["member"] == {"person": member.pk, "username": member.username, "role": "Proponent"}
    assert accepted.before["member"] is None
    assert (revoked.before["status"], revoked.after["status"]) == ("pending", "revoked")
    assert removed.actor == founder
    assert removed.before["member"]["person"] == member.pk and removed.after == {"member": None}


def test_a_refused_act_logs_nothing(founded):
    organisation, founder = founded
    stranger = UserFactory()
    with pytest.raises(ActRefused):
        acts.invite_member(organisation=organisation, by=stranger, email="x@example.com")
    with pytest.raises(ActRefused):
        acts.update_organisation(organisation=organisation, by=founder, data={"abn": ""})
    assert changes(organisation) == [Change.CREATED]


def test_the_event_is_written_in_the_acts_transaction(founded):
    organisation, founder = founded
    with pytest.raises(RuntimeError), transaction.atomic():
        acts.invite_member(organisation=organisation, by=founder, email="rolled@example.com")
        raise RuntimeError("the act's transaction fails after the event")
    assert changes(organisation) == [Change.CREATED]
    assert not organisation.invitations.exists()


def test_events_are_never_changed_or_deleted(founded):
    organisation, _ = founded
    event = OrganisationEvent.objects.get(organisation=organisation)
    event.after = {"name": "Forged"}
    with pytest.raises(ImmutableEvent):
        event.save()
    with pytest.raises(ImmutableEvent):
        event.delete()
    with pytest.raises(ImmutableEvent):
        OrganisationEvent.objects.filter(pk=event.pk).update(after={})
    with pytest.raises(ImmutableEvent):
        OrganisationEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_update_an_event(founded):
    from django.db import DatabaseError

    organisation, _ = founded
    event = OrganisationEvent.objects.get(organisation=organisation)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE greenhouse_office_organisationevent SET after = '{}' WHERE id = %s", [event.pk]
        )


# --- The Office's edits in the admin, and the log there -------------------------------------------


def test_office_staff_edits_in_the_admin_are_logged(client):
    officer = User.objects.get(username="officer")
    client.force_login(officer)
    add = reverse("admin:greenhouse_office_organisation_add")
    data = {**DETAILS, "trading_name": "", "contact_name": "", "contact_email": "", "contact_phone": ""}
    response = client.post(add, {**data, "_save": "Save"})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    organisation = Organisation.objects.get(name="Mallee Lime Pty Ltd")
    change = reverse("admin:greenhouse_office_organisation_change", args=[organisation.pk])
    response = client.post(change, {**data, "contact_phone": "03 5021 0000", "_save": "Save"})
    assert response.status_code == 302
    created, changed = OrganisationEvent.objects.filter(organisation=organisation).order_by("pk")
    assert (created.change, created.actor) == (Change.CREATED, officer)
    assert (changed.change, changed.before, changed.after) == (
        Change.DETAILS_CHANGED,
        {"contact_phone": ""},
        {"contact_phone": "03 5021 0000"},
    )


def test_a_membership_change_in_the_user_admin_is_logged_on_both_organisations(client):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("root-d", "root-d@example.com", "x-pass-2026!")
    left, joined = OrganisationFactory(), OrganisationFactory()
    person = UserFactory(organisation=left)
    acts.record_office_membership_change(user=person, by=superuser, before=acts.membership_of(person))
    assert not OrganisationEvent.objects.exists()  # nothing changed
    before = acts.membership_of(person)
    person.organisation, person.administers_organisation = joined, True
    person.save()
    acts.record_office_membership_change(user=person, by=superuser, before=before)
    on_left = OrganisationEvent.objects.get(organisation=left)
    on_joined = OrganisationEvent.objects.get(organisation=joined)
    assert on_left.change == on_joined.change == Change.MEMBERSHIP_CHANGED
    assert on_left.before["member"]["organisation"] == left.pk
    assert on_joined.after["member"] == {
        "person": person.pk,
        "username": person.username,
        "organisation": joined.pk,
        "administers": True,
    }


def test_the_log_is_read_only_in_the_admin_and_linked_from_the_organisation(client, founded):
    organisation, _ = founded
    client.force_login(User.objects.get(username="officer"))
    event = OrganisationEvent.objects.get(organisation=organisation)
    listing = client.get(reverse("admin:greenhouse_office_organisationevent_changelist"))
    assert listing.status_code == 200 and "Mallee Lime Pty Ltd" in listing.content.decode()
    page = client.get(reverse("admin:greenhouse_office_organisationevent_change", args=[event.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(reverse("admin:greenhouse_office_organisationevent_add")).status_code == 403
    delete = reverse("admin:greenhouse_office_organisationevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = client.get(reverse("admin:greenhouse_office_organisation_change", args=[organisation.pk]))
    link = f"?organisation__id__exact={organisation.pk}"
    assert link in change.content.decode()
    filtered = client.get(reverse("admin:greenhouse_office_organisationevent_changelist") + link)
    assert filtered.status_code == 200 and list(filtered.context["cl"].result_list) == [event]


def test_the_admin_log_makes_a_constant_number_of_queries(client, founded, django_assert_num_queries):
    organisation, founder = founded
    client.force_login(User.objects.get(username="officer"))
    url = reverse("admin:greenhouse_office_organisationevent_changelist")
    client.get(url)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        acts.invite_member(organisation=organisation, by=founder, email=f"p{n}@example.com")
    with django_assert_num_queries(len(few)):
        client.get(url)
