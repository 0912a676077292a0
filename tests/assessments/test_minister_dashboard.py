"""The Minister's dashboard (s30, s34): the queue, the decision page, approve and refuse through the
acts, who gets in (the Minister only, with TOTP) and the log of every view."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.acts import APPLICATION_ACTS
from assessments.admin.transitions import office_acts
from assessments.models import Application, Comment, ImmutableEvent, MinisterialAccess, State
from greenhouse_office import clock
from greenhouse_office.roles import Role
from tests.assessments.conftest import _close
from tests.assessments.decision_support import copies
from tests.factories import UserFactory
from tests.session_queries import session_queries

pytestmark = pytest.mark.django_db

QUEUE = reverse("minister:queue")


def page(pk) -> str:
    return reverse("minister:application", args=[pk])


def decide_url(pk, name) -> str:
    return reverse("minister:decide", args=[pk, name])


@pytest.fixture
def minister(client, people):
    client.force_login(people.minister)
    return client


@pytest.fixture
def advised(make_application):
    return make_application(State.ADVICE_GIVEN)


def advised_days_ago(application, days):
    Application.objects.filter(pk=application.pk).update(
        advice_given_at=clock.legal_now() - timedelta(days=days)
    )


# --- The queue -----------------------------------------------------------------------------------


def test_queue_lists_advice_given_oldest_first_with_days_waited_and_recommendation(
    minister, make_application
):
    newer = make_application(State.ADVICE_GIVEN, title="Newer smelter")
    older = make_application(State.ADVICE_GIVEN, title="Older kiln")
    Application.objects.filter(pk=older.pk).update(recommendation="refuse")
    make_application(State.COMMENTS_CLOSED, title="Not yet advised")
    make_application(State.APPROVED, title="Already decided")
    advised_days_ago(newer, 1)
    advised_days_ago(older, 12)

    response = minister.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Older kiln") < html.index("Newer smelter")
    assert "12 days" in html and "1 day<" in html
    assert "Refuse" in html and "Approve" in html
    assert older.reference in html and older.organisation.name in html
    assert "Not yet advised" not in html and "Already decided" not in html


def test_queue_says_advice_given_today(minister, advised):
    assert "Advice given today" in minister.get(QUEUE).content.decode()


def test_queue_makes_the_same_number_of_queries_at_two_sizes(minister, advised):
    copies(advised, 2)
    with CaptureQueriesContext(connection) as few:
        assert minister.get(QUEUE).status_code == 200
    copies(advised, 40)  # more than a page
    with CaptureQueriesContext(connection) as many:
        response = minister.get(QUEUE)
    assert response.status_code == 200
    assert "Page 1 of 3" in response.content.decode()
    assert len(many) == len(few), [q["sql"] for q in many]
    # The session (none where Redis holds a copy), the Minister, their roles and TOTP (one query), the
    # count, the page, the access log.
    assert len(few) == session_queries() + 5, [q["sql"] for q in few]
    assert not [q for q in many if '"emission_profile"' in q["sql"]]  # the rows read only what they show


# --- The decision page -------------------------------------------------------------------------------


def test_decision_page_shows_the_proposal_screening_advice_report_evaluation_and_comments(
    minister, make_application, people
):
    application = make_application(State.OPEN_FOR_COMMENT, source_categories=["2.A"])
    comment = services.record_comment(
        application=application,
        actor=None,
        name="Pat Resident",
        email="pat@example.com",
        text="The kiln's dust reaches the school.",
        channel=Comment.Channel.WEB,
        consent_to_publish=True,
    )
    _close(application)
    comment.refresh_from_db()
    services.consider_comment(
        comment=comment, actor=people.officer, considered=True, response="Dust is controlled by condition 4."
    )
    services.give_advice(
        application=application,
        actor=people.officer,
        recommendation="approve",
        summary="Approve with dust controls.",
    )

    response = minister.get(page(application.pk))

    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        application.title,
        application.organisation.name,
        "Victoria",  # where, and affected
        "New South Wales",
        "Mineral products",  # the source category in Annex A's words
        "A third cement kiln.",
        "57,360",  # the largest 12-month total: 12 x (4,500 CO2 + 10 CH4 x 28, AR5 in force in 2027)
        "54,000",  # of it, CO2
        "3,360",  # of it, CH4
        "2027-01 to 2027-12",
        "In excess of the threshold",
        "CH4",
        "Approve with dust controls.",
        "Report on the comments (section 34(b))",
        "The action against the targets (section 8)",  # assessments.targets (s8, s30(d))
        "Dust is controlled by condition 4.",
        comment.reference,
        "The kiln&#x27;s dust reaches the school.",
        reverse("minister:advice-pdf", args=[application.pk]),
        reverse("minister:evaluation-pdf", args=[application.pk]),
        decide_url(application.pk, "approve"),
        decide_url(application.pk, "refuse"),
    ):
        assert expected in html, expected


def test_decision_page_makes_the_same_number_of_queries_at_two_sizes(minister, make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)
    services.record_comment(
        application=application,
        actor=None,
        name="Pat Resident",
        email="pat@example.com",
        text="Too much dust.",
        channel=Comment.Channel.WEB,
        consent_to_publish=True,
    )
    _close(application)
    services.consider_comment(
        comment=Comment.objects.get(application=application),
        actor=people.officer,
        considered=True,
        response="Dust is controlled by condition 4.",
    )
    services.give_advice(
        application=application, actor=people.officer, recommendation="approve", summary="Approve."
    )
    with CaptureQueriesContext(connection) as few:
        assert minister.get(page(application.pk)).status_code == 200
    first = Comment.objects.get(application=application)
    fields = {
        f.attname: getattr(first, f.attname) for f in Comment._meta.concrete_fields if not f.primary_key
    }
    Comment.objects.bulk_create(  # more than the page shows; test data only (comments are fixed by now)
        Comment(
            **{
                **fields,
                "reference": f"{first.reference}-{n}",
                "theme": f"Theme {n:02d}",  # each its own theme, and every other one late
                "on_time": n % 2 == 0,
                "response": f"Response {n}.",
            }
        )
        for n in range(60)
    )
    with CaptureQueriesContext(connection) as many:
        response = minister.get(page(application.pk))
    html = response.content.decode()
    assert "The first 20 of 61 comments" in html
    assert len(many) == len(few), [q["sql"] for q in many]
    # The report on the page is capped (the advice PDF has it all): 31 themes, 30 late comments.
    assert html.count("<h4>Theme ") + html.count("<h4>Other matters") == 20
    assert "11 more themes: the advice PDF has the whole report." in html
    assert "The first 20 of 30; the advice PDF lists all of them." in html


def test_the_minister_downloads_the_advice_and_the_evaluation_privately(minister, advised):
    for name in ("minister:advice-pdf", "minister:evaluation-pdf"):
        response = minister.get(reverse(name, args=[advised.pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_application_not_yet_advised_is_not_found(minister, make_application):
    closed = make_application(State.COMMENTS_CLOSED)
    assert minister.get(page(closed.pk)).status_code == 404
    assert minister.get(decide_url(closed.pk, "approve")).status_code == 404


# --- Approve or refuse (s30) ------------------------------------------------------------------------


def test_s30_approval_with_the_advice_considered_both_findings_and_reasons(minister, advised):
    response = minister.post(
        decide_url(advised.pk, "approve"),
        {
            "advice_considered": "on",
            "no_prudent_or_feasible_alternative": "on",
            "targets_not_prevented": "on",
            "reasons": "No other kiln site is feasible.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("minister:decided", args=[advised.pk])
    advised.refresh_from_db()
    assert advised.state == State.APPROVED
    assert (advised.advice_considered, advised.no_prudent_or_feasible_alternative) == (True, True)
    assert advised.targets_not_prevented is True
    assert advised.decision_reasons == "No other kiln site is feasible."
    assert advised.events.latest("sequence").transition == "approve"

    confirmation = minister.get(response["Location"]).content.decode()
    assert "You approved the action" in confirmation
    assert reverse("minister:decision-pdf", args=[advised.pk]) in confirmation
    pdf = minister.get(reverse("minister:decision-pdf", args=[advised.pk]))
    assert pdf.status_code == 200 and pdf["Cache-Control"] == "private, no-store"
    # The public register of decisions (s42(1)) shows it.
    assert advised.reference in minister.get(reverse("register:decisions")).content.decode()


def test_s30_c_approval_without_the_finding_is_refused_in_the_acts_words(minister, advised):
    response = minister.post(
        decide_url(advised.pk, "approve"),
        {"advice_considered": "on", "targets_not_prevented": "on", "reasons": "Approve."},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "s30(c): the Minister may approve only if satisfied there is no prudent or feasible" in html
    assert "s30(d)" not in html.split("<main")[1].split("<form")[0]
    advised.refresh_from_db()
    assert advised.state == State.ADVICE_GIVEN


def test_s30_approval_needs_the_advice_considered_and_reasons(minister, advised):
    response = minister.post(
        decide_url(advised.pk, "approve"),
        {"no_prudent_or_feasible_alternative": "on", "targets_not_prevented": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "s30: the Minister may approve only after considering the Greenhouse Office&#x27;s advice." in html
    assert "s30: give the reasons for the decision." in html


def test_s30_refusal_needs_reasons_and_no_findings(minister, advised):
    response = minister.post(decide_url(advised.pk, "refuse"), {})
    assert response.status_code == 400
    assert "s30: give the reasons for the decision." in response.content.decode()

    response = minister.post(
        decide_url(advised.pk, "refuse"), {"advice_considered": "on", "reasons": "Alternatives exist."}
    )

    assert response.status_code == 302
    advised.refresh_from_db()
    assert advised.state == State.REFUSED
    assert advised.advice_considered is True
    assert advised.no_prudent_or_feasible_alternative is None  # not found, so not recorded as found
    assert advised.targets_not_prevented is None
    assert "You refused the action" in minister.get(response["Location"]).content.decode()


def test_a_decided_application_cannot_be_decided_again(minister, make_application):
    decided = make_application(State.APPROVED)
    response = minister.get(decide_url(decided.pk, "refuse"))
    assert response.status_code == 409
    assert "This decision cannot be made now." in response.content.decode()
    assert "You <strong>approved</strong>" in minister.get(page(decided.pk)).content.decode()


def test_the_admin_does_not_offer_the_ministers_decision(advised, people):
    assert APPLICATION_ACTS["approve"].form is not None
    for person in (people.officer, people.director, people.minister):
        assert not {"approve", "refuse"} & {act.name for act in office_acts(advised, person)}


# --- Who gets in, and the log ---------------------------------------------------------------------------


OTHERS = ["proponent", "proponent2", "officer", "director", "auditor", "auditor2"]


@pytest.mark.parametrize("username", OTHERS)
def test_everyone_but_the_minister_gets_403(client, people, advised, username):
    client.force_login(getattr(people, username))
    for url in (QUEUE, page(advised.pk), decide_url(advised.pk, "approve")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "only the Minister decides" in response.content.decode()
    response = client.post(decide_url(advised.pk, "approve"), {"reasons": "x"})
    assert response.status_code == 403
    assert not MinisterialAccess.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_minister_without_totp_is_sent_to_set_it_up(client, demo_data):
    minister = UserFactory(roles=[Role.MINISTER])
    Authenticator.objects.filter(user=minister).delete()  # the factory sets one up, as the Office requires
    client.force_login(minister)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_every_view_of_the_dashboard_is_logged(minister, advised, people):
    minister.get(QUEUE)
    minister.get(page(advised.pk))
    minister.get(reverse("minister:advice-pdf", args=[advised.pk]))
    minister.get(page(999999))  # not found, still logged

    rows = list(MinisterialAccess.objects.order_by("pk"))
    assert [(row.path, row.application_id) for row in rows] == [
        (QUEUE, None),
        (page(advised.pk), advised.pk),
        (reverse("minister:advice-pdf", args=[advised.pk]), advised.pk),
        (page(999999), None),
    ]
    assert {row.user_id for row in rows} == {people.minister.pk}
    with pytest.raises(ImmutableEvent):
        rows[0].save()
    with pytest.raises(ImmutableEvent):
        rows[0].delete()


def test_office_staff_read_the_log_in_the_admin(people, minister, advised):
    minister.get(QUEUE)
    officer = Client()
    officer.force_login(people.officer)
    response = officer.get(reverse("admin:assessments_ministerialaccess_changelist"))
    assert response.status_code == 200
    assert QUEUE in response.content.decode()
