"""s42(1): decisions published on the assessment page and /decisions/; s42(2)-(4): withheld items
listed with their ground and never shown or downloadable; s35: the public list of directions."""

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.errors import AssessmentError
from assessments.models import Application, Document, State, WithheldInformation
from assessments.selectors import public_document
from assessments.views.register_context import REPORT_ENTRIES_PER_PAGE
from greenhouse_office import clock, statute
from tests.factories import published_comments

from .decision_support import ADVICE, REASONS, copies, decided_with_comments

pytestmark = pytest.mark.django_db


def page(application) -> str:
    response = Client().get(reverse("register:assessment", kwargs={"reference": application.reference}))
    assert response.status_code == 200
    return unescape(response.content.decode())


def queries(url) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def decided(make_application, people):
    return decided_with_comments(make_application, people)


def test_s42_1_the_assessment_page_publishes_the_outcome_findings_reasons_advice_and_report(decided):
    application, _ = decided
    html = page(application)
    assert "The Minister's decision (section 30)" in html
    assert "<strong>Approved</strong>" in html
    assert statute.format_day(clock.legal_day(application.decided_at)) in html
    assert html.count("<strong>Satisfied</strong>") == 2 and "<strong>Considered</strong>" in html
    assert "no prudent or feasible alternative to the action" in html
    assert REASONS in html
    assert ADVICE in html and "Approve" in html
    assert "Report on comments (s34(b))" in html
    assert reverse("register:decision-pdf", kwargs={"reference": application.reference}) in html
    assert "Information withheld" not in html  # nothing withheld: no such section


def test_s34_b_the_public_report_shows_comments_only_as_the_register_publishes_them(decided):
    application, comments = decided
    html = page(application)
    # The stored report (given to the Minister) quotes every on-time comment, with its maker's name.
    assert "Quinn Private" in application.comments_report
    assert "Quinn Private" not in html and "My private view" not in html
    assert f"{comments['private'].reference}, received" in html and "not published" in html
    assert "Considered the private comment." in html  # the Office's consideration is public
    assert "Pat Published" in html and "The kiln is welcome." in html
    assert "0400 000 000" not in html and "[removed: personal information]" in html


def test_s42_1_the_decision_pdf_is_public_after_the_decision_only(decided, make_application):
    application, _ = decided
    response = Client().get(reverse("register:decision-pdf", kwargs={"reference": application.reference}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert application.documents.filter(kind=Document.Kind.DECISION).count() == 1  # issued once, kept
    advised = make_application(State.ADVICE_GIVEN)
    for reference in (advised.reference, "GHO-99999", "nonsense"):
        url = reverse("register:decision-pdf", kwargs={"reference": reference})
        assert Client().get(url).status_code == 404


def test_no_decision_section_before_the_minister_decides(make_application):
    advised = make_application(State.ADVICE_GIVEN)
    html = page(advised)
    assert "decision-heading" not in html
    assert "Approve with conditions." not in html  # the advice waits for the decision (s42(1) here)


def test_s42_2_a_withheld_decision_pdf_is_listed_with_its_ground_and_not_downloadable(decided, people):
    application, _ = decided
    document = services.issue_decision(application=application)
    withheld = services.determine_withheld(
        application=application,
        item=document,
        ground="commercial_detriment",
        reasons="The detriment to the proponent's kiln tender outweighs the public interest in this case.",
        actor=people.minister,
    )
    notice = "Withheld under s42(3): the commercial detriment that may result from publishing it outweighs"
    html = page(application)
    assert notice in html
    assert "The Minister's decision (s30)" in html  # the item is named in the withheld list
    assert reverse("register:decision-pdf", kwargs={"reference": application.reference}) not in html
    url = reverse("register:decision-pdf", kwargs={"reference": application.reference})
    assert Client().get(url).status_code == 404
    listing = decisions_page()
    assert notice in listing and url not in listing
    document.refresh_from_db()
    assert document.withheld_under_s42 and document.withheld_reason == withheld.notice


def test_s42_2_a_withheld_gia_is_not_public_and_is_listed_as_withheld(decided, people):
    application, _ = decided
    gia = application.documents.get(kind=Document.Kind.GIA, superseded_at__isnull=True)
    assert public_document(application.pk, gia.pk) is not None
    services.determine_withheld(
        application=application,
        item=gia,
        ground="defence_or_security",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    assert public_document(application.pk, gia.pk) is None
    html = page(application)
    assert (
        "Greenhouse Impact Assessment</strong>: Withheld under s42(4): "
        "the defence or security of the Commonwealth" in html
    )


@pytest.mark.parametrize(
    ("item", "hidden", "notice"),
    [
        ("reasons", REASONS, "Withheld under s42(2): the Minister believes it is not in the public interest"),
        ("advice", ADVICE, "Withheld under s42(2): the Minister believes it is not in the public interest"),
        ("comments_report", "Considered the published comment.", "Withheld under s42(2)"),
    ],
)
def test_s42_2_a_withheld_item_is_not_shown_anywhere_and_says_why(decided, people, item, hidden, notice):
    application, _ = decided
    assert hidden in page(application)
    services.determine_withheld(
        application=application,
        item=item,
        ground="public_interest",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    html = page(application)
    assert hidden not in html and notice in html
    listing = decisions_page()
    assert hidden not in listing
    for extension in ("csv", "json"):
        url = reverse("register:open-data-download", kwargs={"register": "decisions", "extension": extension})
        body = b"".join(Client().get(url).streaming_content).decode()
        assert hidden not in body and notice in body


def test_s42_2_only_the_minister_determines_once_per_item_on_a_ground_of_the_act(
    decided, people, make_application
):
    application, _ = decided
    with pytest.raises(AssessmentError) as refused:
        services.determine_withheld(
            application=application,
            item="reasons",
            ground="public_interest",
            reasons="Publishing it now would not serve the public interest.",
            actor=people.officer,
        )
    assert refused.value.status == 403
    for item, ground in (
        ("reasons", "no_such_ground"),
        ("everything", "public_interest"),
        ("document", "public_interest"),
    ):
        with pytest.raises(AssessmentError) as refused:
            services.determine_withheld(
                application=application,
                item=item,
                ground=ground,
                reasons="Publishing it now would not serve the public interest.",
                actor=people.minister,
            )
        assert refused.value.status == 400
    other = make_application(State.OPEN_FOR_COMMENT).documents.first()
    with pytest.raises(AssessmentError):
        services.determine_withheld(
            application=application,
            item=other,
            ground="public_interest",
            reasons="Publishing it now would not serve the public interest.",
            actor=people.minister,
        )
    services.determine_withheld(
        application=application,
        item="reasons",
        ground="public_interest",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    with pytest.raises(AssessmentError) as refused:
        services.determine_withheld(
            application=application,
            item="reasons",
            ground="public_interest",
            reasons="Publishing it now would not serve the public interest.",
            actor=people.minister,
        )
    assert refused.value.status == 409
    assert WithheldInformation.objects.filter(application=application).count() == 1


def test_s42_2_a_determination_is_logged_in_the_applications_chain(decided, people):
    application, _ = decided
    withheld = services.determine_withheld(
        application=application,
        item="advice",
        ground="defence_or_security",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    event = application.events.latest("sequence")
    assert (event.transition, event.section, event.actor) == ("determine_withheld", "s42(4)", people.minister)
    assert event.payload == {
        "item": "advice",
        "document": None,
        "ground": "defence_or_security",
        "reasons": "Publishing it now would not serve the public interest.",
    }
    assert event.hash == event.compute_hash()
    application.refresh_from_db()
    assert application.log_head_hash == event.hash
    assert withheld.determined_at == event.at and withheld.determined_by == people.minister


# --- /decisions/ ------------------------------------------------------------------------------------


@pytest.fixture
def several(make_application, people):
    """Two real decisions (approved 2027, refused) and 23 copies: 25 in all."""
    approved, _ = decided_with_comments(make_application, people, title="Geelong kiln 3 expansion")
    refused, _ = decided_with_comments(make_application, people, approve=False, title="Port Kembla furnace")
    copies(approved, 23)
    Application.objects.filter(pk=refused.pk).update(decided_at=refused.decided_at - timedelta(days=400))
    refused.refresh_from_db()
    return approved, refused


def decisions_page(**query) -> str:
    response = Client().get(reverse("register:decisions"), query)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_decisions_register_is_paginated_newest_first(several):
    first = decisions_page()
    assert "25 decisions" in first and "Page 1 of 2" in first
    assert first.count('class="register-row"') == 20
    second = decisions_page(page=2)
    assert second.count('class="register-row"') == 5
    assert "Port Kembla furnace" in second  # decided a year earlier: last


def test_decisions_register_searches_title_and_proponent_and_filters_outcome_and_year(several):
    approved, refused = several
    assert "1 decision found" in decisions_page(q="kembla")
    proponent = approved.organisation.name
    assert "25 decisions found" in decisions_page(q=proponent[:12])
    refused_only = decisions_page(outcome="refused")
    assert "1 decision found" in refused_only and "Port Kembla furnace" in refused_only
    assert "24 decisions found" in decisions_page(outcome="approved")
    approved_year, refused_year = (clock.legal_day(a.decided_at).year for a in (approved, refused))
    assert approved_year != refused_year
    assert "24 decisions found" in decisions_page(year=approved_year)
    assert "1 decision found" in decisions_page(year=refused_year)
    refused_page = decisions_page(year=1999)
    assert "Select a valid choice" in refused_page  # reported, and otherwise ignored
    assert "25 decisions" in refused_page


def test_decisions_and_assessment_page_take_the_same_queries_with_5_and_50_decisions(
    make_application, people
):
    approved, _ = decided_with_comments(make_application, people)
    services.determine_withheld(
        application=approved,
        item="advice",
        ground="public_interest",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    copies(approved, 4)
    direct(people, "Kiln A.")
    urls = [
        reverse("register:decisions"),
        reverse("register:assessment", kwargs={"reference": approved.reference}),
        reverse("register:directions"),
    ]
    small = [queries(url) for url in urls]
    copies(approved, 45)
    for n in range(3):
        direct(people, f"Kiln {n}.")
    assert [queries(url) for url in urls] == small


def more_reported_comments(application, count: int) -> None:
    """``count`` more on-time comments, considered and published (test data: fixed by now in life)."""
    now = clock.legal_now()
    published_comments(
        application,
        count,
        reference=lambda n: f"C-R{application.pk:03d}{n:05d}",
        text=lambda n: f"Comment {n} on the kiln.",
        considered=True,
        considered_at=now,
        response=lambda n: f"Considered comment {n}.",
    )


def test_s34_b_the_public_report_is_paged_in_the_same_queries_with_3_and_63_comments(
    make_application, people
):
    few, _ = decided_with_comments(make_application, people)
    many, _ = decided_with_comments(make_application, people)
    more_reported_comments(many, 60)
    url = reverse("register:assessment", kwargs={"reference": many.reference})
    assert queries(url) == queries(reverse("register:assessment", kwargs={"reference": few.reference}))
    assert queries(f"{url}?report_page=2&page=2") == queries(url)

    first = page(many)
    assert "Considered comment 0." in first and f"Considered comment {REPORT_ENTRIES_PER_PAGE}." not in first
    assert f"Comments 1 to {REPORT_ENTRIES_PER_PAGE} of the 63 the report covers" in first
    assert 'href="?report_page=2#comments-report" rel="next">Next page of the report' in first
    assert "Report on comments (s34(b))" in first  # the stored report's first paragraph, on every page
    second = unescape(Client().get(f"{url}?report_page=2&page=2").content.decode())
    assert f"Considered comment {REPORT_ENTRIES_PER_PAGE - 3}." in second  # the 3 comments come first
    assert "Considered comment 0." not in second and "Report on comments (s34(b))" in second
    assert 'href="?report_page=1&page=2#comments-report" rel="prev"' in second  # each list keeps its page
    assert 'href="?report_page=2&page=1#published-comments" rel="prev"' in second


def direct(people, action):
    return services.direct_assessment(
        actor=people.minister,
        organisation=people.proponent.organisation,
        action=action,
        due_on=statute.legal_today() + timedelta(days=30),
    )


# --- /directions/ -----------------------------------------------------------------------------------


def test_s35_directions_are_public_with_their_status_and_nothing_private(make_application, people):
    organisation = people.proponent.organisation
    outstanding = services.direct_assessment(
        actor=people.minister,
        organisation=organisation,
        action="A fourth kiln.",
        due_on=statute.legal_today() + timedelta(days=60),
    )
    overdue = services.direct_assessment(
        actor=people.minister,
        organisation=organisation,
        action="A fifth kiln.",
        due_on=statute.legal_today() + timedelta(days=1),
    )
    type(overdue).objects.filter(pk=overdue.pk).update(due_on=statute.legal_today() - timedelta(days=1))
    html = unescape(Client().get(reverse("register:directions")).content.decode())
    assert organisation.name in html and "A fourth kiln." in html and "A fifth kiln." in html
    assert "Outstanding: no application lodged yet" in html
    assert "Overdue: no application lodged by the due date" in html
    assert f'datetime="{outstanding.due_on:%Y-%m-%d}"' in html
    minister = people.minister
    assert minister.email not in html and (minister.get_full_name() or "@") not in html
    for person in organisation.members.all():
        assert person.email not in html


def test_public_pages_are_cacheable_only_for_those_not_signed_in(people):
    for name in ("register:decisions", "register:directions", "register:open-data"):
        assert Client().get(reverse(name))["Cache-Control"] == "public, max-age=300"
        client = Client()
        client.force_login(people.proponent)
        assert client.get(reverse(name))["Cache-Control"] == "private"


def test_s42_2_office_staff_read_determinations_in_the_admin_and_cannot_change_them(decided, people):
    application, _ = decided
    withheld = services.determine_withheld(
        application=application,
        item="reasons",
        ground="public_interest",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    client = Client()
    client.force_login(people.officer)
    listing = client.get(reverse("admin:assessments_withheldinformation_changelist"))
    assert listing.status_code == 200 and application.title in listing.content.decode()
    change = client.get(reverse("admin:assessments_withheldinformation_change", args=[withheld.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()  # read-only: nothing to save
    assert client.get(reverse("admin:assessments_withheldinformation_add")).status_code == 403
    assert (
        client.post(reverse("admin:assessments_withheldinformation_delete", args=[withheld.pk])).status_code
        == 403
    )
