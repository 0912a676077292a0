"""The Minister's opinions (s26, s29(2)): recorded with reasons through ``form_opinion``, the Minister
only, in the Act's words for each section; acknowledged by the Office through ``acknowledge_opinion``."""

from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.errors import AssessmentError
from assessments.models import MinisterialAccess, MinisterialOpinion
from assessments.services.opinions import acknowledge_opinion, form_opinion
from greenhouse_office.models import Email, Organisation
from greenhouse_office.roles import OFFICE_ROLES
from greenhouse_office.statute.opinions import OPINION_LIMBS, S26, S29_2

from .decision_support import decided_with_comments

pytestmark = pytest.mark.django_db

OPINIONS = reverse("minister:opinions")
NEW_OPINION = reverse("minister:opinion-new")
OTHERS = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2"]
ACKNOWLEDGE = "admin:assessments_ministerialopinion_acknowledge"


@pytest.fixture
def minister(client, people):
    client.force_login(people.minister)
    return client


@pytest.fixture
def decided(make_application, people):
    application, _ = decided_with_comments(make_application, people)
    return application


@pytest.fixture
def agency():
    return Organisation.objects.create(
        name="Department of Defence Estate", kind=Organisation.Kind.COMMONWEALTH_AGENCY
    )


def opine(people, **fields):
    data = {
        "actor": people.minister,
        "organisation": people.proponent.organisation,
        "action": "Clearing 4,000 hectares of native forest.",
        "commonwealth": False,
        "limb": "likely_to_inhibit",
        "reasons": "The clearing releases the stored carbon.",
        **fields,
    }
    return form_opinion(**data)


def post_data(**fields):
    return {
        "action": "Clearing 4,000 hectares of native forest.",
        "taker_name": "Jo Smith",
        "opinion": "s26/has_inhibited",
        "reasons": "The clearing released the stored carbon.",
        **fields,
    }


# --- The statute: sections and limbs ----------------------------------------------------------------


def test_s26_and_s29_2_give_their_own_words_for_each_limb():
    assert [(limb.section, limb.words) for limb in OPINION_LIMBS[S26]] == [
        ("s26(a)", "has inhibited"),
        ("s26(a)", "will inhibit"),
        ("s26(b)", "is likely to inhibit"),
    ]
    assert [(limb.section, limb.words) for limb in OPINION_LIMBS[S29_2]] == [
        ("s29(2)", "inhibits"),
        ("s29(2)", "will inhibit"),
        ("s29(2)", "is likely to inhibit"),
    ]


def test_s26_a_persons_action_is_an_opinion_under_s26_in_its_words(people):
    opinion = opine(people, limb="has_inhibited")

    assert (opinion.section, opinion.provision) == ("s26", "s26(a)")
    assert opinion.opinion == (
        "the action has inhibited the achievement of targets for reducing greenhouse gas emissions"
    )
    assert opinion.taker_name == people.proponent.organisation.name  # its legal name, in words
    assert (opinion.formed_by, opinion.acknowledged_at) == (people.minister, None)


def test_s29_2_an_agencys_action_is_an_opinion_under_s29_2_in_its_words(people, agency):
    opinion = opine(people, organisation=agency, commonwealth=True, limb="inhibits")

    assert (opinion.section, opinion.provision) == ("s29(2)", "s29(2)")
    assert opinion.opinion.startswith("the action inhibits the achievement of targets")


def test_s29_2_has_no_has_inhibited_limb_and_s26_no_inhibits(people, agency):
    with pytest.raises(AssessmentError) as refused:
        opine(people, organisation=agency, commonwealth=True, limb="has_inhibited")
    assert refused.value.field_errors == {"limb": ["Choose the opinion in the words of s29(2)."]}
    with pytest.raises(AssessmentError) as refused:
        opine(people, limb="inhibits")
    assert refused.value.field_errors == {"limb": ["Choose the opinion in the words of s26."]}
    assert not MinisterialOpinion.objects.exists()


def test_s29_2_an_agency_is_not_opined_on_under_s26_nor_a_company_under_s29_2(people, agency):
    with pytest.raises(AssessmentError) as refused:
        opine(people, organisation=agency, commonwealth=False)
    assert "the opinion is under s29(2), not s26" in refused.value.field_errors["commonwealth"][0]
    with pytest.raises(AssessmentError) as refused:
        opine(people, commonwealth=True, limb="inhibits")
    assert "the opinion is under s26, not s29(2)" in refused.value.field_errors["commonwealth"][0]


def test_s26_the_ministers_reasons_and_the_action_and_its_taker_are_required(people):
    with pytest.raises(AssessmentError) as refused:
        opine(people, reasons="  ", action="", organisation=None, taker_name="")
    assert set(refused.value.field_errors) == {"reasons", "action", "taker_name"}
    assert refused.value.field_errors["reasons"] == ["Give the Minister's reasons for the opinion."]
    assert not MinisterialOpinion.objects.exists()


def test_an_opinion_is_never_edited_a_change_of_opinion_is_a_new_record(people):
    opinion = opine(people)
    opinion.reasons = "Other reasons."
    with pytest.raises(ValueError, match="a change of opinion is a new record"):
        opinion.save()
    with pytest.raises(ValueError):
        opinion.save(update_fields=["reasons", "office_note"])
    assert MinisterialOpinion.objects.get().reasons == "The clearing releases the stored carbon."


# --- Only the Minister ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", OTHERS)
def test_s26_only_the_minister_forms_an_opinion(people, username):
    with pytest.raises(AssessmentError) as refused:
        opine(people, actor=getattr(people, username))
    assert refused.value.status == 403
    assert "only the Minister may form the opinion" in str(refused.value)
    assert not MinisterialOpinion.objects.exists()


@pytest.mark.parametrize("username", OTHERS)
def test_everyone_but_the_minister_gets_403_and_nothing_is_logged_or_recorded(client, people, username):
    client.force_login(getattr(people, username))
    assert client.get(OPINIONS).status_code == 403
    assert client.get(NEW_OPINION).status_code == 403
    assert client.post(NEW_OPINION, post_data()).status_code == 403
    assert not MinisterialOpinion.objects.exists() and not MinisterialAccess.objects.exists()


# --- The dashboard pages ----------------------------------------------------------------------------


def test_s26_the_minister_records_an_opinion_and_it_is_listed(minister, people):
    response = minister.post(NEW_OPINION, post_data())

    assert response.status_code == 302 and response["Location"] == OPINIONS
    opinion = MinisterialOpinion.objects.get()
    assert (opinion.taker_name, opinion.commonwealth, opinion.limb) == ("Jo Smith", False, "has_inhibited")
    html = unescape(minister.get(OPINIONS).content.decode())
    assert f"Opinion {opinion.pk} recorded under s26(a)" in html  # the confirmation
    assert "Jo Smith" in html and "Awaiting the Office's follow-up" in html
    assert "the action has inhibited the achievement of targets" in html
    logged = list(MinisterialAccess.objects.order_by("pk").values_list("method", "path"))
    assert logged == [("POST", NEW_OPINION), ("GET", OPINIONS)]


def test_the_form_shows_each_limb_of_both_sections_and_an_empty_one_is_400(minister):
    html = unescape(minister.get(NEW_OPINION).content.decode())
    for limbs in OPINION_LIMBS.values():
        for limb in limbs:
            assert limb.label in html

    response = minister.post(NEW_OPINION, {})

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert 'href="#id_opinion_0">Your opinion: Choose your opinion in the words of section 26' in html
    assert 'href="#id_reasons">Your reasons: Give your reasons for the opinion.' in html
    assert not MinisterialOpinion.objects.exists()


def test_s29_2_the_services_refusal_shows_on_the_radios(minister, agency):
    response = minister.post(NEW_OPINION, post_data(organisation=agency.pk, taker_name=""))

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert 'href="#id_opinion_0">Your opinion: Department of Defence Estate is' in html
    assert "the opinion is under s29(2), not s26." in html
    assert not MinisterialOpinion.objects.exists()


def test_s26_from_the_decision_page_the_opinion_concerns_the_application_and_joins_its_chain(
    minister, decided, people
):
    decision_page = minister.get(reverse("minister:application", args=[decided.pk])).content.decode()
    start = f"{NEW_OPINION}?application={decided.pk}"
    assert start in unescape(decision_page)
    form = minister.get(start).content.decode()
    assert f'<option value="{decided.pk}" selected>' in form
    length = decided.log_length

    response = minister.post(NEW_OPINION, post_data(application=decided.pk, opinion="s26/will_inhibit"))

    assert response.status_code == 302
    opinion = MinisterialOpinion.objects.get()
    assert opinion.application == decided
    event = decided.events.latest("sequence")
    assert (event.transition, event.section, event.actor) == ("form_opinion", "s26(a)", people.minister)
    assert event.payload["opinion"] == opinion.pk and event.payload["limb"] == "will_inhibit"
    decided.refresh_from_db()
    assert decided.log_length == length + 1 and decided.log_head_hash == event.hash


def test_list_makes_the_same_number_of_queries_at_two_sizes(minister, people, decided):
    opine(people, application=decided)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert minister.get(OPINIONS).status_code == 200
        return len(captured)

    small = queries()
    for n in range(7):
        opinion = opine(people, action=f"Kiln {n}.", application=decided if n % 2 else None)
        if n % 3 == 0:
            acknowledge_opinion(opinion=opinion, actor=people.officer, note="Written to.")
    assert queries() == small


# --- Email to the Office, after commit --------------------------------------------------------------


def test_s26_the_office_is_emailed_only_after_the_opinion_commits(people, django_capture_on_commit_callbacks):
    office = set(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in OFFICE_ROLES])
        .exclude(email="")
        .values_list("email", flat=True)
    )
    assert office, "the demo data has Office staff with email addresses"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        opinion = opine(people)
    queued = Email.objects.filter(template="ministerial_opinion_formed")
    assert {email.to for email in queued} == office
    assert not mail.outbox and callbacks  # nothing sent before commit
    assert set(queued.values_list("status", flat=True)) == {Email.Status.QUEUED}

    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(office)  # each once, after commit
    assert set(queued.values_list("status", flat=True)) == {Email.Status.SENT}
    email = queued.first()
    assert "section 26" in email.subject
    assert opinion.reasons in email.body and "s26(b)" in email.body
    assert reverse(ACKNOWLEDGE, args=[opinion.pk]) in email.body


# --- The Office's acknowledgement -------------------------------------------------------------------


def test_office_staff_acknowledge_an_opinion_once_and_it_joins_the_chain(people, decided):
    opinion = opine(people, application=decided)

    acknowledged = acknowledge_opinion(opinion=opinion, actor=people.officer, note="Wrote to the proponent.")

    assert (acknowledged.office_note, acknowledged.acknowledged_by) == (
        "Wrote to the proponent.",
        people.officer,
    )
    assert acknowledged.acknowledged_at is not None
    event = decided.events.latest("sequence")
    assert (event.transition, event.section, event.payload) == (
        "acknowledge_opinion",
        "s26(b)",
        {"opinion": opinion.pk, "note": "Wrote to the proponent."},
    )
    with pytest.raises(AssessmentError) as refused:
        acknowledge_opinion(opinion=opinion, actor=people.director, note="Again.")
    assert refused.value.status == 409
    assert MinisterialOpinion.objects.get().office_note == "Wrote to the proponent."


@pytest.mark.parametrize("username", ["proponent", "auditor", "minister"])
def test_only_office_staff_acknowledge(people, username):
    opinion = opine(people)
    with pytest.raises(AssessmentError) as refused:
        acknowledge_opinion(opinion=opinion, actor=getattr(people, username), note="Seen.")
    assert refused.value.status == 403
    assert MinisterialOpinion.objects.get().acknowledged_at is None


def test_an_acknowledgement_says_what_the_office_did(people):
    opinion = opine(people)
    with pytest.raises(AssessmentError) as refused:
        acknowledge_opinion(opinion=opinion, actor=people.officer, note=" ")
    assert refused.value.field_errors == {"note": ["Say what the Office has done about the opinion."]}


def test_the_admin_acknowledge_button_calls_the_service_and_the_minister_sees_it(client, people, minister):
    opinion = opine(people)
    officer = client.__class__()
    officer.force_login(people.officer)
    change = officer.get(reverse("admin:assessments_ministerialopinion_change", args=[opinion.pk]))
    url = reverse(ACKNOWLEDGE, args=[opinion.pk])
    assert change.status_code == 200 and url in change.content.decode()

    assert officer.post(url, {}).status_code == 400
    response = officer.post(url, {"note": "Referred for civil penalty proceedings."})

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.office_note, opinion.acknowledged_by) == (
        "Referred for civil penalty proceedings.",
        people.officer,
    )
    html = unescape(minister.get(OPINIONS).content.decode())
    assert "Acknowledged by the Office on" in html and "Referred for civil penalty proceedings." in html
