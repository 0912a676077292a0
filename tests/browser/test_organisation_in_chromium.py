"""The organisation's pages in a real browser: the demo proponent (its organisation's administrator)
invites a person without JavaScript, and axe-core finds no WCAG 2.2 A/AA violation on any
organisation page, its error summaries showing or not."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from greenhouse_office import organisations as acts
from tests.factories import UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.services("chromium"), pytest.mark.django_db(transaction=True)]


def sign_in_as(page, live_server, user) -> None:
    """A session made by the test client, given to the browser (no sign-in page, no second factor)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_the_administrator_invites_a_person_without_javascript(page, live_server, demo_data):
    sign_in_as(page, live_server, get_user_model().objects.get(username="proponent"))
    page.goto(live_server.url + "/accounts/organisation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Southern Cross")
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the email address of the person to invite.")
    page.get_by_label("Email address of the person to invite").fill("newcomer@example.com")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("An invitation is on its way to newcomer@example.com")
    expect(page.get_by_role("table", name="Invitations")).to_contain_text("newcomer@example.com")
    page.get_by_role("button", name="Revoke the invitation to newcomer@example.com").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")


@pytest.mark.services("chromium", "axe")
def test_every_organisation_page_has_no_wcag_2_2_aa_violations(js_page, live_server, demo_data):
    proponent = get_user_model().objects.get(username="proponent")
    invitation = acts.invite_member(
        organisation=proponent.organisation, by=proponent, email="newcomer@example.com"
    )
    member = UserFactory(organisation=proponent.organisation, roles=["Proponent"])
    accept = f"/accounts/organisation/invitations/{invitation.token}/"
    found = {}

    js_page.goto(live_server.url + accept)  # not signed in yet
    found["accept, signed out"] = axe_violations(js_page)

    sign_in_as(js_page, live_server, proponent)
    pages = {
        "organisation": "/accounts/organisation/",
        "details": "/accounts/organisation/details/",
        "invite": "/accounts/organisation/invitations/new/",
        "remove a member": f"/accounts/organisation/members/{member.pk}/remove/",
        "remove yourself refused": f"/accounts/organisation/members/{proponent.pk}/remove/",
        "accept refused": accept,
    }
    for name, path in pages.items():
        js_page.goto(live_server.url + path)
        found[name] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["invite"])
    js_page.get_by_label("Email address of the person to invite").fill("not an address")
    js_page.get_by_role("button", name="Send the invitation").click()
    expect(js_page.get_by_role("alert")).to_be_visible()
    found["invite with errors"] = axe_violations(js_page)
    js_page.goto(live_server.url + pages["details"])
    js_page.get_by_label("ABN").fill("53 004 085 617")
    js_page.get_by_role("button", name="Save the details").click()
    expect(js_page.get_by_role("alert")).to_contain_text("check digits")
    found["details with errors"] = axe_violations(js_page)

    js_page.context.clear_cookies()
    sign_in_as(js_page, live_server, UserFactory(email="newcomer@example.com"))
    js_page.goto(live_server.url + accept)
    expect(js_page.get_by_role("button", name="Accept and act for")).to_be_visible()
    found["accept"] = axe_violations(js_page)

    js_page.context.clear_cookies()
    sign_in_as(js_page, live_server, UserFactory())
    js_page.goto(live_server.url + "/portal/")
    expect(js_page.get_by_role("heading", level=1)).to_have_text("Create your organisation")
    found["create"] = axe_violations(js_page)
    js_page.get_by_role("button", name="Create the organisation").click()
    expect(js_page.get_by_role("alert")).to_be_visible()
    found["create with errors"] = axe_violations(js_page)
    assert found == dict.fromkeys(found, []), found
