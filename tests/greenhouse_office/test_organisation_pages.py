"""The organisation's pages at /accounts/organisation/: a new person is sent from the portal to create
one; its administrator invites, revokes and removes; the invited person accepts from the emailed link;
two people of one organisation see its applications; anything of another organisation is 404."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from greenhouse_office import organisations as acts
from greenhouse_office.clock import legal_now
from greenhouse_office.models import Organisation, OrganisationInvitation, User
from tests.factories import ApplicationFactory, ProponentFactory, UserFactory

pytestmark = pytest.mark.django_db

DETAIL = reverse("organisation:detail")
CREATE = reverse("organisation:create")
INVITE = reverse("organisation:invite")
FORM = {
    "kind": "body_corporate",
    "name": "Mallee Lime Pty Ltd",
    "trading_name": "",
    "abn": "53 004 085 616",
    "address_lines": "1 Kiln Road",
    "suburb": "Mildura",
    "state": "VIC",
    "postcode": "3500",
    "contact_name": "Jo Lime",
    "contact_email": "jo@example.com",
    "contact_phone": "",
}


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def founder(client):
    """A person who has just signed up and created their organisation through the page."""
    person = UserFactory(email="founder@example.com")
    response = signed_in(client, person).post(CREATE, FORM)
    assert response.status_code == 302 and response["Location"] == DETAIL
    return User.objects.get(pk=person.pk)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- A new person -----------------------------------------------------------------------------------


def test_the_portal_sends_a_new_person_to_create_their_organisation(client):
    response = signed_in(client, UserFactory()).get(reverse("portal:home"), follow=True)
    assert response.redirect_chain == [(CREATE, 302)]
    page = text(response)
    assert "<h1>Create your organisation</h1>" in page
    assert "or ask its administrator to invite you" in page


def test_the_portal_still_refuses_office_staff_who_have_no_organisation(client):
    response = signed_in(client, User.objects.get(username="officer")).get(reverse("portal:home"))
    assert response.status_code == 403


def test_creating_the_organisation_makes_the_person_its_administrator(client, founder):
    organisation = Organisation.objects.get(name="Mallee Lime Pty Ltd")
    assert founder.organisation == organisation and founder.administers_organisation
    page = text(client.get(DETAIL))
    assert "Mallee Lime Pty Ltd is created" in page  # the success banner
    assert "53 004 085 616" in page
    assert "Administrator" in page
    assert 'href="/accounts/organisation/invitations/new/"' in page
    assert 'href="/accounts/organisation/details/"' in page


def test_bad_details_answer_400_with_the_error_summary_linked_to_the_field(client):
    signed_in(client, UserFactory())
    response = client.post(CREATE, {**FORM, "abn": "53 004 085 617", "postcode": ""})
    assert response.status_code == 400
    page = text(response)
    assert 'class="error-summary"' in page and "<title>Error: " in page
    assert (
        '<a href="#id_abn">ABN: The ABN 53 004 085 617 is not valid: its check digits do not match.' in page
    )
    assert '<a href="#id_postcode">' in page
    assert not Organisation.objects.filter(name=FORM["name"]).exists()


def test_a_body_corporate_without_an_abn_is_told_so(client):
    response = signed_in(client, UserFactory()).post(CREATE, {**FORM, "abn": ""})
    assert response.status_code == 400
    assert "A body corporate needs its ABN." in text(response)


def test_a_person_who_acts_for_an_organisation_is_told_so_on_the_create_page(client):
    proponent = User.objects.get(username="proponent")
    response = signed_in(client, proponent).get(CREATE)
    assert response.status_code == 409
    assert f"You already act for {proponent.organisation}." in text(response)
    assert response.context["form"] is None


# --- The administrator's pages --------------------------------------------------------------------


def test_the_administrator_invites_a_person_and_the_email_links_to_a_working_page(
    client, founder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, {"email": "newcomer@example.com"})
    assert response.status_code == 302
    page = text(client.get(DETAIL))
    assert "An invitation is on its way to newcomer@example.com" in page
    assert "Invitations waiting to be accepted" in page and "newcomer@example.com" in page
    (sent,) = mail.outbox
    link = urlsplit(re.search(r"https?://\S+/invitations/\S+/", sent.body).group(0)).path

    # The invited person, not yet signed in, sees whose invitation it is and where to sign in.
    client.logout()
    anonymous = text(client.get(link))
    assert "Act for Mallee Lime Pty Ltd" in anonymous
    assert f'href="{reverse("account_login")}?next={link.replace("/", "%2F")}"' in anonymous
    assert f'href="{reverse("account_signup")}?next=' in anonymous
    assert client.post(link)["Location"].startswith(reverse("account_login"))

    newcomer = UserFactory(email="newcomer@example.com")
    signed_in(client, newcomer)
    assert "Accept and act for Mallee Lime Pty Ltd" in text(client.get(link))
    response = client.post(link, follow=True)
    assert response.redirect_chain == [(DETAIL, 302)]
    assert "You now act for Mallee Lime Pty Ltd as its Proponent." in text(response)
    newcomer.refresh_from_db()
    assert newcomer.organisation == founder.organisation and not newcomer.administers_organisation


def test_an_invalid_address_answers_400(client, founder):
    response = client.post(INVITE, {"email": "not an address"})
    assert response.status_code == 400
    assert '<a href="#id_email">' in text(response)


def test_the_administrator_revokes_an_invitation(client, founder):
    invitation = acts.invite_member(organisation=founder.organisation, by=founder, email="x@example.com")
    response = client.post(reverse("organisation:revoke", args=[invitation.pk]), follow=True)
    assert "The invitation to x@example.com is revoked" in text(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    again = client.post(reverse("organisation:revoke", args=[invitation.pk]))
    assert again.status_code == 409
    assert "This invitation was revoked on" in text(again)


def test_the_administrator_removes_a_member_after_confirming(client, founder):
    member = UserFactory(email="member@example.com")
    invitation = acts.invite_member(organisation=founder.organisation, by=founder, email=member.email)
    acts.accept_invitation(invitation=invitation, user=member)
    url = reverse("organisation:remove-member", args=[member.pk])
    assert f"Remove {member}" in text(client.get(url))
    member.refresh_from_db()
    assert member.organisation == founder.organisation  # a GET changes nothing
    assert client.post(url).status_code == 302
    member.refresh_from_db()
    assert member.organisation is None
    yourself = client.get(reverse("organisation:remove-member", args=[founder.pk]))
    assert yourself.status_code == 409
    assert "so you cannot remove yourself" in text(yourself)


def test_a_member_who_is_not_the_administrator_sees_the_page_but_not_its_actions(client, founder):
    member = UserFactory(email="member@example.com")
    invitation = acts.invite_member(organisation=founder.organisation, by=founder, email=member.email)
    acts.accept_invitation(invitation=invitation, user=member)
    signed_in(client, member)
    page = text(client.get(DETAIL))
    assert "Mallee Lime Pty Ltd" in page and "founder@example.com" in page
    assert INVITE not in page and "Revoke" not in page
    for url in (INVITE, reverse("organisation:edit")):
        response = client.get(url)
        assert response.status_code == 403
        assert "Only the administrator of Mallee Lime Pty Ltd can" in text(response)
    assert client.post(INVITE, {"email": "y@example.com"}).status_code == 403
    assert not OrganisationInvitation.objects.filter(email="y@example.com").exists()


def test_the_administrator_changes_the_details(client, founder):
    response = client.post(reverse("organisation:edit"), {**FORM, "trading_name": "Mallee Lime"})
    assert response.status_code == 302
    founder.organisation.refresh_from_db()
    assert founder.organisation.trading_name == "Mallee Lime"
    bad = client.post(reverse("organisation:edit"), {**FORM, "abn": "123"})
    assert bad.status_code == 400 and "it has 3 digits" in text(bad)


# --- Another organisation's: 404 -------------------------------------------------------------------


def test_another_organisations_invitations_and_people_are_404(client, founder):
    invitation = acts.invite_member(organisation=founder.organisation, by=founder, email="x@example.com")
    for stranger in (ProponentFactory(administers_organisation=True), UserFactory()):
        signed_in(client, stranger)
        assert client.post(reverse("organisation:revoke", args=[invitation.pk])).status_code == 404
        for method in (client.get, client.post):
            assert method(reverse("organisation:remove-member", args=[founder.pk])).status_code == 404
    invitation.refresh_from_db()
    founder.refresh_from_db()
    assert invitation.revoked_at is None and founder.organisation is not None


def test_a_person_of_no_organisation_with_a_role_gets_404(client):
    signed_in(client, User.objects.get(username="officer"))
    for url in (DETAIL, INVITE, reverse("organisation:edit")):
        assert client.get(url).status_code == 404


def test_an_unknown_token_is_404(client):
    assert client.get(reverse("organisation:accept", args=["no-such-token"])).status_code == 404


# --- Accepting: refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("expired", "This invitation has expired"),
        ("revoked", "This invitation was revoked on"),
        (
            "other address",
            "This invitation was sent to newcomer@example.com; sign in with that email address.",
        ),
    ],
)
def test_an_invitation_that_cannot_be_accepted_says_why(client, founder, how, words):
    sent = legal_now() - timedelta(days=30) if how == "expired" else None
    invitation = acts.invite_member(
        organisation=founder.organisation, by=founder, email="newcomer@example.com", at=sent
    )
    if how == "revoked":
        acts.revoke_invitation(invitation=invitation, by=founder)
    person = UserFactory(email="someone@example.com" if how == "other address" else "newcomer@example.com")
    signed_in(client, person)
    url = reverse("organisation:accept", args=[invitation.token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == (403 if how == "other address" else 409)
        assert words in text(response)
        assert "Accept and act for" not in text(response)
    person.refresh_from_db()
    assert person.organisation is None


# --- Sharing applications ---------------------------------------------------------------------------


def test_two_people_of_one_organisation_both_see_its_applications_and_others_do_not(client, founder):
    member = UserFactory(email="member@example.com")
    invitation = acts.invite_member(organisation=founder.organisation, by=founder, email=member.email)
    acts.accept_invitation(invitation=invitation, user=member)
    mine = ApplicationFactory(created_by=founder, title="Mallee kiln")
    theirs = ApplicationFactory(title="Someone else's kiln")
    for person in (founder, member):
        signed_in(client, person)
        page = text(client.get(reverse("portal:home")))
        assert "Mallee kiln" in page and "Someone else&#x27;s kiln" not in page
        assert client.get(reverse("portal:application", args=[mine.pk])).status_code == 200
        assert client.get(reverse("portal:application", args=[theirs.pk])).status_code == 404


def test_the_demo_proponent_administers_its_organisation_and_proponent2_does_not(client):
    proponent, proponent2 = (User.objects.get(username=name) for name in ("proponent", "proponent2"))
    assert proponent.administers_organisation and not proponent2.administers_organisation
    assert client.get(DETAIL).status_code == 302  # the anonymous: to the sign-in page
    signed_in(client, proponent)
    assert 'href="/accounts/organisation/invitations/new/"' in text(client.get(DETAIL))
