"""Lodging an application (s31) step by step in the portal: each step saves to the draft through the
services, the profile is parsed and its problems shown as the screening page shows them, the guards'
refusals are shown in their words, and the confirmation shows the reference and the s32(1) deadline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Document, State
from assessments.views.portal_lodging import DECLARATION, SLUGS

from .conftest import pdf

pytestmark = pytest.mark.django_db

ACTION = {
    "title": "Portland smelter line 4",
    "description": "A fourth potline.",
    "location_state": "VIC",
    "location_description": "",
    "affected_states": ["VIC", "SA"],
}
GOOD_CSV = "month,CO2,CH4\n" + "".join(f"2027-{m:02d},4500,10\n" for m in range(1, 13))


@pytest.fixture
def proponent_client(client, people):
    client.force_login(people.proponent)
    return client


def step_url(application, step):
    return reverse("portal:lodging-step", args=[application.pk, step])


def _start(client):
    response = client.post(reverse("portal:lodging-start"), ACTION)
    assert response.status_code == 302
    return response


def test_the_home_links_to_start_an_application(proponent_client):
    page = proponent_client.get(reverse("portal:home")).content.decode()
    assert "Start an application" in page and reverse("portal:lodging-start") in page


def test_the_first_step_creates_the_draft_and_goes_to_the_limb(proponent_client, people):
    page = proponent_client.get(reverse("portal:lodging-start")).content.decode()
    assert "Offshore: not in a State or Territory (describe where)" in page
    assert "Norfolk Island" in page
    response = _start(proponent_client)
    application = people.proponent.organisation.applications.get(title="Portland smelter line 4")
    assert response["Location"] == step_url(application, "limb")
    assert application.state == State.DRAFT
    assert application.affected_states == ["SA", "VIC"]
    assert application.events.filter(transition="create_application").exists()


def test_the_first_step_with_nothing_filled_shows_each_fields_error(proponent_client, people):
    response = proponent_client.post(reverse("portal:lodging-start"), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Give the proposed action a name." in page
    assert not people.proponent.organisation.applications.exists()


def test_an_offshore_action_without_a_description_shows_the_models_words(proponent_client, people):
    response = proponent_client.post(
        reverse("portal:lodging-start"), {**ACTION, "location_state": "offshore", "affected_states": []}
    )
    assert response.status_code == 400
    assert "An offshore action is in no State or Territory: say where it is." in response.content.decode()
    assert not people.proponent.organisation.applications.exists()


def test_each_step_saves_to_the_draft(proponent_client, make_application):
    application = make_application(State.DRAFT, limb="", emission_profile=None)
    response = proponent_client.post(step_url(application, "action"), {**ACTION, "title": "Renamed"})
    assert response["Location"] == step_url(application, "limb")
    response = proponent_client.post(step_url(application, "limb"), {"limb": "targets"})
    assert response["Location"] == step_url(application, "profile")
    response = proponent_client.post(step_url(application, "profile"), {"csv_text": GOOD_CSV})
    assert response["Location"] == step_url(application, "profile")
    response = proponent_client.post(step_url(application, "gia"), {"file": pdf("gia.pdf")})
    assert response["Location"] == step_url(application, "check")
    application.refresh_from_db()
    assert application.title == "Renamed"
    assert application.limb == "targets"
    assert len(application.emission_profile["months"]) == 12
    assert application.emission_profile["months"][0] == {
        "month": "2027-01",
        "gases": {"CO2": "4500", "CH4": "10"},
    }
    assert application.documents.filter(kind=Document.Kind.GIA, original_name="gia.pdf").exists()
    # The saved profile's screening, in words, on the profile step.
    page = proponent_client.get(step_url(application, "profile")).content.decode()
    for sentence in application.screening["explanation"]:
        assert str(sentence) in page or sentence.replace("'", "&#x27;") in page
    assert "2027-01,4500,10" in page  # the saved profile shown back


def test_a_bad_csv_row_shows_its_row_and_column_and_saves_nothing(proponent_client, make_application):
    application = make_application(State.DRAFT, emission_profile=None)
    bad = "month,CO2\n2027-01,4500\n2027-02,lots\n"
    response = proponent_client.post(step_url(application, "profile"), {"csv_text": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Row 3, column B" in page
    application.refresh_from_db()
    assert application.emission_profile == {} and application.screening is None
    assert not application.events.filter(transition="update_application").exists()


def test_the_profile_can_be_uploaded_as_a_csv_file(proponent_client, make_application):
    application = make_application(State.DRAFT, emission_profile=None)
    upload = SimpleUploadedFile("profile.csv", GOOD_CSV.encode(), content_type="text/csv")
    response = proponent_client.post(step_url(application, "profile"), {"csv_file": upload})
    assert response.status_code == 302
    application.refresh_from_db()
    assert len(application.emission_profile["months"]) == 12


def test_the_gia_step_shows_the_size_limit_and_refuses_a_file_that_is_not_a_pdf(
    proponent_client, make_application, settings
):
    application = make_application(State.DRAFT)
    settings.GREENHOUSE_MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
    assert "25.0\xa0MB" in proponent_client.get(step_url(application, "gia")).content.decode()
    not_pdf = SimpleUploadedFile("gia.pdf", b"hello", content_type="application/pdf")
    response = proponent_client.post(step_url(application, "gia"), {"file": not_pdf})
    assert response.status_code == 400
    assert "The file is not a PDF document" in response.content.decode()
    assert not application.documents.exists()


def test_a_lodged_application_cannot_be_changed_the_services_words(proponent_client, make_application):
    application = make_application(State.LODGED)
    response = proponent_client.post(step_url(application, "limb"), {"limb": "targets"})
    assert response.status_code == 409
    assert "can be changed only while it is a draft or returned for amendment" in response.content.decode()
    application.refresh_from_db()
    assert application.limb == "emissions"


def test_the_check_page_shows_everything_with_change_links(proponent_client, make_application):
    application = make_application(State.DRAFT)
    page = proponent_client.get(step_url(application, "check")).content.decode()
    assert "Geelong kiln 3 expansion" in page and "A third cement kiln." in page
    assert "Victoria" in page and "New South Wales" in page
    assert "s31(1)(a): emissions in excess of the threshold" in page
    assert "12 months, 2027-01 to 2027-12" in page
    for step in SLUGS[:-1]:
        assert step_url(application, step) in page
    assert DECLARATION in page and "Lodge the application" in page


def test_lodging_needs_the_declaration(proponent_client, make_application):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=application.created_by, kind="gia", upload=pdf())
    response = proponent_client.post(step_url(application, "check"), {})
    assert response.status_code == 400
    assert "Confirm the declaration before you lodge the application." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_lodging_without_a_gia_is_refused_in_the_s31_2_words(proponent_client, make_application):
    application = make_application(State.DRAFT)
    response = proponent_client.post(step_url(application, "check"), {"declaration": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "s31(2): include the Greenhouse Impact Assessment with the application, as a PDF." in page
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_the_full_path_lodges_and_shows_the_deadline(proponent_client, people):
    response = _start(proponent_client)
    application = people.proponent.organisation.applications.get()
    proponent_client.post(response["Location"], {"limb": "emissions"})
    proponent_client.post(step_url(application, "profile"), {"csv_text": GOOD_CSV})
    proponent_client.post(step_url(application, "gia"), {"file": pdf()})
    response = proponent_client.post(step_url(application, "check"), {"declaration": "on"})
    confirmation = reverse("portal:lodging-confirmation", args=[application.pk])
    assert response["Location"] == confirmation
    application.refresh_from_db()
    assert application.state == State.LODGED
    page = proponent_client.get(confirmation).content.decode()
    assert "Application lodged" in page and application.reference in page
    assert f"{application.received_on:%-d %B %Y}" in page
    assert f"{application.evaluation_due_on:%-d %B %Y}" in page


def test_the_confirmation_of_an_application_not_yet_lodged_goes_to_the_check(
    proponent_client, make_application
):
    application = make_application(State.DRAFT)
    response = proponent_client.get(reverse("portal:lodging-confirmation", args=[application.pk]))
    assert response["Location"] == step_url(application, "check")


def test_an_unknown_step_is_404(proponent_client, make_application):
    application = make_application(State.DRAFT)
    assert proponent_client.get(step_url(application, "nowhere")).status_code == 404


def test_another_organisations_proponent_gets_404(client, people, make_application):
    application = make_application(State.DRAFT)
    client.force_login(people.proponent2)
    for step in SLUGS:
        assert client.get(step_url(application, step)).status_code == 404
    assert client.post(step_url(application, "limb"), {"limb": "targets"}).status_code == 404
    assert client.post(step_url(application, "check"), {"declaration": "on"}).status_code == 404
    assert client.get(reverse("portal:lodging-confirmation", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.limb == "emissions" and application.state == State.DRAFT


def test_a_non_proponent_gets_403(client, people, make_application):
    application = make_application(State.DRAFT)
    client.force_login(people.officer)
    assert client.get(reverse("portal:lodging-start")).status_code == 403
    assert client.get(step_url(application, "check")).status_code == 403


def test_the_check_page_makes_the_same_number_of_queries_at_two_sizes(
    proponent_client, make_application, django_assert_max_num_queries, django_assert_num_queries
):
    application = make_application(State.DRAFT)
    services.upload_document(application=application, actor=application.created_by, kind="gia", upload=pdf())
    with django_assert_max_num_queries(20) as few:
        assert proponent_client.get(step_url(application, "check")).status_code == 200
    long = {
        "months": [
            {"month": f"20{y}-{m:02d}", "gases": {"CO2": "40"}} for y in (27, 28, 29) for m in range(1, 13)
        ]
    }
    services.update_application(
        application=application, actor=application.created_by, data={"emission_profile": long}
    )
    for _ in range(3):
        services.upload_document(
            application=application, actor=application.created_by, kind="gia", upload=pdf()
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert proponent_client.get(step_url(application, "check")).status_code == 200


def test_s35_a_direction_starts_the_application_that_answers_it(proponent_client, people):
    from datetime import timedelta

    from greenhouse_office import clock

    direction = services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action="Expansion of the Railton clinker works",
        due_on=clock.legal_day() + timedelta(days=60),
    )
    home = proponent_client.get(reverse("portal:home")).content.decode()
    start = f"{reverse('portal:lodging-start')}?direction={direction.pk}"
    assert "Start the application that answers it" in home and start.replace("&", "&amp;") in home
    page = proponent_client.get(start).content.decode()
    assert f'name="direction" value="{direction.pk}"' in page
    assert "Expansion of the Railton clinker works" in page  # its action, to describe
    proponent_client.post(reverse("portal:lodging-start"), {**ACTION, "direction": direction.pk})
    application = people.proponent.organisation.applications.get(title="Portland smelter line 4")
    assert application.direction == direction
    home = proponent_client.get(reverse("portal:home")).content.decode()
    assert (
        "Start the application that answers it" not in home
        and f"{application.reference}</a> is a draft" in home
    )


def test_another_organisations_direction_is_not_offered(proponent_client, people):
    from datetime import timedelta

    from greenhouse_office import clock

    theirs = services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent2.organisation,
        action="Karratha train 4",
        due_on=clock.legal_day() + timedelta(days=60),
    )
    page = proponent_client.get(f"{reverse('portal:lodging-start')}?direction={theirs.pk}").content.decode()
    assert "Karratha train 4" not in page and f'value="{theirs.pk}"' not in page
    response = proponent_client.post(reverse("portal:lodging-start"), {**ACTION, "direction": theirs.pk})
    assert response.status_code == 400
    assert "No direction with this id was given to your organisation." in response.content.decode()


def test_a_profile_screened_over_the_threshold_starts_an_application_with_it(client, people):
    """'Do I need approval?' -> 'Yes' -> start an application: the screened profile is saved with the
    draft the moment it is created (s25, s31), whoever signs in on the way."""
    csv_text = "month,CO2\n" + "".join(f"2027-{m:02d},4500\n" for m in range(1, 13))
    screened = client.post(reverse("screening"), {"csv_text": csv_text}).content.decode()
    assert "Start an application with this profile" in screened
    assert reverse("portal:lodging-from-screening") in screened
    response = client.post(reverse("portal:lodging-from-screening"), {"csv_text": csv_text})
    assert response["Location"] == reverse("portal:lodging-start")
    assert client.get(reverse("portal:lodging-start"))["Location"].startswith(reverse("account_login"))
    client.force_login(people.proponent)  # signing in keeps the session's waiting profile
    page = client.get(reverse("portal:lodging-start")).content.decode()
    assert "will be saved with this draft" in page
    _start(client)
    application = people.proponent.organisation.applications.get(title="Portland smelter line 4")
    assert len(application.emission_profile["months"]) == 12
    assert application.screening["conclusion"] == "in_excess"
    assert "will be saved with this draft" not in client.get(reverse("portal:lodging-start")).content.decode()


def test_a_profile_under_the_threshold_offers_no_application(client):
    screened = client.post(reverse("screening"), {"csv_text": "month,CO2\n2027-01,10\n"}).content.decode()
    assert "Start an application with this profile" not in screened


# --- The emission profile step: typed months, warnings and their acknowledgement -------------------

SPIKY_CSV = "month,CO2\n" + "".join(f"2027-{m:02d},{45000 if m == 6 else 4500}\n" for m in range(1, 13))
SPIKE_EXPLANATION = "June is the kiln's dry-out firing."


def typed(rows: dict[int, tuple[str, dict]], *, count=12, gases="CO2,CH4,N2O,HFC-134a,CF4,SF6", **extra):
    """The typed table's POST: ``{row: (month, {gas: tonnes})}``."""
    data = {"form": "table", "rows": str(count), "gases": gases, "action": "save", **extra}
    for number, (month, cells) in rows.items():
        data[f"month-{number}"] = month
        for gas, tonnes in cells.items():
            data[f"tonnes-{number}-{gas}"] = tonnes
    return data


def test_typed_months_save_the_same_profile_as_the_csv_and_show_back(proponent_client, make_application):
    application = make_application(State.DRAFT, emission_profile=None)
    rows = {m: (f"2027-{m:02d}", {"CO2": "4500", "CH4": "10"}) for m in range(1, 13)}
    response = proponent_client.post(step_url(application, "profile"), typed(rows))
    assert response["Location"] == step_url(application, "profile")
    application.refresh_from_db()
    by_table = application.emission_profile
    other = make_application(State.DRAFT, emission_profile=None)
    proponent_client.post(step_url(other, "profile"), {"form": "csv", "csv_text": GOOD_CSV})
    other.refresh_from_db()
    assert by_table == other.emission_profile
    page = proponent_client.get(step_url(application, "profile")).content.decode()
    assert 'name="month-12" id="id_month-12" value="2027-12"' in page
    assert 'name="tonnes-1-CH4" id="id_tonnes-1-CH4" value="10"' in page
    assert '<label class="visually-hidden" for="id_tonnes-3-CO2">Row 3, column CO2 (tonnes)</label>' in page


def test_a_bad_typed_cell_names_its_row_and_column_and_saves_nothing(proponent_client, make_application):
    application = make_application(State.DRAFT, emission_profile=None)
    rows = {1: ("2027-01", {"CO2": "4500"}), 2: ("2027-02", {"CH4": "lots"}), 3: ("", {"N2O": "1"})}
    response = proponent_client.post(step_url(application, "profile"), typed(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_tonnes-2-CH4">Row 2, column CH4 (tonnes): Row 2, column CH4: ' in page
    assert "Row 3, column month: give the month of these tonnes." in page
    assert 'value="lots"' in page  # what was typed is shown back
    application.refresh_from_db()
    assert application.emission_profile == {}


def test_add_12_more_months_keeps_what_was_typed_and_continues_the_months(proponent_client, make_application):
    application = make_application(State.DRAFT, emission_profile=None)
    rows = {m: (f"2027-{m:02d}", {"CO2": "45"}) for m in range(1, 13)}
    response = proponent_client.post(step_url(application, "profile"), typed(rows, action="add_rows"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="rows" value="24"' in page and 'id="id_month-24" value="2028-12"' in page
    assert 'id="id_tonnes-12-CO2" value="45"' in page
    response = proponent_client.post(
        step_url(application, "profile"), typed(rows, action="add_gas", add_gas="NF3")
    )
    assert "Row 1, column NF3 (tonnes)" in response.content.decode()
    application.refresh_from_db()
    assert application.emission_profile == {}  # redrawing saves nothing


def test_a_warning_must_be_acknowledged_before_continuing_and_is_shown_on_the_check(
    proponent_client, make_application
):
    application = make_application(State.DRAFT, emission_profile=None)
    proponent_client.post(step_url(application, "profile"), {"form": "csv", "csv_text": SPIKY_CSV})
    page = proponent_client.get(step_url(application, "profile")).content.decode()
    assert "Warnings to acknowledge (1)" in page and "(not yet acknowledged)" in page and "2027-06" in page
    assert "Continue to the next step" not in page
    assert proponent_client.get(step_url(application, "gia"))["Location"] == step_url(application, "profile")
    response = proponent_client.post(step_url(application, "profile"), {"form": "acknowledge"})
    assert response.status_code == 400
    assert "Explain warning 1 in a few words to acknowledge it." in response.content.decode()
    response = proponent_client.post(
        step_url(application, "profile"), {"form": "acknowledge", "explanation-1": SPIKE_EXPLANATION}
    )
    assert response["Location"] == step_url(application, "gia")
    application.refresh_from_db()
    assert application.profile_acknowledgements[0]["explanation"] == SPIKE_EXPLANATION
    page = proponent_client.get(step_url(application, "check")).content.decode()
    assert "Warnings acknowledged" in page and "June is the kiln&#x27;s dry-out firing." in page


def test_the_portal_refuses_to_lodge_with_an_unacknowledged_warning_in_the_guard_s_words(
    proponent_client, make_application
):
    application = make_application(State.DRAFT, emission_profile=None)
    proponent_client.post(step_url(application, "profile"), {"form": "csv", "csv_text": SPIKY_CSV})
    services.upload_document(application=application, actor=application.created_by, kind="gia", upload=pdf())
    response = proponent_client.post(step_url(application, "check"), {"declaration": "on"})
    assert response.status_code == 400
    assert "s31: the emission profile has 1 warning of the Office&#x27;s data-quality checks" in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_the_profile_step_makes_the_same_number_of_queries_at_two_sizes(
    proponent_client, make_application, django_assert_num_queries
):
    application = make_application(State.DRAFT)
    with CaptureQueriesContext(connection) as few:
        assert proponent_client.get(step_url(application, "profile")).status_code == 200
    long = {
        "months": [
            {"month": f"20{y}-{m:02d}", "gases": {"CO2": "40", "CH4": "1"}}
            for y in (27, 28, 29)
            for m in range(1, 13)
        ]
    }
    services.update_application(
        application=application, actor=application.created_by, data={"emission_profile": long}
    )
    with django_assert_num_queries(len(few.captured_queries)):
        assert proponent_client.get(step_url(application, "profile")).status_code == 200


# --- Replacing the GIA ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED])
def test_a_replacement_gia_supersedes_the_old_one_which_is_kept(
    proponent_client, make_application, people, state
):
    application = make_application(state)
    if state == State.DRAFT:
        proponent_client.post(step_url(application, "gia"), {"file": pdf("first.pdf")})
    old = application.documents.get(kind=Document.Kind.GIA)
    page = proponent_client.get(step_url(application, "gia")).content.decode()
    assert "The current Greenhouse Impact Assessment is" in page and old.original_name in page
    assert "Upload a replacement Greenhouse Impact Assessment (PDF)" in page
    response = proponent_client.post(step_url(application, "gia"), {"file": pdf("second.pdf")})
    assert response["Location"] == step_url(application, "check")
    old.refresh_from_db()
    new = application.documents.get(kind=Document.Kind.GIA, superseded_at__isnull=True)
    assert new.original_name == "second.pdf" and old.superseded_by == new and old.file
    event = application.events.filter(transition="upload_document").last()
    assert event.payload["supersedes"] == [old.pk]
    page = proponent_client.get(step_url(application, "gia")).content.decode()
    current, superseded = page.split("Superseded (kept, not current)")
    assert "second.pdf" in current and old.original_name not in current and old.original_name in superseded
    check = proponent_client.get(step_url(application, "check")).content.decode()
    assert "second.pdf" in check and f">{old.original_name}" not in check
