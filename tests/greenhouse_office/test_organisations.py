"""The organisation record: the Bill's persons (ss27, 28), a checked ABN, a postal address, contacts."""

import html
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, migrations
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from greenhouse_office import abn
from greenhouse_office.admin import OrganisationAdminForm
from greenhouse_office.management.commands.seed_demo import ORGANISATIONS
from greenhouse_office.models import COMMONWEALTH_KINDS, Organisation

MIGRATION = "greenhouse_office.migrations.0006_organisation_persons_abn_address_contacts"
persons = importlib.import_module(MIGRATION)

VALID = ["53 004 085 616", "51 824 753 556", "33 051 775 556", "53004085616", " 51824753556 "]
ADDRESS = {"address_lines": "15 Marcus Clarke St", "suburb": "Canberra", "state": "ACT", "postcode": "2601"}

# --- The ABN check digits -----------------------------------------------------------------------


@pytest.mark.parametrize("value", VALID)
def test_abn_known_valid_numbers_pass_the_check_digits(value):
    assert abn.is_valid(value)
    abn.validate_abn(value)  # no error


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("53 004 085 617", "The ABN 53 004 085 617 is not valid: its check digits do not match."),
        ("35 004 085 616", "its check digits do not match"),  # two digits swapped
        ("5300408561", "The ABN 5300408561 is not valid: it has 10 digits, and an ABN has 11."),
        ("530040856161", "it has 12 digits, and an ABN has 11"),
        ("53 004 O85 616", "an ABN is 11 digits, with nothing but spaces between them"),  # a letter O
        ("53-004-085-616", "an ABN is 11 digits, with nothing but spaces between them"),
        ("٥٣٠٠٤٠٨٥٦١٦", "an ABN is 11 digits"),  # Arabic-Indic digits are not ABN digits
    ],
)
def test_abn_wrong_check_digits_length_or_characters_are_refused_saying_which(value, says):
    assert not abn.is_valid(value)
    with pytest.raises(ValidationError) as refused:
        abn.validate_abn(value)
    [message] = refused.value.messages
    assert says in message and message.endswith("Check it on the ABN Lookup (abr.business.gov.au).")


def test_abn_is_written_in_the_registers_groups():
    assert abn.formatted("53004085616") == "53 004 085 616"
    assert abn.normalise(" 53 004 085 616 ") == "53004085616"


valid_abns = st.text(alphabet="0123456789", min_size=9, max_size=9).map(abn.with_check_digits)


@given(valid_abns)
def test_abn_with_check_digits_makes_a_valid_abn(number):
    assert len(number) == abn.LENGTH and abn.is_valid(number)


@given(valid_abns, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_abn_changing_one_digit_of_a_valid_abn_makes_it_invalid(number, position, change):
    # Every weight is prime to 89 and below it, so no change of one digit keeps the sum divisible.
    digit = (int(number[position]) + change) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    assert not abn.is_valid(changed)


# --- Kinds and the model's rules ----------------------------------------------------------------


def organisation(**fields) -> Organisation:
    return Organisation(**{"name": "Kiln Test Pty Ltd", **fields})


def errors_of(record: Organisation) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


def test_kinds_are_the_bills_persons_and_the_commonwealths_two():
    assert set(Organisation.Kind.values) == {
        "individual",
        "body_corporate",
        "the_commonwealth",
        "commonwealth_agency",
        "state_or_territory",
    }
    assert set(COMMONWEALTH_KINDS) == {"the_commonwealth", "commonwealth_agency"}
    assert not organisation(kind=Organisation.Kind.BODY_CORPORATE).is_commonwealth
    assert not organisation(kind=Organisation.Kind.INDIVIDUAL).is_commonwealth


def test_a_body_corporate_without_an_abn_is_refused(db):
    errors = errors_of(organisation(kind=Organisation.Kind.BODY_CORPORATE, abn=""))
    assert errors == {"abn": [errors["abn"][0]]} and "A body corporate needs its ABN" in errors["abn"][0]


@pytest.mark.parametrize(
    "kind",
    [
        Organisation.Kind.INDIVIDUAL,
        Organisation.Kind.THE_COMMONWEALTH,
        Organisation.Kind.COMMONWEALTH_AGENCY,
        Organisation.Kind.STATE_OR_TERRITORY,
    ],
)
def test_an_individual_and_the_commonwealth_and_its_agencies_may_have_no_abn(db, kind):
    organisation(kind=kind, abn="").full_clean()


def test_an_abn_given_with_spaces_is_stored_as_11_digits(db):
    record = organisation(kind=Organisation.Kind.BODY_CORPORATE, abn="53 004 085 616")
    record.full_clean()
    record.save()
    record.refresh_from_db()
    assert record.abn == "53004085616" and record.abn_formatted == "53 004 085 616"


def test_an_abn_with_wrong_check_digits_is_refused_whatever_the_kind(db):
    errors = errors_of(organisation(kind=Organisation.Kind.INDIVIDUAL, abn="53 004 085 617"))
    assert errors["abn"] == [
        "The ABN 53 004 085 617 is not valid: its check digits do not match. "
        "Check it on the ABN Lookup (abr.business.gov.au)."
    ]


def test_a_postal_address_is_whole_or_not_given(db):
    organisation(kind=Organisation.Kind.INDIVIDUAL, **ADDRESS).full_clean()
    errors = errors_of(organisation(kind=Organisation.Kind.INDIVIDUAL, address_lines="PO Box 1"))
    assert set(errors) == {"suburb", "state", "postcode"}
    assert errors["postcode"] == ["Give the postcode too, or leave the whole postal address empty."]
    errors = errors_of(organisation(kind=Organisation.Kind.INDIVIDUAL, **{**ADDRESS, "postcode": "260"}))
    assert errors == {"postcode": ["A postcode is 4 digits, such as 2600."]}


def test_a_contact_email_must_be_an_email_address(db):
    errors = errors_of(organisation(kind=Organisation.Kind.INDIVIDUAL, contact_email="not an address"))
    assert set(errors) == {"contact_email"}


# --- The data migration -------------------------------------------------------------------------


def test_private_organisations_become_bodies_corporate_and_back(db):
    firm = Organisation.objects.create(name="Southern Cross Cement Pty Ltd (test)", abn="53004085616")
    no_abn = Organisation.objects.create(name="Kiln Holdings (test)")
    agency = Organisation.objects.create(name="CSIRO (test)", kind=Organisation.Kind.COMMONWEALTH_AGENCY)
    state = Organisation.objects.create(name="EPA Victoria", kind=Organisation.Kind.STATE_OR_TERRITORY)
    Organisation.objects.filter(pk__in=[firm.pk, no_abn.pk]).update(kind="private")  # the kind before 0006
    editor = SimpleNamespace(connection=connection)
    pks = [firm.pk, no_abn.pk, agency.pk, state.pk]

    persons.split_private(apps, editor)
    assert dict(Organisation.objects.filter(pk__in=pks).values_list("pk", "kind")) == {
        firm.pk: Organisation.Kind.BODY_CORPORATE,
        no_abn.pk: Organisation.Kind.BODY_CORPORATE,  # its admin page asks for the ABN when next saved
        agency.pk: Organisation.Kind.COMMONWEALTH_AGENCY,
        state.pk: Organisation.Kind.STATE_OR_TERRITORY,
    }

    Organisation.objects.filter(pk=no_abn.pk).update(kind=Organisation.Kind.INDIVIDUAL)
    persons.join_private(apps, editor)
    assert dict(Organisation.objects.filter(pk__in=pks).values_list("pk", "kind")) == {
        firm.pk: "private",
        no_abn.pk: "private",
        agency.pk: Organisation.Kind.COMMONWEALTH_AGENCY,
        state.pk: Organisation.Kind.STATE_OR_TERRITORY,
    }


def test_the_private_split_runs_as_part_of_the_migration_and_reverses():
    [data] = [op for op in persons.Migration.operations if isinstance(op, migrations.RunPython)]
    assert (data.code, data.reverse_code) == (persons.split_private, persons.join_private)


# --- The admin ----------------------------------------------------------------------------------


def change_page(organisation_id: int) -> str:
    return reverse("admin:greenhouse_office_organisation_change", args=[organisation_id])


def admin_data(record: Organisation, **changes) -> dict[str, str]:
    fields = OrganisationAdminForm.Meta.fields
    return {**{field: getattr(record, field) for field in fields}, **changes}


@pytest.fixture
def officer_client(client, demo_data):
    client.force_login(get_user_model().objects.get(username="officer"))
    return client


@pytest.fixture
def firm(db):
    return Organisation.objects.create(
        name="Kiln Test Pty Ltd", abn="53004085616", kind=Organisation.Kind.BODY_CORPORATE
    )


def test_admin_change_page_shows_the_abn_grouped_and_every_part_of_the_record(officer_client, firm):
    page = officer_client.get(change_page(firm.pk)).content.decode()
    assert 'value="53 004 085 616"' in page
    for label in ("Legal name", "Trading name", "Kind", "ABN", "Postal address", "Suburb or town"):
        assert label in page, label
    for label in ("State or Territory", "Postcode", "Contact person", "Contact email", "Contact phone"):
        assert label in page, label


def test_admin_change_page_shows_the_abn_error_beside_the_field(officer_client, firm):
    response = officer_client.post(change_page(firm.pk), admin_data(firm, abn="53 004 085 617"))
    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["adminform"].form.errors
    message = (
        "The ABN 53 004 085 617 is not valid: its check digits do not match. "
        "Check it on the ABN Lookup (abr.business.gov.au)."
    )
    assert errors == {"abn": [message]}  # not also "needs its ABN"
    assert message in html.unescape(response.content.decode())
    firm.refresh_from_db()
    assert firm.abn == "53004085616"


def test_admin_add_page_gives_one_abn_error_not_also_that_it_is_missing(officer_client):
    data = admin_data(organisation(kind=Organisation.Kind.BODY_CORPORATE), abn="5300408561")
    response = officer_client.post(reverse("admin:greenhouse_office_organisation_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "abn": [
            "The ABN 5300408561 is not valid: it has 10 digits, and an ABN has 11. "
            "Check it on the ABN Lookup (abr.business.gov.au)."
        ]
    }
    assert not Organisation.objects.filter(name="Kiln Test Pty Ltd").exists()


def test_admin_refuses_a_body_corporate_without_an_abn_and_saves_an_individual_without_one(
    officer_client, firm
):
    response = officer_client.post(change_page(firm.pk), admin_data(firm, abn=""))
    assert response.status_code == 200
    assert "A body corporate needs its ABN" in response.context["adminform"].form.errors["abn"][0]

    data = admin_data(firm, abn="", kind=Organisation.Kind.INDIVIDUAL, name="Sam Kiln", **ADDRESS)
    response = officer_client.post(change_page(firm.pk), data)
    assert response.status_code == 302
    firm.refresh_from_db()
    assert (firm.kind, firm.abn, firm.postcode) == (Organisation.Kind.INDIVIDUAL, "", "2601")


def test_admin_saves_an_abn_typed_with_spaces_as_11_digits(officer_client, firm):
    response = officer_client.post(change_page(firm.pk), admin_data(firm, abn="51 824 753 556"))
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.abn == "51824753556"


def test_admin_finds_an_organisation_by_its_abn_written_in_groups(officer_client, firm):
    listing = reverse("admin:greenhouse_office_organisation_changelist")
    page = officer_client.get(listing, {"q": "53 004 085 616"}).content.decode()
    assert "Kiln Test Pty Ltd" in page


# --- The demo -----------------------------------------------------------------------------------


def test_seed_demo_organisations_are_all_valid(demo_data):
    for key, record in ORGANISATIONS.items():
        stored = Organisation.objects.get(name=record["name"])
        stored.full_clean()  # a valid ABN, a whole address, a contact email
        assert stored.kind == Organisation.Kind.BODY_CORPORATE, key
        assert abn.is_valid(stored.abn) and stored.contact_name and stored.postcode, key
