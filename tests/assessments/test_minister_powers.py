"""The Minister's powers on the dashboard: directions (s35) and information not to be made public
(s42(2)-(4)), given through the services, refused in their words, the Minister only."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import (
    Application,
    Direction,
    Document,
    MinisterialAccess,
    State,
    WithheldInformation,
)
from greenhouse_office import statute

from .decision_support import decided_with_comments

pytestmark = pytest.mark.django_db

DIRECTIONS = reverse("minister:directions")
NEW_DIRECTION = reverse("minister:direction-new")
OTHERS = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2"]
REASONS = "The kiln's site plan would show where the Commonwealth's fuel depot is."


def withhold_url(application) -> str:
    return reverse("minister:withhold", args=[application.pk])


@pytest.fixture
def minister(client, people):
    client.force_login(people.minister)
    return client


@pytest.fixture
def decided(make_application, people):
    application, _ = decided_with_comments(make_application, people)
    return application


def direct(people, action, days=30):
    return services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action=action,
        due_on=statute.legal_today() + timedelta(days=days),
    )


# --- Directions (s35) -------------------------------------------------------------------------------


def test_s35_the_minister_gives_a_direction_and_it_is_listed(minister, people):
    organisation = people.proponent.organisation
    due = statute.legal_today() + timedelta(days=90)

    response = minister.post(
        NEW_DIRECTION, {"organisation": organisation.pk, "action": "A new cement kiln.", "due_on": due}
    )

    assert response.status_code == 302 and response["Location"] == DIRECTIONS
    direction = Direction.objects.get()
    assert (direction.organisation, direction.action, direction.due_on) == (
        organisation,
        "A new cement kiln.",
        due,
    )
    assert direction.directed_by == people.minister
    listing = minister.get(DIRECTIONS)
    html = unescape(listing.content.decode())
    assert "Direction given to " + organisation.name in html  # the confirmation message
    assert "A new cement kiln." in html and "Outstanding: no application lodged yet" in html
    assert f'datetime="{due:%Y-%m-%d}"' in html
    assert reverse("minister:direction-pdf", args=[direction.pk]) in html


def test_s35_directions_show_overdue_and_fulfilled_in_words(minister, people, make_application):
    overdue = direct(people, "A fifth kiln.", days=1)
    Direction.objects.filter(pk=overdue.pk).update(due_on=statute.legal_today() - timedelta(days=3))
    fulfilled = direct(people, "A sixth kiln.")
    Direction.objects.filter(pk=fulfilled.pk).update(fulfilled_at=fulfilled.directed_at)
    answer = make_application(State.ADVICE_GIVEN, title="The sixth kiln")
    Application.objects.filter(pk=answer.pk).update(direction=fulfilled)

    html = unescape(minister.get(DIRECTIONS).content.decode())

    assert "Overdue by 3 days: no application lodged by the due date" in html
    assert "Fulfilled on " in html and ": an application was lodged" in html
    assert reverse("minister:application", args=[answer.pk]) in html  # advised: the Minister may read it


def test_s35_a_direction_due_today_or_earlier_is_refused_with_the_services_words(minister, people):
    response = minister.post(
        NEW_DIRECTION,
        {
            "organisation": people.proponent.organisation.pk,
            "action": "A kiln.",
            "due_on": statute.legal_today(),
        },
    )

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Due date: The due date must be in the future." in html  # on the field, in the error summary
    assert not Direction.objects.exists()


def test_s35_an_empty_direction_is_the_forms_error(minister):
    response = minister.post(NEW_DIRECTION, {"action": "  "})
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert 'href="#id_organisation">The person directed: Choose the person to be directed.' in html
    assert "The action to be assessed: Describe the action to be assessed." in html
    assert "Due date: Give the due date." in html
    assert not Direction.objects.exists()


def test_s35_the_minister_downloads_the_direction_privately(minister, people):
    direction = direct(people, "A kiln.")
    response = minister.get(reverse("minister:direction-pdf", args=[direction.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_directions_list_makes_the_same_number_of_queries_at_two_sizes(minister, people):
    direct(people, "Kiln 0.")
    small = _queries(minister, DIRECTIONS)
    for n in range(1, 8):
        direct(people, f"Kiln {n}.")
    assert _queries(minister, DIRECTIONS) == small


# --- Information not to be made public (s42(2)-(4)) ------------------------------------------------


def test_s42_4_the_minister_withholds_a_document_and_the_register_lists_it_with_its_ground(
    minister, decided, people
):
    gia = decided.documents.get(kind=Document.Kind.GIA, superseded_at__isnull=True)

    response = minister.post(
        withhold_url(decided),
        {"item": f"document-{gia.pk}", "ground": "defence_or_security", "reasons": REASONS},
    )

    assert response.status_code == 302 and response["Location"] == withhold_url(decided)
    withheld = WithheldInformation.objects.get(application=decided)
    assert (withheld.document, withheld.ground, withheld.reasons, withheld.determined_by) == (
        gia,
        "defence_or_security",
        REASONS,
        people.minister,
    )
    event = decided.events.latest("sequence")
    assert (event.transition, event.section) == ("determine_withheld", "s42(4)")
    assert event.payload == {
        "item": "document",
        "document": gia.pk,
        "ground": "defence_or_security",
        "reasons": REASONS,
    }
    page = unescape(minister.get(withhold_url(decided)).content.decode())
    assert "is not to be made public: Withheld under s42(4)" in page  # the confirmation
    assert "Withheld under s42(4): the defence or security of the Commonwealth" in page  # the list
    public = Client().get(reverse("register:assessment", kwargs={"reference": decided.reference}))
    html = unescape(public.content.decode())
    assert "Greenhouse Impact Assessment</strong>: Withheld under s42(4): the defence or security" in html
    assert f"The Minister's reasons for withholding it: {REASONS}" in html  # the reasons are public
    assert f"{REASONS}</td>" in page  # and listed on the withhold page


def test_s42_3_the_reasons_withheld_on_commercial_detriment_show_their_ground(minister, decided):
    response = minister.post(
        withhold_url(decided), {"item": "reasons", "ground": "commercial_detriment", "reasons": REASONS}
    )
    assert response.status_code == 302
    html = unescape(
        Client().get(reverse("register:assessment", kwargs={"reference": decided.reference})).content.decode()
    )
    assert (
        "Withheld under s42(3): the commercial detriment that may result from publishing it outweighs" in html
    )


def test_s42_2_a_determination_without_reasons_is_refused_in_the_forms_words(minister, decided):
    response = minister.post(
        withhold_url(decided), {"item": "advice", "ground": "public_interest", "reasons": " "}
    )

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert (
        'href="#id_reasons">Your reasons for the determination: Give your reasons: why publishing this item '
        "is not in the public interest (section 42(2))." in html
    )
    assert 'id="id_reasons_error"' in html
    assert not WithheldInformation.objects.exists()


@pytest.mark.parametrize(
    ("ground", "words"),
    [
        ("public_interest", "s42(2): give your reasons: why you believe publishing this information is not"),
        ("commercial_detriment", "why the commercial detriment that may result from publishing this"),
        ("defence_or_security", "s42(2) and s42(4): give your reasons"),
        ("no_such_ground", "s42(2): give your reasons"),
    ],
)
def test_s42_2_the_service_refuses_a_determination_without_reasons_citing_the_section(
    decided, people, ground, words
):
    for reasons in ("", "  \n "):
        with pytest.raises(AssessmentError) as refused:
            services.determine_withheld(
                application=decided, item="advice", ground=ground, reasons=reasons, actor=people.minister
            )
        assert refused.value.status == 400
        [message] = refused.value.field_errors["reasons"]
        assert words in message
    if ground == "commercial_detriment":
        assert message.endswith("outweighs the public interest in publishing it in this case.")  # s42(3)
    assert not WithheldInformation.objects.exists()
    assert not decided.events.filter(transition="determine_withheld").exists()


def test_s42_2_the_reasons_are_stored_trimmed_and_logged(decided, people):
    withheld = services.determine_withheld(
        application=decided,
        item="comments_report",
        ground="public_interest",
        reasons=f"  {REASONS}\n",
        actor=people.minister,
    )
    withheld.refresh_from_db()
    assert withheld.reasons == REASONS
    assert decided.events.latest("sequence").payload["reasons"] == REASONS


def test_s42_the_registers_show_the_ground_and_the_reasons_of_a_withheld_item(minister, decided):
    minister.post(withhold_url(decided), {"item": "advice", "ground": "public_interest", "reasons": REASONS})

    assessment = unescape(
        Client().get(reverse("register:assessment", kwargs={"reference": decided.reference})).content.decode()
    )
    decisions = unescape(Client().get(reverse("register:decisions")).content.decode())
    notice = "Withheld under s42(2): the Minister believes it is not in the public interest to make it public"
    for html in (assessment, decisions):
        text = " ".join(re.sub(r"<[^>]+>", "", html).split())  # the words, as read
        assert f"{notice}. The Minister's reasons for withholding it: {REASONS}" in text
    assert "Approve: the kiln replaces two older ones." not in assessment + decisions  # the advice itself


def test_s42_2_office_staff_read_the_reasons_in_the_admin(decided, people):
    withheld = services.determine_withheld(
        application=decided, item="advice", ground="public_interest", reasons=REASONS, actor=people.minister
    )
    client = Client()
    client.force_login(people.officer)
    change = client.get(reverse("admin:assessments_withheldinformation_change", args=[withheld.pk]))
    assert change.status_code == 200 and REASONS in unescape(change.content.decode())


def test_s42_2_a_second_determination_of_the_same_item_is_refused_in_the_acts_words(minister, decided):
    minister.post(withhold_url(decided), {"item": "advice", "ground": "public_interest", "reasons": REASONS})

    response = minister.post(
        withhold_url(decided), {"item": "advice", "ground": "defence_or_security", "reasons": REASONS}
    )

    assert response.status_code == 409
    assert "s42(2): the Minister has already withheld this item." in unescape(response.content.decode())
    assert WithheldInformation.objects.get(application=decided).ground == "public_interest"


def test_s42_a_determination_needs_an_item_of_the_application_and_a_ground_of_the_act(
    minister, decided, make_application
):
    response = minister.post(
        withhold_url(decided), {"item": "advice", "ground": "embarrassment", "reasons": REASONS}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_ground_0">The ground (section 42): Choose the ground the Act gives' in html
    other = make_application(State.LODGED, title="Another kiln").documents.get(kind=Document.Kind.GIA)
    response = minister.post(
        withhold_url(decided),
        {"item": f"document-{other.pk}", "ground": "public_interest", "reasons": REASONS},
    )
    assert response.status_code == 400  # not one of this application's documents: not a choice
    assert not WithheldInformation.objects.exists()
    assert not Document.objects.filter(withheld_under_s42=True).exists()


def test_the_withhold_page_offers_the_items_and_the_grounds(minister, decided):
    html = unescape(minister.get(withhold_url(decided)).content.decode())
    assert "Nothing of this application has been withheld." in html
    for ground in statute.information.WITHHOLDING_GROUNDS:
        assert ground.label in html
    assert (
        "The Office's advice to the Minister (s34)" in html
        and "Document: Greenhouse Impact Assessment: " in html
    )
    assert (
        withhold_url(decided)
        in minister.get(reverse("minister:application", args=[decided.pk])).content.decode()
    )


# --- Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", OTHERS)
def test_everyone_but_the_minister_gets_403(client, people, decided, username):
    direction = direct(people, "A kiln.")
    client.force_login(getattr(people, username))
    urls = (
        DIRECTIONS,
        NEW_DIRECTION,
        withhold_url(decided),
        reverse("minister:direction-pdf", args=[direction.pk]),
    )
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            withhold_url(decided), {"item": "advice", "ground": "public_interest", "reasons": REASONS}
        ).status_code
        == 403
    )
    organisation = people.proponent.organisation.pk
    due = statute.legal_today() + timedelta(days=30)
    assert (
        client.post(NEW_DIRECTION, {"organisation": organisation, "action": "x", "due_on": due}).status_code
        == 403
    )
    assert not WithheldInformation.objects.exists() and Direction.objects.count() == 1
    assert not MinisterialAccess.objects.exists()


def test_every_view_of_the_powers_is_logged(minister, decided):
    minister.get(DIRECTIONS)
    minister.get(withhold_url(decided))
    logged = list(MinisterialAccess.objects.order_by("pk").values_list("path", "application"))
    assert logged == [(DIRECTIONS, None), (withhold_url(decided), decided.pk)]
