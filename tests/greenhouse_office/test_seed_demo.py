"""seed_demo: the people every test starts with, and the whole demo as `make run` seeds it, built
once for this module (``whole_demo`` in tests/conftest.py; its tests only read it)."""

import io
from datetime import date

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from assessments.models import Engagement
from greenhouse_office import clock
from greenhouse_office.models import Organisation

DEMO_USERNAMES = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister"]


def test_seed_demo_creates_a_login_for_every_role(demo_data):
    for username in DEMO_USERNAMES:
        assert authenticate(username=username, password="greenhouse-demo") is not None, username


def test_seed_demo_is_idempotent(seeded):
    counts = (get_user_model().objects.count(), Organisation.objects.count(), Engagement.objects.count())
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert counts == (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Engagement.objects.count(),
    )


def test_the_two_proponents_act_for_different_organisations(demo_data):
    users = get_user_model().objects
    assert users.get(username="proponent").organisation != users.get(username="proponent2").organisation


def test_groups_and_staff_flags(demo_data):
    users = get_user_model().objects
    director = users.get(username="director")
    assert set(director.groups.values_list("name", flat=True)) == {"Director", "Office staff"}
    assert director.is_staff and users.get(username="officer").is_staff
    assert not users.get(username="proponent").is_staff
    assert not users.get(username="minister").is_staff


def test_auditor2_contracted_with_proponents_organisation_since_commencement_s32_2(demo_data):
    users = get_user_model().objects
    organisation = users.get(username="proponent").organisation
    contract = Engagement.objects.get(
        auditor__user__username="auditor2", organisation=organisation, kind=Engagement.Kind.CONTRACT
    )
    assert contract.ended_on >= date(2008, 3, 12)  # s2 commencement
    assert not Engagement.objects.filter(auditor__user__username="auditor", organisation=organisation)


def test_demo_password_comes_from_the_environment(demo_data, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-password"
    call_command("seed_demo", "--no-applications", stdout=io.StringIO())
    assert authenticate(username="officer", password="another-demo-password") is not None
    assert authenticate(username="officer", password="greenhouse-demo") is None


def test_seed_demo_refuses_with_debug_off_unless_forced(demo_data, settings):
    # Running the seed resets every demo password, so a changed one shows whether it ran.
    officer = get_user_model().objects.get(username="officer")
    officer.set_password("changed-by-the-officer")
    officer.save()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DJANGO_DEBUG off"):
        call_command("seed_demo", "--no-applications", stdout=io.StringIO())
    assert authenticate(username="officer", password="changed-by-the-officer") is not None
    call_command("seed_demo", "--no-applications", "--force", stdout=io.StringIO())
    assert authenticate(username="officer", password="greenhouse-demo") is not None


def test_seed_demo_prints_every_login(demo_data, settings):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("seed_demo", "--no-applications", stdout=output)
    for username in DEMO_USERNAMES:
        assert f"  {username} " in output.getvalue()


# --- The demo applications (the whole seed, as `make run` runs it) ------------------------------


@pytest.fixture
def seeded(whole_demo, db):
    """The whole demo, applications included; each test's changes are rolled back after it."""


def _application_counts():
    from django.db.models import Count

    from assessments.models import Application, ApplicationEvent, Comment, Document

    by_state = dict(Application.objects.values_list("state").annotate(n=Count("pk")))
    return by_state, ApplicationEvent.objects.count(), Comment.objects.count(), Document.objects.count()


def test_seed_demo_creates_applications_in_many_states_through_the_services(seeded):
    from assessments.models import Application

    by_state, events, _, _ = _application_counts()
    assert len(by_state) >= 5
    assert {
        "draft",
        "lodged",
        "returned",
        "open_for_comment",
        "advice_given",
        "approved",
        "withdrawn",
    } <= set(by_state)
    # Walked there through the services: each application past draft has its events, in sequence.
    for application in Application.objects.exclude(state="draft"):
        sequence = list(application.events.order_by("sequence").values_list("sequence", "to_state"))
        assert [n for n, _ in sequence] == list(range(1, len(sequence) + 1))
        assert sequence[-1][1] == application.state
    assert events >= 20


def test_seed_demo_applications_are_idempotent(seeded):
    before = _application_counts()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert _application_counts() == before


def test_every_demo_applications_event_chain_is_intact(seeded):
    from assessments.models import Application

    for application in Application.objects.all():
        previous = ""
        events = list(application.events.order_by("sequence"))
        for event in events:
            assert event.hash == event.compute_hash(), (application.title, event.sequence)
            assert event.previous_hash == previous
            previous = event.hash
        assert application.log_head_hash == previous


def test_demo_applications_tell_the_demo_stories(seeded):
    from assessments.models import Application, IndependentAuditor

    southern_cross = Organisation.objects.get(name="Southern Cross Cement Pty Ltd")
    applications = Application.objects.filter(organisation=southern_cross)
    auditor2 = IndependentAuditor.objects.get(user__username="auditor2")
    assert not applications.filter(auditor=auditor2).exists()  # s32(2): never auditor2 for proponent
    screened = [a.screening["exceeds_threshold"] for a in Application.objects.exclude(screening=None)]
    assert True in screened and False in screened  # over and under the 50,000 t threshold
    open_one = applications.get(state="open_for_comment")
    assert list(open_one.comments.order_by("received_at").values_list("considered", flat=True)) == [
        True,
        False,
    ]
    returned = applications.get(state="returned")
    assert returned.amendment_requests.filter(answered_at=None).count() >= 1
    for application in Application.objects.filter(state__in=["comments_closed", "advice_given", "approved"]):
        assert application.closing_day < clock.legal_day(application.comments_closed_at)
    for document in applications.get(state="advice_given").documents.all():
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_the_demo_gia_pdf_names_the_proponent_with_its_formatted_abn(seeded):
    """A real PDF, read back as text (s31(2): the GIA is the proponent's document)."""
    from pypdf import PdfReader

    from assessments.models import Document

    gia = Document.objects.filter(
        kind="gia", application__organisation__name__startswith="Southern Cross"
    ).first()
    with gia.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    organisation = gia.application.organisation
    assert organisation.abn_formatted and f"ABN {organisation.abn_formatted}" in " ".join(text.split())


def test_every_decided_demo_application_has_its_decision_pdf(seeded):
    """s30: a demo application the Minister decided has its decision instrument, issued once."""
    from assessments.models import Application, Document

    decided = Application.objects.filter(state__in=["approved", "refused"])
    assert decided.exists()
    for application in decided:
        document = application.documents.get(kind=Document.Kind.DECISION)
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert (
            application.events.filter(transition="issue_decision", payload__sha256=document.sha256).count()
            == 1
        )
