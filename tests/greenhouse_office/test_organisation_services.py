"""The organisation's acts (greenhouse_office/organisations.py): create, invite, accept, revoke,
remove; each refusal in its plain words; the invitation email sent after commit, with a working link."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings

from greenhouse_office import organisations as acts
from greenhouse_office.access import has_role, is_administrator_of, is_proponent_of
from greenhouse_office.clock import legal_now
from greenhouse_office.models import Email, Organisation, OrganisationInvitation, User
from greenhouse_office.roles import Role
from greenhouse_office.workflow.errors import ActRefused, Refusal
from tests.factories import OrganisationFactory, ProponentFactory, UserFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "kind": Organisation.Kind.BODY_CORPORATE,
    "name": "Mallee Lime Pty Ltd",
    "trading_name": "",
    "abn": "53 004 085 616",
    "address_lines": "1 Kiln Road",
    "suburb": "Mildura",
    "state": "VIC",
    "postcode": "3500",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
}


def refused(call, **kwargs) -> ActRefused:
    with pytest.raises(ActRefused) as caught:
        call(**kwargs)
    return caught.value


@pytest.fixture
def founded():
    """A newly signed-up person who has created their organisation (so administers it)."""
    founder = UserFactory(email="founder@example.com")
    organisation = acts.create_organisation(founder=founder, data=DETAILS)
    return organisation, founder


def invited(organisation, by, email="newcomer@example.com", at=None):
    return acts.invite_member(organisation=organisation, by=by, email=email, at=at)


# --- Create -------------------------------------------------------------------------------------


def test_the_founder_joins_administers_and_becomes_its_proponent(founded):
    organisation, founder = founded
    founder = User.objects.get(pk=founder.pk)
    assert organisation.abn == "53004085616"  # as the Register writes it, without spaces
    assert founder.organisation == organisation
    assert founder.administers_organisation
    assert has_role(founder, Role.PROPONENT)
    assert is_proponent_of(founder, organisation.pk)
    assert is_administrator_of(founder, organisation.pk)


def test_the_founder_object_passed_in_is_updated_too(founded):
    organisation, founder = founded
    assert founder.organisation_id == organisation.pk and has_role(founder, Role.PROPONENT)


def test_a_person_who_already_acts_for_an_organisation_cannot_create_another(founded):
    organisation, founder = founded
    error = refused(acts.create_organisation, founder=founder, data={**DETAILS, "name": "Second Pty Ltd"})
    assert error.messages == [f"You already act for {organisation}."]
    assert error.status == 409
    assert not Organisation.objects.filter(name="Second Pty Ltd").exists()


def test_office_staff_cannot_create_an_organisation():
    officer = User.objects.get(username="officer")
    error = refused(acts.create_organisation, founder=officer, data=DETAILS)
    assert error.kind == Refusal.FORBIDDEN
    assert error.messages[0].startswith("You are signed in as Office staff")
    assert not Organisation.objects.filter(name=DETAILS["name"]).exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"abn": "53 004 085 617"}, "abn", "its check digits do not match"),
        ({"abn": ""}, "abn", "A body corporate needs its ABN"),
        ({"postcode": ""}, "postcode", "Give the postcode too, or leave the whole postal address empty."),
    ],
)
def test_the_models_checks_refuse_bad_details(change, field, words):
    founder = UserFactory()
    error = refused(acts.create_organisation, founder=founder, data={**DETAILS, **change})
    assert error.status == 400
    assert any(words in message for message in error.field_errors[field])
    founder.refresh_from_db()
    assert founder.organisation is None and not founder.groups.exists()


def test_an_individual_may_have_no_abn_nor_address():
    founder = UserFactory()
    data = {**DETAILS, "kind": Organisation.Kind.INDIVIDUAL, "name": "Jo Citizen", "abn": ""}
    data.update(address_lines="", suburb="", state="", postcode="")
    assert acts.create_organisation(founder=founder, data=data).abn == ""


# --- Invite --------------------------------------------------------------------------------------


def test_the_invitation_email_waits_for_commit_and_links_to_the_acceptance_page(
    founded, django_capture_on_commit_callbacks, client
):
    organisation, founder = founded
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = invited(organisation, founder)
        assert mail.outbox == []  # nothing leaves before commit
    assert callbacks
    stored = Email.objects.get(template="organisation_invitation")
    assert stored.to == "newcomer@example.com" and stored.record == invitation
    (sent,) = mail.outbox
    assert sent.to == ["newcomer@example.com"]
    assert organisation.name in sent.subject
    link = re.search(r"https?://\S+/accounts/organisation/invitations/(\S+)/", sent.body)
    assert link and link.group(1) == invitation.token
    # Only the hash is kept; the link's token finds the invitation.
    assert (
        invitation.token
        not in OrganisationInvitation.objects.filter(pk=invitation.pk).values_list("key", flat=True)[0]
    )
    assert acts.invitation_for_token(link.group(1)) == invitation
    response = client.get(urlsplit(link.group(0)).path)
    assert response.status_code == 200
    assert organisation.name in response.content.decode()


@override_settings(GREENHOUSE_INVITATION_DAYS=3)
def test_an_invitation_expires_after_the_days_set(founded):
    organisation, founder = founded
    now = legal_now()
    invitation = invited(organisation, founder, at=now)
    assert invitation.expires_at == now + timedelta(days=3)


def test_only_the_administrator_invites(founded):
    organisation, founder = founded
    member = UserFactory(email="member@example.com")
    acts.accept_invitation(invitation=invited(organisation, founder, "member@example.com"), user=member)
    error = refused(acts.invite_member, organisation=organisation, by=member, email="x@example.com")
    assert error.messages == [f"Only the administrator of {organisation} can invite people."]
    assert error.status == 403


def test_a_person_of_another_organisation_is_told_nothing_of_it(founded):
    organisation, _ = founded
    stranger = ProponentFactory()
    error = refused(acts.invite_member, organisation=organisation, by=stranger, email="x@example.com")
    assert error.status == 404 and organisation.name not in str(error)


def test_a_member_cannot_be_invited_again(founded):
    organisation, founder = founded
    error = refused(acts.invite_member, organisation=organisation, by=founder, email="FOUNDER@example.com")
    assert error.messages == [f"FOUNDER@example.com already acts for {organisation}."]


def test_a_second_invitation_waits_for_the_first_to_be_revoked(founded):
    organisation, founder = founded
    first = invited(organisation, founder)
    error = refused(acts.invite_member, organisation=organisation, by=founder, email="Newcomer@example.com")
    assert "the invitation is still waiting; revoke it first" in error.messages[0]
    acts.revoke_invitation(invitation=first, by=founder)
    assert invited(organisation, founder).pk != first.pk


def test_an_address_that_is_not_one_is_refused(founded):
    organisation, founder = founded
    error = refused(acts.invite_member, organisation=organisation, by=founder, email="not an address")
    assert error.field_errors == {"email": ["Enter an email address, such as name@example.com."]}


# --- Accept ---------------------------------------------------------------------------------------


def test_the_invited_person_joins_as_a_proponent_not_an_administrator(founded):
    organisation, founder = founded
    invitation = invited(organisation, founder)
    newcomer = UserFactory(email="NewComer@Example.com")  # addresses compare case-insensitively
    assert acts.accept_invitation(invitation=invitation, user=newcomer) == organisation
    newcomer.refresh_from_db()
    invitation.refresh_from_db()
    assert newcomer.organisation == organisation and has_role(newcomer, Role.PROPONENT)
    assert not newcomer.administers_organisation
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None


def test_an_expired_invitation_is_refused(founded):
    organisation, founder = founded
    sent = legal_now() - timedelta(days=15)
    invitation = invited(organisation, founder, at=sent)
    newcomer = UserFactory(email="newcomer@example.com")
    error = refused(acts.accept_invitation, invitation=invitation, user=newcomer)
    assert error.messages[0].startswith("This invitation has expired")
    assert f"Ask the administrator of {organisation} to invite you again." in error.messages[0]
    newcomer.refresh_from_db()
    assert newcomer.organisation is None


def test_an_invitation_accepted_on_its_last_moment_is_accepted(founded):
    organisation, founder = founded
    now = legal_now()
    invitation = invited(organisation, founder, at=now)
    newcomer = UserFactory(email="newcomer@example.com")
    last = invitation.expires_at - timedelta(seconds=1)
    acts.accept_invitation(invitation=invitation, user=newcomer, at=last)
    newcomer.refresh_from_db()
    assert newcomer.organisation == organisation


def test_a_revoked_invitation_is_refused(founded):
    organisation, founder = founded
    invitation = invited(organisation, founder)
    acts.revoke_invitation(invitation=invitation, by=founder)
    error = refused(
        acts.accept_invitation, invitation=invitation, user=UserFactory(email="newcomer@example.com")
    )
    assert error.messages[0].startswith("This invitation was revoked on")


def test_an_invitation_for_another_address_is_refused(founded):
    organisation, founder = founded
    invitation = invited(organisation, founder)
    someone = UserFactory(email="someone@example.com")
    error = refused(acts.accept_invitation, invitation=invitation, user=someone)
    assert error.messages == [
        "This invitation was sent to newcomer@example.com; sign in with that email address."
    ]
    assert error.status == 403


def test_an_unverified_address_does_not_count():
    from allauth.account.models import EmailAddress

    founder = UserFactory()
    organisation = acts.create_organisation(founder=founder, data=DETAILS)
    invitation = invited(organisation, founder)
    newcomer = UserFactory(email="newcomer@example.com")
    EmailAddress.objects.create(user=newcomer, email="newcomer@example.com", verified=False, primary=True)
    error = refused(acts.accept_invitation, invitation=invitation, user=newcomer)
    assert error.code == "wrong_email"
    EmailAddress.objects.filter(user=newcomer).update(verified=True)
    acts.accept_invitation(invitation=invitation, user=newcomer)


def test_a_person_of_another_organisation_cannot_accept(founded):
    organisation, founder = founded
    invitation = invited(organisation, founder, "other@example.com")
    other = ProponentFactory(email="other@example.com")
    error = refused(acts.accept_invitation, invitation=invitation, user=other)
    assert error.messages == [f"You already act for {other.organisation}."]


def test_an_invitation_is_accepted_once(founded):
    organisation, founder = founded
    invitation = invited(organisation, founder)
    acts.accept_invitation(invitation=invitation, user=UserFactory(email="newcomer@example.com"))
    error = refused(
        acts.accept_invitation, invitation=invitation, user=UserFactory(email="newcomer@example.com")
    )
    assert error.messages[0].startswith("This invitation was accepted on")


def test_a_naive_moment_is_refused(founded):
    organisation, founder = founded
    with pytest.raises(ValueError, match="aware"):
        invited(organisation, founder, at=datetime(2027, 1, 1))  # noqa: DTZ001


# --- Revoke ----------------------------------------------------------------------------------------


def test_only_the_administrator_revokes_and_only_a_waiting_invitation(founded):
    organisation, founder = founded
    invitation = invited(organisation, founder)
    stranger = ProponentFactory()
    assert refused(acts.revoke_invitation, invitation=invitation, by=stranger).status == 404
    acts.revoke_invitation(invitation=invitation, by=founder)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert acts.invitation_for_token(invitation.key) is None  # the stored hash is not a token
    again = refused(acts.revoke_invitation, invitation=invitation, by=founder)
    assert again.messages[0].startswith("This invitation was revoked on")


# --- Remove ----------------------------------------------------------------------------------------


def test_the_administrator_removes_a_member_who_then_sees_nothing_of_it(founded):
    organisation, founder = founded
    member = UserFactory(email="member@example.com")
    acts.accept_invitation(invitation=invited(organisation, founder, "member@example.com"), user=member)
    acts.remove_member(organisation=organisation, by=founder, member=member)
    member = User.objects.get(pk=member.pk)
    assert member.organisation is None and not member.administers_organisation
    assert not has_role(member, Role.PROPONENT)


def test_refusals_to_remove(founded):
    organisation, founder = founded
    member = UserFactory(email="member@example.com")
    acts.accept_invitation(invitation=invited(organisation, founder, "member@example.com"), user=member)
    error = refused(acts.remove_member, organisation=organisation, by=founder, member=founder)
    assert error.messages == [f"You administer {organisation}, so you cannot remove yourself."]
    error = refused(acts.remove_member, organisation=organisation, by=member, member=founder)
    assert error.messages == [f"Only the administrator of {organisation} can remove people."]
    outsider = ProponentFactory()
    error = refused(acts.remove_member, organisation=organisation, by=founder, member=outsider)
    assert error.status == 404
    other = OrganisationFactory()
    error = refused(acts.remove_member, organisation=other, by=founder, member=member)
    assert error.status == 404
